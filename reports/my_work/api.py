"""My work through the API: what waits on the person, grouped by kind, with links to act."""

from __future__ import annotations

from typing import Any

from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import error_responses

from .selectors import my_work_for


class WorkItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    program = serializers.CharField(source="program_code")
    program_name = serializers.CharField()
    title = serializers.CharField()
    action = serializers.CharField(help_text="What to do: “Sign for the provider”.")
    url = serializers.CharField(help_text="The portal page where it is done.")
    due = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()


class WorkGroupSerializer(serializers.Serializer):
    kind = serializers.CharField()
    heading = serializers.CharField()
    items = WorkItemSerializer(many=True)


class MyWorkSerializer(serializers.Serializer):
    today = serializers.DateField()
    total = serializers.IntegerField()
    overdue = serializers.IntegerField()
    groups = WorkGroupSerializer(many=True)


class MyWorkView(APIView):
    @extend_schema(
        operation_id="my_work_retrieve",
        summary="What waits on you across all your programs",
        description="The same items as the My work page, grouped by kind.",
        responses={200: MyWorkSerializer, **error_responses()},
        tags=["my work"],
    )
    def get(self, request: Request) -> Response:
        user: Any = request.user
        work = my_work_for(user=user)
        data = {
            "today": work.today,
            "total": work.total,
            "overdue": work.overdue,
            "groups": [
                {
                    "kind": g.kind,
                    "heading": g.heading,
                    "items": [{**vars(i), "overdue": i.overdue(work.today)} for i in g.items],
                }
                for g in work.groups
            ],
        }
        return Response(MyWorkSerializer(data).data)


urlpatterns = [path("my-work/", MyWorkView.as_view(), name="api-my-work")]
