"""The communications plan API under /api/programs/{code}/communications/: its items with
the computed next due date and an ``overdue`` flag (the dashboards read it), marking an item
done, and the times each was done. Reads start from ``policy.restrict``; writes call
``pmp.services.communications``, whose refusals answer 400 with the field and the rule."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import enum_field, error_responses
from programs import limits
from programs.api.base import PROGRAM_CODE, ProgramScopedViewSet
from programs.api.serializers import MemberSummarySerializer

from ..models import Channel, CommunicationDelivery, CommunicationItem, Frequency
from ..models.communications import COMMUNICATION_OWNERS
from ..services import communications as comms


def _user(request: Request) -> User:
    return cast(User, request.user)


class CommunicationItemSerializer(serializers.ModelSerializer[CommunicationItem]):
    channel = enum_field(Channel, read_only=True)
    frequency = enum_field(Frequency, read_only=True)
    owner = MemberSummarySerializer(read_only=True, allow_null=True)
    owner_party = serializers.CharField(
        read_only=True, help_text="`customer`, `provider` or `shared`."
    )
    overdue = serializers.SerializerMethodField(help_text="True when the next due date has passed.")

    class Meta:
        model = CommunicationItem
        fields = [
            "id",
            "title",
            "audience",
            "purpose",
            "channel",
            "frequency",
            "owner",
            "owner_party",
            "starts_on",
            "last_done_on",
            "next_due_on",
            "overdue",
        ]
        read_only_fields = fields

    def get_overdue(self, item: CommunicationItem) -> bool:
        return item.is_overdue(self.context.get("today") or limits.today())


class CommunicationItemWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH, help_text="What.")
    audience = serializers.CharField(max_length=comms.MAX_AUDIENCE_LENGTH)
    purpose = serializers.CharField(
        required=False, allow_blank=True, max_length=comms.MAX_PURPOSE_LENGTH, default=""
    )
    channel = serializers.CharField(max_length=16, help_text=f"One of {', '.join(Channel.values)}.")
    frequency = serializers.CharField(
        max_length=16, help_text=f"One of {', '.join(Frequency.values)}."
    )
    owner = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A membership id, or null."
    )
    owner_party = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        default="",
        help_text=f"One of {', '.join(v for v, _ in COMMUNICATION_OWNERS)}; left out, the "
        "owner's party (shared without an owner of the customer or the provider).",
    )
    starts_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=limits.date_validators(),
        help_text=limits.date_help("When it is due before it is first done."),
    )
    last_done_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=limits.date_validators(),
        help_text=limits.date_help("Not in the future."),
    )


class DoneSerializer(serializers.Serializer):
    done_on = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        validators=limits.date_validators(),
        help_text=limits.date_help("Today when left out; not in the future."),
    )
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=comms.MAX_NOTE_LENGTH, default=""
    )


class DeliverySerializer(serializers.ModelSerializer[CommunicationDelivery]):
    recorded_by_party = serializers.CharField(
        read_only=True, help_text="`customer`, `provider` or `independent`; blank if unknown."
    )

    class Meta:
        model = CommunicationDelivery
        fields = ["id", "done_on", "note", "recorded_by_name", "recorded_by_party", "recorded_at"]
        read_only_fields = fields


@extend_schema(parameters=[PROGRAM_CODE], tags=["Communications plan"])
@extend_schema_view(
    list=extend_schema(
        summary="The communications plan, soonest due first",
        responses={200: CommunicationItemSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="An item of the communications plan",
        responses={200: CommunicationItemSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Add an item to the plan",
        description="Editors of either party. The next due date is computed.",
        request=CommunicationItemWriteSerializer,
        responses={201: CommunicationItemSerializer, **error_responses(400, 404)},
    ),
    update=extend_schema(
        summary="Change an item of the plan",
        request=CommunicationItemWriteSerializer,
        responses={200: CommunicationItemSerializer, **error_responses(400, 404)},
    ),
    destroy=extend_schema(
        summary="Remove an item of the plan", responses={204: None, **error_responses(404)}
    ),
)
class CommunicationItemViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet[CommunicationItem]
):
    queryset = CommunicationItem.objects.select_related("owner__user")
    serializer_class = CommunicationItemSerializer
    http_method_names = ["get", "post", "put", "delete", "head", "options"]
    policy_actions = {"done": "change"}

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": limits.today()}

    def _answer(self, item: CommunicationItem, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.queryset.get(pk=item.pk)).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(CommunicationItem(program=self.program))
        payload = CommunicationItemWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = comms.item_create(
            acting_user=_user(request), program=self.program, **payload.validated_data
        )
        return self._answer(item, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        payload = CommunicationItemWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comms.item_update(acting_user=_user(request), item=item, **payload.validated_data)
        return self._answer(item)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        comms.item_delete(acting_user=_user(request), item=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Record that an item was done",
        description="Records when and by whom, and moves the next due date on.",
        request=DoneSerializer,
        responses={200: CommunicationItemSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def done(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        payload = DoneSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comms.item_mark_done(acting_user=_user(request), item=item, **payload.validated_data)
        return self._answer(item)

    @extend_schema(
        summary="The times an item was done, latest first",
        responses={200: DeliverySerializer(many=True), **error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        item = self.get_object()
        return Response(DeliverySerializer(item.deliveries.all(), many=True).data)
