"""The SME MOU and session API under /api/programs/{code}/raci/: MOUs with their signing
requirements and attendance, sessions with who attended, and attendance against commitment.
Reads start from ``policy.restrict``; writes call ``raci.services.mou``."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pmo_portal.api import enum_field, error_responses
from programs import limits, policy
from programs.api.base import PROGRAM_CODE, ProgramScopedViewSet, visible_program
from programs.api.documents.serializers import SigningRequirementSerializer
from programs.api.idempotency import IDEMPOTENCY_KEY, create_once
from programs.api.serializers import MemberSummarySerializer, ProgramMemberField
from programs.choices import DocumentStatus, OwningParty, Party
from programs.conditional import ConditionalGetMixin
from programs.errors import ErrorCode
from programs.models import Document, Program
from programs.services.documents import signing_requirements

from ..models.sessions import Session, SessionAttendance, SessionKind
from ..selectors import mou as selectors_mou
from ..services import mou as mou_services


def _user(request: Request) -> User:
    return cast(User, request.user)


# -- serializers ----------------------------------------------------------------------------


class MouVersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    status = enum_field(DocumentStatus)


class SmeAttendanceSerializer(serializers.Serializer):
    member = serializers.IntegerField(help_text="The SME's membership id.")
    username = serializers.CharField()
    name = serializers.CharField()
    party = enum_field(Party)
    mou = serializers.IntegerField(allow_null=True, help_text="The MOU's id; null: no MOU.")
    mou_version = MouVersionSerializer(
        allow_null=True, help_text="The version read: the approved one, else the open one."
    )
    period_start = serializers.DateField(allow_null=True)
    period_end = serializers.DateField(allow_null=True)
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    sessions_per_month = serializers.IntegerField(help_text="Committed in the MOU, all types.")
    committed = serializers.IntegerField(
        help_text="Sessions committed so far: per month times the months elapsed of the period."
    )
    invited = serializers.IntegerField(
        help_text="Sessions held in the period they were invited to."
    )
    attended = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="Attended / invited.")
    minimum_rate = serializers.FloatField(help_text="PMO_SME_ATTENDANCE_MIN.")
    flagged = serializers.BooleanField(
        help_text="Below the minimum rate, or fewer attended than committed so far."
    )
    flag = serializers.CharField(help_text="Why, in words; empty when not flagged.")
    summary = serializers.CharField()


class MouSerializer(serializers.ModelSerializer[Document]):
    sme = MemberSummarySerializer(source="subject", read_only=True, allow_null=True)
    owning_party = enum_field(OwningParty, read_only=True)
    approved_version = serializers.SerializerMethodField()
    open_version = serializers.SerializerMethodField()
    signing_requirements = serializers.SerializerMethodField(
        help_text="Who signs the open version (else the approved one), met or not."
    )
    attendance = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "title",
            "sme",
            "owning_party",
            "created_at",
            "approved_version",
            "open_version",
            "signing_requirements",
            "attendance",
        ]
        read_only_fields = fields

    def _versions(self, document: Document) -> tuple[Any, Any]:
        return selectors_mou.mou_versions(document)

    @extend_schema_field(MouVersionSerializer(allow_null=True))
    def get_approved_version(self, document: Document) -> Any:
        version = self._versions(document)[0]
        return MouVersionSerializer(version).data if version else None

    @extend_schema_field(MouVersionSerializer(allow_null=True))
    def get_open_version(self, document: Document) -> Any:
        version = self._versions(document)[1]
        return MouVersionSerializer(version).data if version else None

    @extend_schema_field(SigningRequirementSerializer(many=True))
    def get_signing_requirements(self, document: Document) -> Any:
        """The versioned documents' own list: each named signer, then the party's signatory."""
        approved, open_ = self._versions(document)
        version = open_ or approved
        if version is None:
            return []
        usernames = {n.user_id: n.user.get_username() for n in document.named_signers.all()}
        return SigningRequirementSerializer(
            signing_requirements(version), many=True, context={"usernames": usernames}
        ).data

    @extend_schema_field(SmeAttendanceSerializer(allow_null=True))
    def get_attendance(self, document: Document) -> Any:
        by_member = self.context.get("attendance") or {}
        row = by_member.get(document.subject_id)
        return SmeAttendanceSerializer(row.as_dict()).data if row else None


class MouCreateSerializer(serializers.Serializer):
    sme = ProgramMemberField(help_text="The membership id of an SME of this program.")
    other_pm = ProgramMemberField(
        required=False,
        allow_null=True,
        help_text="The membership id of a Program Manager of the other party, who signs; "
        "by default the first of them.",
    )
    content = serializers.JSONField(
        required=False,
        help_text="The first draft's content: sections, fields (hours_per_week, period_start, "
        "period_end, supervisor_name, supervisor_title) and the `sessions` table.",
    )


class AttendanceSerializer(serializers.ModelSerializer[SessionAttendance]):
    member = serializers.IntegerField(source="membership_id", read_only=True)
    username = serializers.CharField(source="membership.user.username", read_only=True)
    name = serializers.CharField(source="membership.display_name", read_only=True)
    party = enum_field(Party, source="membership.party", read_only=True)

    class Meta:
        model = SessionAttendance
        fields = ["member", "username", "name", "party", "attended"]
        read_only_fields = fields


class SessionSerializer(serializers.ModelSerializer[Session]):
    kind = enum_field(SessionKind, read_only=True)
    attendance = AttendanceSerializer(source="attendances", many=True, read_only=True)

    class Meta:
        model = Session
        fields = ["id", "date", "kind", "topic", "notes", "attendance", "created_at", "updated_at"]
        read_only_fields = fields


class AttendanceWriteSerializer(serializers.Serializer):
    member = ProgramMemberField(help_text="The membership id of an SME of this program.")
    attended = serializers.BooleanField(default=False)


class SessionWriteSerializer(serializers.Serializer):
    date = serializers.DateField(
        validators=limits.date_validators(),
        help_text=limits.date_help("Within the program's date range."),
    )
    kind = enum_field(SessionKind)
    topic = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH)
    notes = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_TEXT_LENGTH, default=""
    )
    attendance = AttendanceWriteSerializer(
        many=True,
        required=False,
        default=list,
        help_text="Every SME invited, whether they attended; replaces the session's list.",
    )

    def values(self) -> dict[str, Any]:
        data = dict(self.validated_data)
        rows = data.pop("attendance", [])
        data["invited"] = [r["member"] for r in rows]
        data["attended"] = [r["member"] for r in rows if r["attended"]]
        return data


# -- views ----------------------------------------------------------------------------------

MOU_CODES = [ErrorCode.INVALID_CONTENT, ErrorCode.DOCUMENT_EXISTS]


@extend_schema(parameters=[PROGRAM_CODE], tags=["SME MOUs"])
@extend_schema_view(
    list=extend_schema(
        summary="The program's SME MOUs",
        responses={200: MouSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="An SME MOU with its signing requirements and the SME's attendance",
        responses={200: MouSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Start an SME's MOU",
        description="Editors of the SME's party start it, owned by that party, with version 1 "
        "as a draft naming the SME and a Program Manager of the other party as signers beside "
        "a signatory of the SME's party. A member who is not an SME, a second MOU for the "
        "same SME and a period ending before it starts are refused naming the field.",
        parameters=[IDEMPOTENCY_KEY],
        request=MouCreateSerializer,
        responses={201: MouSerializer, **error_responses(400, 404, codes=MOU_CODES)},
    ),
)
class MouViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet[Document]):
    queryset = Document.objects.all()
    serializer_class = MouSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Document]:
        if getattr(self, "swagger_fake_view", False):
            return Document.objects.none()
        return policy.restrict(
            selectors_mou.mous_of(self.program), self.request.user, self.policy_action()
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if not getattr(self, "swagger_fake_view", False):
            rows = selectors_mou.sme_attendance(self.program)
            context["attendance"] = {r.membership.pk: r for r in rows}
        return context

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not any(
            policy.can_change_party(request.user, self.program, p)
            for p in (Party.CUSTOMER, Party.PROVIDER)
        ):
            raise Http404
        payload = MouCreateSerializer(data=request.data, context={"program": self.program})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data

        def create() -> Response:
            document = mou_services.mou_create(
                acting_user=_user(request),
                program=self.program,
                sme=data["sme"],
                other_pm=data.get("other_pm"),
                content=data.get("content"),
            )
            fresh = selectors_mou.mous_of(self.program).get(pk=document.pk)
            return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

        return create_once(request, scope="sme_mou:create", create=create)


@extend_schema(parameters=[PROGRAM_CODE], tags=["SME sessions"])
@extend_schema_view(
    list=extend_schema(
        summary="Sessions SMEs were invited to, newest first",
        responses={200: SessionSerializer(many=True), **error_responses(404)},
    ),
    retrieve=extend_schema(
        summary="A session with who attended",
        responses={200: SessionSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Record a session",
        description="Editors of either party. The date is within the program's range; only "
        "SMEs of the program are invited; the attendance is written with the session, at once.",
        parameters=[IDEMPOTENCY_KEY],
        request=SessionWriteSerializer,
        responses={201: SessionSerializer, **error_responses(400, 404)},
    ),
    update=extend_schema(
        summary="Change a session and its attendance",
        description="The whole session: SMEs left out of `attendance` are no longer invited.",
        request=SessionWriteSerializer,
        responses={200: SessionSerializer, **error_responses(400, 404)},
    ),
    destroy=extend_schema(
        summary="Remove a session and its attendance",
        responses={204: None, **error_responses(404)},
    ),
)
class SessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, ProgramScopedViewSet[Session]
):
    queryset = Session.objects.prefetch_related("attendances__membership__user")
    serializer_class = SessionSerializer
    http_method_names = ["get", "post", "put", "delete", "head", "options"]

    def _payload(self, request: Request) -> dict[str, Any]:
        payload = SessionWriteSerializer(data=request.data, context={"program": self.program})
        payload.is_valid(raise_exception=True)
        return payload.values()

    def _answer(self, session: Session, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.queryset.get(pk=session.pk)
        return Response(SessionSerializer(fresh).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.require_can_create(Session(program=self.program))
        values = self._payload(request)

        def create() -> Response:
            session = mou_services.session_create(
                acting_user=_user(request), program=self.program, **values
            )
            return self._answer(session, status.HTTP_201_CREATED)

        return create_once(request, scope="sme_session:create", create=create)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.get_object()
        values = self._payload(request)
        session = mou_services.session_update(acting_user=_user(request), session=session, **values)
        return self._answer(session)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        mou_services.session_delete(acting_user=_user(request), session=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class SmeAttendanceView(ConditionalGetMixin, APIView):
    @extend_schema(
        operation_id="raci_sme_attendance",
        summary="Each SME's attendance against their MOU's commitment",
        description="Sessions invited to and attended within the MOU's period (the approved "
        "version's, else the open one's), against the sessions committed so far; flagged "
        "below PMO_SME_ATTENDANCE_MIN of the invitations or below the commitment.",
        parameters=[PROGRAM_CODE],
        responses={200: SmeAttendanceSerializer(many=True), **error_responses(404)},
        tags=["SME sessions"],
    )
    def get(self, request: Request, code: str) -> Response:
        program: Program = visible_program(request, code)
        rows = [r.as_dict() for r in selectors_mou.sme_attendance(program)]
        return Response(SmeAttendanceSerializer(rows, many=True).data)
