"""The governance API under /api/programs/{code}/governance/: the program's joint bodies and
their meetings, and the decisions and actions a meeting records in the RAID log. Reads start
from ``policy.restrict``; writes call ``pmp.services.governance``, whose refusals answer 400
with the field and the rule; a write by someone who may not change them answers 404."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from pmo_portal.api import enum_field, error_responses
from programs import limits
from programs.api.base import PROGRAM_CODE, ProgramScopedViewSet
from programs.api.serializers import MemberSummarySerializer
from programs.choices import OwningParty
from programs.models import Membership

from ..choices import RaidKind, RaidStatus
from ..models import Cadence, GovernanceBody, Meeting, MeetingStatus, RaidItem
from ..services import governance as gov
from ..services import governance_raid as records

MEMBER_IDS = "Membership ids of this program."
OWNER_PARTY_HELP = "`customer`, `provider` or `shared`."


def _user(request: Request) -> User:
    return cast(User, request.user)


def _member_ids(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1), max_length=500, help_text=MEMBER_IDS, **kwargs
    )


# -- serializers ----------------------------------------------------------------------------


class GovernanceBodySerializer(serializers.ModelSerializer[GovernanceBody]):
    cadence = enum_field(Cadence, read_only=True)
    chair = MemberSummarySerializer(read_only=True, allow_null=True)
    members = MemberSummarySerializer(many=True, read_only=True)

    class Meta:
        model = GovernanceBody
        fields = ["id", "name", "purpose", "cadence", "chair", "members", "position"]
        read_only_fields = fields


class GovernanceBodyWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=gov.MAX_NAME_LENGTH)
    purpose = serializers.CharField(
        required=False, allow_blank=True, max_length=gov.MAX_PURPOSE_LENGTH, default=""
    )
    cadence = enum_field(Cadence)
    chair = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A membership id, or null."
    )
    members = _member_ids(required=False, default=list)


class RaidRecordSerializer(serializers.ModelSerializer[RaidItem]):
    """A decision or action recorded in a meeting, as the RAID log holds it."""

    reference = serializers.CharField(read_only=True)
    kind = enum_field(RaidKind, read_only=True)
    status = enum_field(RaidStatus, read_only=True)
    owner = MemberSummarySerializer(read_only=True, allow_null=True)
    owner_party = serializers.CharField(read_only=True, help_text=OWNER_PARTY_HELP)

    class Meta:
        model = RaidItem
        fields = [
            "id",
            "reference",
            "kind",
            "status",
            "title",
            "description",
            "owner",
            "owner_party",
            "due_on",
            "decision",
            "decided_by",
            "decided_on",
            "rationale",
        ]
        read_only_fields = fields


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    body_name = serializers.CharField(source="body.name", read_only=True)
    status = enum_field(MeetingStatus, read_only=True)
    attendees = MemberSummarySerializer(many=True, read_only=True)
    records = RaidRecordSerializer(
        source="raid_items",
        many=True,
        read_only=True,
        help_text="The decisions and actions recorded in the meeting (RAID log items).",
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "body",
            "body_name",
            "starts_at",
            "duration_minutes",
            "location",
            "status",
            "attendees",
            "agenda",
            "minutes",
            "records",
        ]
        read_only_fields = fields


class MeetingWriteSerializer(serializers.Serializer):
    body = serializers.IntegerField(
        min_value=1, required=False, help_text="The governance body's id (creating only)."
    )
    starts_at = serializers.DateTimeField(help_text="Within the program's date range.")
    duration_minutes = serializers.IntegerField(
        min_value=1, max_value=gov.MAX_DURATION_MINUTES, default=60
    )
    location = serializers.CharField(
        required=False, allow_blank=True, max_length=gov.MAX_LOCATION_LENGTH, default=""
    )
    status = enum_field(MeetingStatus, required=False, default=MeetingStatus.PLANNED)
    attendees = _member_ids(required=False, default=list)
    agenda = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=gov.MAX_MINUTES_LENGTH,
        default=None,
        help_text="Markdown. Left out when creating, it starts with the program's open "
        "actions and the risks due for review by the meeting's date.",
    )
    minutes = serializers.CharField(
        required=False, allow_blank=True, max_length=gov.MAX_MINUTES_LENGTH, default=""
    )


class DecisionSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH)
    decision = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)
    decided_by = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Who decided; the meeting's body when left out. Never blank.",
    )
    rationale = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_TEXT_LENGTH, default=""
    )
    owner_party = serializers.CharField(
        max_length=16, default=OwningParty.SHARED, help_text=OWNER_PARTY_HELP
    )


class ActionSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH)
    due_on = serializers.DateField(
        validators=limits.date_validators(),
        help_text=limits.date_help("On or after the meeting's date."),
    )
    owner = serializers.IntegerField(help_text="The membership id of the action's owner.")
    description = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_TEXT_LENGTH, default=""
    )
    owner_party = serializers.CharField(
        max_length=16, default=OwningParty.SHARED, help_text=OWNER_PARTY_HELP
    )


# -- viewsets -------------------------------------------------------------------------------


def _members() -> QuerySet[Membership]:
    return Membership.objects.select_related("user")


@extend_schema(parameters=[PROGRAM_CODE], tags=["Governance"])
@extend_schema_view(
    list=extend_schema(
        summary="The program's governance bodies",
        responses={200: GovernanceBodySerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A governance body",
        responses={200: GovernanceBodySerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Add a governance body",
        description="Editors of either party. Chair and members are members of the program.",
        request=GovernanceBodyWriteSerializer,
        responses={201: GovernanceBodySerializer, **error_responses(400, 404)},
    ),
    update=extend_schema(
        summary="Change a governance body",
        request=GovernanceBodyWriteSerializer,
        responses={200: GovernanceBodySerializer, **error_responses(400, 404)},
    ),
    destroy=extend_schema(
        summary="Remove a governance body without meetings",
        responses={204: None, **error_responses(400, 404)},
    ),
)
class GovernanceBodyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet[GovernanceBody]
):
    queryset = GovernanceBody.objects.select_related("chair__user").prefetch_related(
        Prefetch("members", queryset=_members())
    )
    serializer_class = GovernanceBodySerializer
    http_method_names = ["get", "post", "put", "delete", "head", "options"]
    policy_actions = {"set_up": "change"}

    def _answer(self, body: GovernanceBody, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.queryset.get(pk=body.pk)).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(GovernanceBody(program=self.program))
        payload = GovernanceBodyWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        body = gov.body_create(
            acting_user=_user(request), program=self.program, **payload.validated_data
        )
        return self._answer(body, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = self.get_object()
        payload = GovernanceBodyWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        gov.body_update(acting_user=_user(request), body=body, **payload.validated_data)
        return self._answer(body)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        gov.body_delete(acting_user=_user(request), body=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Set up the bodies from the approved PMO role agreement",
        description="From its governance bodies table, or without an approved agreement the "
        "joint bodies every agreement starts from. Bodies the program has by name stay.",
        request=None,
        responses={200: GovernanceBodySerializer(many=True), **error_responses(404)},
    )
    @action(detail=False, methods=["post"], url_path="set-up")
    def set_up(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(GovernanceBody(program=self.program))
        gov.bodies_seed(acting_user=_user(request), program=self.program)
        rows = self.queryset.filter(program=self.program)
        return Response(self.get_serializer(rows, many=True).data)


_RECORD_RESPONSES = {201: RaidRecordSerializer, **error_responses(400, 404)}


@extend_schema(parameters=[PROGRAM_CODE], tags=["Governance"])
@extend_schema_view(
    list=extend_schema(
        summary="The program's governance meetings, latest first",
        responses={200: MeetingSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A meeting with its agenda, minutes, decisions and actions",
        responses={200: MeetingSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Plan or record a meeting",
        description="Editors of either party. Attendees are members of the program.",
        request=MeetingWriteSerializer,
        responses={201: MeetingSerializer, **error_responses(400, 404)},
    ),
    update=extend_schema(
        summary="Change a meeting: its date, attendees, agenda, minutes, status",
        request=MeetingWriteSerializer,
        responses={200: MeetingSerializer, **error_responses(400, 404)},
    ),
    destroy=extend_schema(
        summary="Remove a planned meeting", responses={204: None, **error_responses(400, 404)}
    ),
)
class MeetingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet[Meeting]
):
    queryset = Meeting.objects.select_related("body").prefetch_related(
        Prefetch("attendees", queryset=_members()),
        Prefetch("raid_items", queryset=RaidItem.objects.select_related("owner__user")),
    )
    serializer_class = MeetingSerializer
    http_method_names = ["get", "post", "put", "delete", "head", "options"]
    policy_actions = {"decision": "change", "action_item": "change"}

    def _answer(self, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.queryset.get(pk=meeting.pk)).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(Meeting(program=self.program))
        payload = MeetingWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        if "body" not in values:
            raise serializers.ValidationError({"body": ["A meeting is of a governance body."]})
        meeting = gov.meeting_create(acting_user=_user(request), program=self.program, **values)
        return self._answer(meeting, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self.get_object()
        payload = MeetingWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        values = dict(payload.validated_data)
        values.pop("body", None)
        values["agenda"] = values["agenda"] or ""
        gov.meeting_update(acting_user=_user(request), meeting=meeting, **values)
        return self._answer(meeting)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        gov.meeting_delete(acting_user=_user(request), meeting=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Record a decision of the meeting in the RAID log",
        description="A Decision item, decided on the meeting's date by its body (or "
        "`decided_by`), linked to the meeting.",
        request=DecisionSerializer,
        responses=_RECORD_RESPONSES,
    )
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self.get_object()
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = records.meeting_record_decision(
            acting_user=_user(request), meeting=meeting, **payload.validated_data
        )
        return Response(RaidRecordSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record an action of the meeting in the RAID log",
        description="An Action item, source `meeting`, due on or after the meeting's date, "
        "linked to the meeting.",
        request=ActionSerializer,
        responses=_RECORD_RESPONSES,
    )
    @action(detail=True, methods=["post"], url_path="action")
    def action_item(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        meeting = self.get_object()
        payload = ActionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        item = records.meeting_record_action(
            acting_user=_user(request), meeting=meeting, **payload.validated_data
        )
        return Response(RaidRecordSerializer(item).data, status=status.HTTP_201_CREATED)
