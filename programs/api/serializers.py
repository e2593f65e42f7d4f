"""Serializers of the programs API. Output serializers describe rows as clients read them;
input serializers check the shape of a payload, and the services check the rules."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmo_portal.api import enum_field
from programs import limits
from programs.board import artifact_rule
from programs.choices import (
    ActivityStatus,
    AuditAction,
    M3Phase,
    OrganisationKind,
    OwningParty,
    Party,
    ProgramStatus,
    Role,
)
from programs.models import (
    AuditEvent,
    GlossaryAcceptance,
    GlossaryTerm,
    Membership,
    OnboardingItem,
    Organisation,
    PlayActivity,
    Program,
    Signature,
    person_name,
)

#: What the API gives of a register item's transition (``programs.registers.RegisterHistory``).
REGISTER_HISTORY_FIELDS = [
    "action",
    "from_status",
    "to_status",
    "actor_name",
    "actor_party",
    "actor_role",
    "reason",
    "details",
    "at",
]

# -- people ---------------------------------------------------------------------------


class MemberSummarySerializer(serializers.ModelSerializer[Membership]):
    """A member as other rows refer to them (assignee, owner)."""

    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)
    party = enum_field(Party, read_only=True)
    role = enum_field(Role, read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "username", "name", "party", "role"]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    username = serializers.CharField(source="user.username", read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    party = enum_field(Party, read_only=True)
    role = enum_field(Role, read_only=True)
    signatory_granted_by = serializers.CharField(
        source="signatory_granted_by.username",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Who granted the signatory flag (their username); null when not a signatory.",
    )

    class Meta:
        model = Membership
        fields = [
            "id",
            "username",
            "name",
            "email",
            "party",
            "role",
            "is_signatory",
            "signatory_granted_by",
            "signatory_granted_at",
            "created_at",
            "revision",
        ]
        read_only_fields = fields


class MembershipCreateSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="The portal user to add.")
    party = enum_field(Party)
    role = enum_field(Role)
    is_signatory = serializers.BooleanField(
        default=False, help_text="Signs artifacts for their party (never for the independent)."
    )
    override_reason = serializers.CharField(
        required=False,
        default="",
        allow_blank=True,
        max_length=1000,
        help_text="Portal administrators only: why a person of another organisation (or of none) "
        "joins this party. Audited.",
    )

    def validate_username(self, value: str) -> AbstractBaseUser:
        user = get_user_model().objects.filter(username=value, is_active=True).first()
        if user is None:
            raise serializers.ValidationError(f"No active portal user is called “{value}”.")
        return user


class MembershipUpdateSerializer(serializers.Serializer):
    role = enum_field(Role, required=False)
    is_signatory = serializers.BooleanField(required=False)


# -- programs -------------------------------------------------------------------------


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    kind = enum_field(OrganisationKind, read_only=True)

    class Meta:
        model = Organisation
        fields = ["name", "acronym", "kind"]
        read_only_fields = fields


class OwnMembershipSerializer(serializers.ModelSerializer[Membership]):
    party = enum_field(Party, read_only=True)
    role = enum_field(Role, read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "party", "role", "is_signatory"]
        read_only_fields = fields


class BoardProgressSerializer(serializers.Serializer):
    """How far the program's Play 3.1 board has come, activity counts by status."""

    total = serializers.IntegerField(source="board_total")
    not_started = serializers.IntegerField(source="board_not_started")
    in_progress = serializers.IntegerField(source="board_in_progress")
    blocked = serializers.IntegerField(source="board_blocked")
    done = serializers.IntegerField(source="board_done")


class ProgramSerializer(serializers.ModelSerializer[Program]):
    """A program as a member sees it. Expects the annotations of ``ProgramViewSet``."""

    customer = OrganisationSerializer(read_only=True)
    provider = OrganisationSerializer(read_only=True)
    phase = enum_field(M3Phase, read_only=True)
    phase_label = serializers.CharField(source="get_phase_display", read_only=True)
    status = enum_field(ProgramStatus, read_only=True)
    membership = serializers.SerializerMethodField(
        help_text="Your own membership of the program (null for a portal administrator who "
        "is not a member)."
    )
    board = BoardProgressSerializer(source="*", read_only=True)

    class Meta:
        model = Program
        fields = [
            "code",
            "name",
            "description",
            "customer",
            "provider",
            "phase",
            "phase_label",
            "status",
            "start_date",
            "planned_end_date",
            "status_date",
            "membership",
            "board",
        ]
        read_only_fields = fields

    @extend_schema_field(OwnMembershipSerializer(allow_null=True))
    def get_membership(self, program: Program) -> dict[str, Any] | None:
        own: list[Membership] = getattr(program, "own_memberships", [])
        return OwnMembershipSerializer(own[0]).data if own else None


# -- the Play 3.1 board ---------------------------------------------------------------


class PlayActivitySerializer(serializers.ModelSerializer[PlayActivity]):
    owning_party = enum_field(OwningParty, read_only=True)
    status = enum_field(ActivityStatus, read_only=True)
    owning_party_code = serializers.SerializerMethodField(help_text="C, P or S.")
    assignee = MemberSummarySerializer(read_only=True, allow_null=True)
    evidence_type = serializers.SerializerMethodField(
        help_text="The kind of artifact that evidences the activity (`app_label.model`), if any."
    )
    status_follows = serializers.SerializerMethodField(
        help_text="The artifact the status is derived from (e.g. “the Program Charter”), or "
        "null when people set the status by hand."
    )
    is_overridden = serializers.BooleanField(
        read_only=True,
        help_text="A person set a status other than the one the artifact gives.",
    )
    status_reason = serializers.CharField(
        read_only=True, help_text="Why the status was overridden, or what blocks the activity."
    )
    overridden_by = serializers.SerializerMethodField(
        help_text="The username of who overrode the status, if it is overridden."
    )

    class Meta:
        model = PlayActivity
        fields = [
            "key",
            "number",
            "title",
            "artifact",
            "owning_party",
            "owning_party_code",
            "status",
            "status_follows",
            "is_overridden",
            "status_reason",
            "overridden_by",
            "overridden_at",
            "due_date",
            "assignee",
            "evidence_type",
            "evidence_id",
            "updated_at",
        ]
        read_only_fields = fields

    def get_owning_party_code(self, activity: PlayActivity) -> str:
        return OwningParty(activity.owning_party).code

    def get_evidence_type(self, activity: PlayActivity) -> str | None:
        ct = activity.evidence_type
        return f"{ct.app_label}.{ct.model}" if ct else None

    def get_status_follows(self, activity: PlayActivity) -> str | None:
        rule = artifact_rule(activity.key)
        return rule.evidence if rule else None

    def get_overridden_by(self, activity: PlayActivity) -> str | None:
        user = activity.overridden_by
        return user.get_username() if user else None


@extend_schema_field(OpenApiTypes.INT)
class ProgramMemberField(serializers.PrimaryKeyRelatedField[Membership]):
    """A membership id of the program in the URL."""

    def get_queryset(self) -> Any:
        program = self.context.get("program")
        if program is None:
            return Membership.objects.none()
        return Membership.objects.filter(program=program).select_related("user")


class PlayActivityUpdateSerializer(serializers.Serializer):
    status = enum_field(ActivityStatus, required=False)
    due_date = serializers.DateField(
        required=False,
        allow_null=True,
        validators=limits.date_validators(),
        help_text=limits.date_help(),
    )
    assignee = ProgramMemberField(
        required=False, allow_null=True, help_text="A membership id of this program, or null."
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=limits.MAX_TEXT_LENGTH,
        help_text="Required with `blocked`, and with a status other than the one the "
        "activity's artifact gives (an override, shown with who set it and when).",
    )
    clear_override = serializers.BooleanField(
        required=False,
        help_text="true: return to the status the activity's artifact gives.",
    )


# -- provider onboarding --------------------------------------------------------------


class OnboardingItemSerializer(serializers.ModelSerializer[OnboardingItem]):
    owner = MemberSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = OnboardingItem
        fields = [
            "id",
            "title",
            "owner",
            "due_date",
            "done_date",
            "is_done",
            "notes",
            "position",
            "revision",
        ]
        read_only_fields = fields


class OnboardingItemWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=limits.MAX_TITLE_LENGTH)
    owner = ProgramMemberField(
        required=False, allow_null=True, help_text="A membership id of this program, or null."
    )
    due_date = serializers.DateField(
        required=False,
        allow_null=True,
        validators=limits.date_validators(),
        help_text=limits.date_help(),
    )
    done_date = serializers.DateField(
        required=False,
        allow_null=True,
        validators=limits.date_validators(),
        help_text=limits.date_help("Set when the item is done."),
    )
    notes = serializers.CharField(
        required=False, allow_blank=True, max_length=limits.MAX_TEXT_LENGTH
    )
    position = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=limits.MAX_POSITION,
        help_text="Order on the checklist (changes only).",
    )


# -- the shared glossary --------------------------------------------------------------


class GlossaryAcceptanceSerializer(serializers.ModelSerializer[GlossaryAcceptance]):
    username = serializers.CharField(source="user.username", read_only=True)
    party = enum_field(Party, read_only=True)

    class Meta:
        model = GlossaryAcceptance
        fields = ["username", "party", "revision", "accepted_at"]
        read_only_fields = fields


def current_acceptances(term: GlossaryTerm) -> list[GlossaryAcceptance]:
    """Acceptances of the term's current wording (from the prefetched acceptances)."""
    return [a for a in term.acceptances.all() if a.revision == term.revision]


class GlossaryTermSerializer(serializers.ModelSerializer[GlossaryTerm]):
    agreed = serializers.SerializerMethodField(
        help_text="Both the customer and the provider accepted the current revision."
    )
    accepted_parties = serializers.SerializerMethodField(
        help_text="The parties that accepted the current revision."
    )
    acceptances = serializers.SerializerMethodField(
        help_text="Who accepted the current revision, and when."
    )

    class Meta:
        model = GlossaryTerm
        fields = [
            "id",
            "term",
            "definition",
            "revision",
            "agreed",
            "accepted_parties",
            "acceptances",
            "updated_at",
        ]
        read_only_fields = fields

    def get_agreed(self, term: GlossaryTerm) -> bool:
        parties = {a.party for a in current_acceptances(term)}
        return {Party.CUSTOMER.value, Party.PROVIDER.value} <= parties

    @extend_schema_field(serializers.ListField(child=enum_field(Party)))
    def get_accepted_parties(self, term: GlossaryTerm) -> list[str]:
        parties = {a.party for a in current_acceptances(term)}
        return [p for p in Party.values if p in parties]

    @extend_schema_field(GlossaryAcceptanceSerializer(many=True))
    def get_acceptances(self, term: GlossaryTerm) -> Any:
        return GlossaryAcceptanceSerializer(current_acceptances(term), many=True).data


class GlossaryTermWriteSerializer(serializers.Serializer):
    term = serializers.CharField(max_length=limits.MAX_TERM_LENGTH)
    definition = serializers.CharField(max_length=limits.MAX_TEXT_LENGTH)


# -- the audit trail ------------------------------------------------------------------


class AuditEventSerializer(serializers.ModelSerializer[AuditEvent]):
    actor = serializers.CharField(
        source="actor.username",
        read_only=True,
        allow_null=True,
        help_text="Username of the actor (null for the system or a removed user).",
    )
    actor_id = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="What the `actor` filter takes."
    )
    target_type = serializers.IntegerField(
        source="target_type_id", read_only=True, help_text="What the `target_type` filter takes."
    )
    actor_party = enum_field(
        Party,
        read_only=True,
        allow_null=True,
        help_text="The actor's party in the program (null for the system or a non-member).",
    )
    action = enum_field(AuditAction, read_only=True)
    target_model = serializers.SerializerMethodField(help_text="`app_label.model`.")
    changes = serializers.DictField(
        child=serializers.ListField(),
        read_only=True,
        help_text="Field name to [before, after].",
    )

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_id",
            "actor_name",
            "actor_party",
            "action",
            "target_type",
            "target_model",
            "target_id",
            "target_repr",
            "changes",
        ]
        read_only_fields = fields

    def get_target_model(self, event: AuditEvent) -> str:
        return f"{event.target_type.app_label}.{event.target_type.model}"


class SignatureSerializer(serializers.ModelSerializer[Signature]):
    signer = serializers.CharField(source="signer.username", read_only=True)
    signer_name = serializers.SerializerMethodField()
    party = enum_field(Party, read_only=True)
    role = enum_field(Role, read_only=True)
    valid = serializers.BooleanField(
        source="is_valid", read_only=True, help_text="False once voided by a later change."
    )
    matches_content = serializers.SerializerMethodField(
        help_text="The signed SHA-256 is the one of the version's current content."
    )

    class Meta:
        model = Signature
        fields = [
            "signer",
            "signer_name",
            "party",
            "role",
            "signed_at",
            "content_sha256",
            "valid",
            "matches_content",
            "voided_at",
            "void_reason",
        ]
        read_only_fields = fields

    def get_signer_name(self, signature: Signature) -> str:
        return person_name(signature.signer)

    def get_matches_content(self, signature: Signature) -> bool:
        return bool(signature.content_sha256 == self.context.get("current_sha256"))
