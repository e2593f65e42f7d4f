"""Reads of the programs pages, shaped for display. Each page costs the same number of queries
however many programs, activities, members or terms there are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from . import policy
from .board import ONBOARDING_ACTIVITY_KEY, artifact_rule
from .choices import (
    ACTIVITY_KEYS,
    ActivityStatus,
    JobStatus,
    OwningParty,
    Party,
    Role,
)
from .models import (
    AuditEvent,
    GlossaryAcceptance,
    GlossaryTerm,
    Job,
    Membership,
    OnboardingItem,
    PlayActivity,
    Program,
    person_name,
)

PLAY_SIZE = len(ACTIVITY_KEYS)


def _label(choices: Any, value: str | None) -> str:
    return str(choices(value).label) if value else ""


# -- programs -------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramSummary:
    program: Program
    party: str
    role: str
    activities_done: int
    activities_total: int


def program_list_for(*, user: policy.AnyUser) -> list[ProgramSummary]:
    """The programs ``user`` may view, with their own party and role and Play 3.1 progress."""
    if not user.is_authenticated:
        return []
    own = Membership.objects.filter(program=OuterRef("pk"), user_id=int(user.pk))
    programs = (
        policy.restrict(Program.objects.all(), user, "view")
        .select_related("customer", "provider")
        .annotate(
            activities_done=Count("activities", filter=Q(activities__status=ActivityStatus.DONE)),
            activities_total=Count("activities"),
            own_party=Subquery(own.values("party")[:1]),
            own_role=Subquery(own.values("role")[:1]),
        )
        .order_by("name", "code")
    )
    return [
        ProgramSummary(
            program=p,
            party=_label(Party, p.own_party),
            role=_label(Role, p.own_role),
            activities_done=p.activities_done,
            activities_total=p.activities_total,
        )
        for p in programs
    ]


def program_members(*, program: Program, user: policy.AnyUser) -> QuerySet[Membership]:
    """The program's members that ``user`` may see: the choices of assignee and owner fields."""
    return (
        policy.restrict(Membership.objects.filter(program=program), user, "view")
        .select_related("user")
        .order_by("party", "user__last_name", "user__first_name", "user__username")
    )


# -- the Play 3.1 board ---------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class ActivityRow:
    activity: PlayActivity
    can_change: bool
    owner_code: str
    owner_name: str
    overdue: bool
    evidence_label: str = ""
    evidence_url: str = ""
    onboarding_url: str = ""
    #: What the activity's status follows ("the Program Charter"); empty: set by hand.
    evidence_rule: str = ""
    #: Other pages of the activity's artifacts, as (label, URL), and what they say now.
    links: tuple[tuple[str, str], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Board:
    rows: list[ActivityRow]
    progress: Progress
    onboarding: Progress


def board_activities(program: Program) -> QuerySet[PlayActivity]:
    return (
        PlayActivity.objects.filter(program=program)
        .select_related("assignee__user", "evidence_type", "overridden_by")
        .prefetch_related("evidence")
        .order_by("number")
    )


def activity_row(
    *,
    activity: PlayActivity,
    user: policy.AnyUser,
    today: dt.date | None = None,
    can_change: bool | None = None,
) -> ActivityRow:
    program = activity.program
    today = today or timezone.localdate()
    evidence = activity.evidence
    evidence_label = evidence_url = ""
    if evidence is not None:
        # The evidence belongs to the same program: share the loaded one instead of one query
        # per row when the evidence builds its URL from its program.
        if getattr(evidence, "program_id", None) == program.pk:
            evidence.program = program
        # An artifact that evidences more than one activity says which link fits each.
        evidence_for = getattr(evidence, "evidence_for", None)
        if evidence_for is not None:
            evidence_label, evidence_url = evidence_for(activity.key)
        else:
            evidence_label, evidence_url = str(evidence), evidence.get_absolute_url()
    owner = OwningParty(activity.owning_party)
    rule = artifact_rule(activity.key)
    return ActivityRow(
        activity=activity,
        can_change=policy.can(user, "change", activity) if can_change is None else can_change,
        owner_code=owner.code,
        owner_name=str(owner.label).split(" (")[0],
        overdue=bool(
            activity.due_date
            and activity.due_date < today
            and activity.status != ActivityStatus.DONE
        ),
        evidence_label=evidence_label,
        evidence_url=evidence_url,
        onboarding_url=(
            reverse("programs:onboarding", kwargs={"code": program.code})
            if activity.key == ONBOARDING_ACTIVITY_KEY
            else ""
        ),
        evidence_rule=rule.evidence if rule else "",
        links=tuple(rule.links(program)) if rule and rule.links else (),
        note=rule.note(program) if rule and rule.note else "",
    )


def board_progress(*, program: Program) -> Progress:
    counts = PlayActivity.objects.filter(program=program).aggregate(
        done=Count("pk", filter=Q(status=ActivityStatus.DONE)), total=Count("pk")
    )
    return Progress(done=counts["done"], total=counts["total"] or PLAY_SIZE)


def board_for(*, program: Program, user: policy.AnyUser) -> Board:
    """The nine activities of Play 3.1 in order, with what ``user`` may do on each."""
    today = timezone.localdate()
    activities = list(board_activities(program))
    for activity in activities:
        activity.program = program
    # Who may change a row depends only on its owning party: ask once per party.
    changeable = {
        owner: policy.can_change_party(user, program, owner) for owner in OwningParty.values
    }
    rows = [
        activity_row(activity=a, user=user, today=today, can_change=changeable[a.owning_party])
        for a in activities
    ]
    done = sum(1 for a in activities if a.status == ActivityStatus.DONE)
    return Board(
        rows=rows,
        progress=Progress(done=done, total=len(activities) or PLAY_SIZE),
        onboarding=onboarding_progress(program=program),
    )


# -- members --------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyMembers:
    party: str
    label: str
    organisation: str
    members: list[Membership]
    can_manage: bool  # shows the actions column: the party's managers and its sponsor
    changeable: frozenset[int]  # the members the user may change or remove


def managed_parties(*, program: Program, user: policy.AnyUser) -> list[str]:
    return [p for p in Party.values if policy.can_manage_members_of(user, program, p)]


def members_by_party(*, program: Program, user: policy.AnyUser) -> list[PartyMembers]:
    members = list(
        policy.restrict(program.memberships.all(), user, "view")
        .select_related("user", "signatory_granted_by")
        .order_by("party", "user__last_name", "user__first_name", "user__username")
    )
    organisations: dict[str, str] = {
        Party.CUSTOMER: str(program.customer),
        Party.PROVIDER: str(program.provider),
        Party.INDEPENDENT: "",
    }
    managed = set(managed_parties(program=program, user=user))
    return [
        PartyMembers(
            party=party,
            label=str(label),
            organisation=organisations[party],
            members=[m for m in members if m.party == party],
            can_manage=party in managed or policy.can_grant_authority(user, program, party),
            changeable=frozenset(
                m.pk for m in members if m.party == party and policy.can_change_member(user, m)
            ),
        )
        for party, label in Party.choices
    ]


# -- provider onboarding --------------------------------------------------------------


@dataclass(frozen=True)
class OnboardingRow:
    item: OnboardingItem
    overdue: bool


@dataclass(frozen=True)
class Checklist:
    rows: list[OnboardingRow]
    progress: Progress


def onboarding_row(*, item: OnboardingItem, today: dt.date | None = None) -> OnboardingRow:
    today = today or timezone.localdate()
    return OnboardingRow(
        item=item,
        overdue=bool(item.due_date and not item.is_done and item.due_date < today),
    )


def onboarding_items(*, program: Program) -> QuerySet[OnboardingItem]:
    return OnboardingItem.objects.filter(program=program).select_related("owner__user")


def onboarding_progress(*, program: Program) -> Progress:
    counts = OnboardingItem.objects.filter(program=program).aggregate(
        done=Count("pk", filter=Q(done_date__isnull=False)), total=Count("pk")
    )
    return Progress(done=counts["done"], total=counts["total"])


def onboarding_for(*, program: Program) -> Checklist:
    today = timezone.localdate()
    items = list(onboarding_items(program=program))
    return Checklist(
        rows=[onboarding_row(item=i, today=today) for i in items],
        progress=Progress(done=sum(1 for i in items if i.is_done), total=len(items)),
    )


# -- shared glossary ------------------------------------------------------------------


@dataclass(frozen=True)
class TermRow:
    term: GlossaryTerm
    accepted_by: dict[str, list[str]] = field(default_factory=dict)
    accepted_by_user: bool = False

    @property
    def customer_accepted(self) -> bool:
        return bool(self.accepted_by.get(Party.CUSTOMER))

    @property
    def provider_accepted(self) -> bool:
        return bool(self.accepted_by.get(Party.PROVIDER))

    @property
    def agreed(self) -> bool:
        return self.customer_accepted and self.provider_accepted


def glossary_terms(*, program: Program) -> QuerySet[GlossaryTerm]:
    return GlossaryTerm.objects.filter(program=program).prefetch_related(
        Prefetch(
            "acceptances",
            queryset=GlossaryAcceptance.objects.select_related("user").order_by("accepted_at"),
        )
    )


def term_row(*, term: GlossaryTerm, user: policy.AnyUser) -> TermRow:
    """The agreement state of ``term``: only acceptances of its current wording count."""
    accepted_by: dict[str, list[str]] = {}
    by_user = False
    for acceptance in term.acceptances.all():
        if acceptance.revision != term.revision:
            continue
        accepted_by.setdefault(acceptance.party, []).append(person_name(acceptance.user))
        by_user = by_user or acceptance.user_id == user.pk
    return TermRow(term=term, accepted_by=accepted_by, accepted_by_user=by_user)


def glossary_for(*, program: Program, user: policy.AnyUser) -> list[TermRow]:
    return [term_row(term=t, user=user) for t in glossary_terms(program=program)]


def may_accept_terms(*, program: Program, user: policy.AnyUser) -> bool:
    """Whether ``user`` reviews glossary wording (the rule ``glossary_term_accept`` applies)."""
    membership = policy.membership_of(user, program)
    return (
        membership is not None
        and membership.party in (Party.CUSTOMER, Party.PROVIDER)
        and (policy.can_change_party(user, program, membership.party) or membership.is_signatory)
    )


# -- audit ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    event: AuditEvent
    object_type: str
    changes: list[FieldChange]


def _as_text(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def audit_row(event: AuditEvent) -> AuditRow:
    changes = []
    for name, pair in (event.changes or {}).items():
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        changes.append(
            FieldChange(
                field=name.replace("_", " "), before=_as_text(before), after=_as_text(after)
            )
        )
    return AuditRow(
        event=event,
        object_type=str(event.target_type.name).capitalize(),
        changes=changes,
    )


def audit_events(*, program: Program, user: policy.AnyUser) -> QuerySet[AuditEvent]:
    return policy.restrict(program.audit_events.all(), user, "view").select_related("target_type")


# -- jobs with progress ----------------------------------------------------------------------


def job_get(*, user: Any, program: Program, pk: int) -> Job | None:
    """The program's job ``pk`` if ``user`` may see it (any member of the program), else
    None: a missing job and another program's job look alike."""
    jobs = policy.restrict(Job.objects.filter(program=program), user, "view")
    job = jobs.select_related("created_by").filter(pk=pk).first()
    if job is not None:
        job.program = program
    return job


def job_percent(job: Job) -> int | None:
    """How far the job is, in percent, when it counts its work."""
    if job.status == JobStatus.DONE:
        return 100
    if not job.total_count:
        return None
    return min(100, round(100 * job.done_count / job.total_count))
