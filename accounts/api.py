"""The token endpoint: a new API token from a username and password. django-axes watches the
attempts: past the failure limit the middleware answers 429 with code ``login_locked``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import ErrorSerializer

from . import services


class ObtainTokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    name = serializers.CharField(
        max_length=100,
        required=False,
        help_text="What will use the token, shown on the owner's “Your API tokens” page.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        request: Request = self.context["request"]
        # The Django request, not DRF's wrapper: axes marks it when the attempt is locked out.
        user = authenticate(
            request._request, username=attrs["username"], password=attrs["password"]
        )
        if user is None or not user.is_active:
            raise serializers.ValidationError(
                "Unable to log in with provided credentials.", code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send it as `Authorization: Token <token>` on every request. Shown only "
        "this once: the portal keeps a hash of it."
    )
    expiry = serializers.DateTimeField(allow_null=True, help_text="When the token stops working.")
    name = serializers.CharField()


class ObtainTokenView(APIView):
    """A new API token of a portal user, from their username and password."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="auth_token_create",
        summary="Obtain an API token",
        description="Each call creates a new token, which expires after the portal's token "
        "lifetime (90 days unless configured otherwise). The owner sees and revokes their "
        "tokens on the “Your API tokens” page; a password change revokes them all.",
        request=ObtainTokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description="Missing fields, or no active user with these credentials (`invalid`).",
            ),
            429: OpenApiResponse(
                ErrorSerializer,
                description="Too many failed sign-in attempts for this username or from this "
                "address (`login_locked`), or too many requests (`throttled`); `Retry-After` "
                "says how many seconds to wait.",
            ),
        },
        auth=[],
        tags=["auth"],
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ObtainTokenRequestSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        token, secret = services.api_token_create(
            acting_user=data["user"], name=data.get("name") or "Obtained through the API"
        )
        return Response(
            TokenSerializer({"token": secret, "expiry": token.expiry, "name": token.name}).data
        )
