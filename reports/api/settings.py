"""How a program reports, in the API: GET and PUT /api/programs/{code}/reports/settings/,
for the Program Managers and PMO Leads of the customer and the provider (a 404 for everyone
else, as on the settings page), written through the settings service with its rules."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import enum_field, error_responses
from programs.api.base import PROGRAM_CODE, visible_program
from programs.conditional import ConditionalGetMixin
from programs.errors import DomainError
from programs.models import Membership, Program

from .. import selectors
from ..choices import PeriodLength
from ..models import ReportSettings
from ..rules import may_build
from ..services.report_settings import IDENTIFIERS, MAX_OUTSIDE, report_settings_update

TAGS = ["Status reports"]


class ReportSettingsSerializer(serializers.Serializer):
    """The settings, each field named (the model may grow fields this API does not take)."""

    period_length = enum_field(PeriodLength)
    due_business_day = serializers.IntegerField(
        min_value=1, max_value=20, help_text="The business day after the period ends."
    )
    distribution_members = serializers.ListField(
        child=serializers.IntegerField(),
        allow_empty=True,
        help_text="The ids of the program's memberships that receive the released report.",
    )
    outside_emails = serializers.ListField(
        child=serializers.CharField(allow_blank=True, max_length=254),
        allow_empty=True,
        max_length=MAX_OUTSIDE * 2,
        help_text=f"Outside email addresses (at most {MAX_OUTSIDE}).",
    )
    agency_code = serializers.CharField(required=False, allow_blank=True, max_length=10)
    agency_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    current_uii = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text="The investment's UII: three digits, a hyphen, nine digits (023-000001234).",
    )
    investment_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    project_id = serializers.CharField(required=False, allow_blank=True, max_length=40)
    agency_project_id = serializers.CharField(required=False, allow_blank=True, max_length=40)
    project_goal = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    updated_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="None while the program has the defaults."
    )

    @staticmethod
    def of(found: ReportSettings) -> dict[str, Any]:
        saved = found.pk is not None
        return {
            "period_length": found.period_length,
            "due_business_day": found.due_business_day,
            "distribution_members": (
                sorted(m.pk for m in found.distribution_members.all()) if saved else []
            ),
            "outside_emails": list(found.outside_emails),
            **{name: getattr(found, name) for name in IDENTIFIERS},
            "updated_at": found.updated_at if saved else None,
        }


def _setter_program(request: Request, code: str) -> Program:
    program = visible_program(request, code)
    if not may_build(request.user, program):
        raise Http404
    return program


def _answer(program: Program) -> Response:
    found = selectors.settings_of(program)
    return Response(ReportSettingsSerializer(ReportSettingsSerializer.of(found)).data)


@extend_schema(parameters=[PROGRAM_CODE], tags=TAGS)
class ReportSettingsView(ConditionalGetMixin, APIView):
    @extend_schema(
        summary="How the program reports",
        description="Its Program Managers and PMO Leads of the customer and the provider; the "
        "defaults when never set.",
        responses={200: ReportSettingsSerializer, **error_responses(404)},
    )
    def get(self, request: Request, code: str) -> Response:
        return _answer(_setter_program(request, code))

    @extend_schema(
        summary="Set how the program reports",
        description="Every field is given but the IT Dashboard's identifiers (agency code "
        "and name, UII, investment name, project ids and goal), which stay as they are when "
        "left out. The period length is fixed once a report has been "
        "built; the members are of this program; each outside address must be an email "
        "address (a refusal names it, nothing changed).",
        request=ReportSettingsSerializer,
        responses={200: ReportSettingsSerializer, **error_responses(400, 404)},
    )
    def put(self, request: Request, code: str) -> Response:
        program = _setter_program(request, code)
        found = selectors.settings_of(program)
        payload = ReportSettingsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        ids = set(data["distribution_members"])
        members = list(Membership.objects.filter(pk__in=ids))
        if len(members) != len(ids):
            raise DomainError(
                "The distribution list names members of this program only; "
                f"{', '.join(str(i) for i in sorted(ids - {m.pk for m in members}))} is none.",
                field="distribution_members",
            )
        report_settings_update(
            acting_user=cast(User, request.user),
            program=program,
            period_length=data["period_length"],
            due_business_day=data["due_business_day"],
            members=members,
            outside_emails=data["outside_emails"],
            identifiers={
                name: data.get(name, getattr(found, name)) for name in IDENTIFIERS
            },  # the IT Dashboard's identifiers not given stay as they are
        )
        return _answer(program)
