"""The person's notifications through the API: list (optionally unread only), mark one or all
read. Another person's notification is not found (404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import enum_field, error_responses

from ..models import Notification, NotificationDelivery
from .selectors import notification_get, notifications_for, unread_count
from .services import notification_mark_read, notifications_mark_all_read

NOTIFICATION_ID = OpenApiParameter(
    "notification_id", int, OpenApiParameter.PATH, description="The notification's id."
)
UNREAD = OpenApiParameter(
    "unread", bool, OpenApiParameter.QUERY, required=False, description="Only unread ones."
)


class NotificationSerializer(serializers.ModelSerializer[Notification]):
    program: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    delivery = enum_field(NotificationDelivery)
    read = serializers.BooleanField(source="is_read")

    class Meta:
        model = Notification
        fields = ["id", "kind", "program", "title", "link", "delivery", "created_at", "read"]


class CountSerializer(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were marked read.")


class NotificationListView(generics.ListAPIView[Notification]):
    serializer_class = NotificationSerializer
    filter_backends: list[Any] = []

    @extend_schema(
        operation_id="notification_list",
        summary="Your notifications, newest first",
        parameters=[UNREAD],
        responses={200: NotificationSerializer(many=True), **error_responses()},
        tags=["notifications"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Notification]:
        rows = notifications_for(user=self.request.user)
        if self.request.query_params.get("unread") in ("1", "true", "True"):
            rows = rows.filter(read_at__isnull=True)
        return rows


class NotificationCountView(APIView):
    @extend_schema(
        operation_id="notification_unread_count",
        summary="How many of your notifications are unread (the bell)",
        responses={200: CountSerializer, **error_responses()},
        tags=["notifications"],
    )
    def get(self, request: Request) -> Response:
        return Response({"unread": unread_count(user=request.user)})


class NotificationReadView(APIView):
    @extend_schema(
        operation_id="notification_mark_read",
        summary="Mark one of your notifications read",
        parameters=[NOTIFICATION_ID],
        request=None,
        responses={200: NotificationSerializer, **error_responses(404)},
        tags=["notifications"],
    )
    def post(self, request: Request, notification_id: int) -> Response:
        notification = notification_get(user=request.user, pk=notification_id)
        if notification is None:
            raise Http404
        user: Any = request.user
        notification_mark_read(acting_user=user, notification=notification)
        return Response(NotificationSerializer(notification).data)


class NotificationReadAllView(APIView):
    @extend_schema(
        operation_id="notification_mark_all_read",
        summary="Mark all your notifications read",
        request=None,
        responses={200: MarkedSerializer, **error_responses()},
        tags=["notifications"],
    )
    def post(self, request: Request) -> Response:
        user: Any = request.user
        return Response({"marked": notifications_mark_all_read(acting_user=user)})


urlpatterns = [
    path("notifications/", NotificationListView.as_view(), name="api-notifications"),
    path(
        "notifications/unread-count/",
        NotificationCountView.as_view(),
        name="api-notifications-count",
    ),
    path(
        "notifications/read-all/",
        NotificationReadAllView.as_view(),
        name="api-notifications-read-all",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        NotificationReadView.as_view(),
        name="api-notification-read",
    ),
]
