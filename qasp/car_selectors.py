"""Reads of the corrective action requests register: rows with their age, who owes the next
step and by when, and the overdue flag (a fixed number of queries whatever the rows); open
requests by age band; the requests of a period for evaluations and reports; the overdue
ones of every program for the daily notice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from programs import limits
from programs.choices import Party
from programs.models import Program
from programs.registers.filters import AGE_BANDS, age_band

from .choices import OPEN_CAR_STATUSES, CarOverdueKind, CarStatus
from .models import CorrectiveActionRequest

S = CarStatus


def answer_overdue_q(today: date) -> Q:
    """Issued or returned past its response due date: the provider's answer is overdue."""
    return Q(status__in=(S.ISSUED, S.RETURNED), response_due__lt=today)


def evaluation_overdue_q(today: date) -> Q:
    """Answered past its evaluation due date: the customer's evaluation is overdue."""
    return Q(status=S.ANSWERED, evaluation_due__isnull=False, evaluation_due__lt=today)


def action_overdue_q(today: date) -> Q:
    """Accepted past the corrective action's target date, not yet verified."""
    return Q(status=S.ACCEPTED, target_date__isnull=False, target_date__lt=today)


#: Each step that can be overdue: its condition and the date it was due by.
OVERDUE_STEPS = (
    (CarOverdueKind.ANSWER, answer_overdue_q, "response_due"),
    (CarOverdueKind.EVALUATION, evaluation_overdue_q, "evaluation_due"),
    (CarOverdueKind.ACTION, action_overdue_q, "target_date"),
)


def overdue_q(today: date) -> Q:
    return answer_overdue_q(today) | evaluation_overdue_q(today) | action_overdue_q(today)


def register_rows(program: Program) -> QuerySet[CorrectiveActionRequest]:
    """Every request of ``program`` as the register lists it, newest number first, flagged
    ``overdue``; the caller restricts it to what the user may view and filters it."""
    return (
        CorrectiveActionRequest.objects.filter(program=program)
        .select_related("program", "verifying_record")
        .annotate(
            overdue=Case(
                When(overdue_q(limits.today()), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-number")
    )


@dataclass(frozen=True)
class NextStep:
    """Who owes the next step of a request, what, and by when."""

    party: str
    kind: str
    due: date | None

    @property
    def party_label(self) -> str:
        return "The provider" if self.party == Party.PROVIDER else "The customer"

    @property
    def text(self) -> str:
        """In words: "The provider owes its answer by October 14, 2026"."""
        what = {
            CarOverdueKind.ANSWER: "owes its answer",
            CarOverdueKind.EVALUATION: "owes its evaluation of the answer",
            CarOverdueKind.ACTION: "owes the corrective action",
        }[CarOverdueKind(self.kind)]
        by = f" by {self.due:%B %-d, %Y}" if self.due else ""
        tail = (
            ", verified by a later acceptable record" if self.kind == CarOverdueKind.ACTION else ""
        )
        return f"{self.party_label} {what}{by}{tail}"


def next_step(car: CorrectiveActionRequest) -> NextStep | None:
    if car.status in (S.ISSUED, S.RETURNED):
        return NextStep(Party.PROVIDER, CarOverdueKind.ANSWER, car.response_due)
    if car.status == S.ANSWERED:
        return NextStep(Party.CUSTOMER, CarOverdueKind.EVALUATION, car.evaluation_due)
    if car.status == S.ACCEPTED:
        return NextStep(Party.PROVIDER, CarOverdueKind.ACTION, car.target_date)
    return None


def is_overdue(car: CorrectiveActionRequest, today: date | None = None) -> bool:
    step = next_step(car)
    return step is not None and step.due is not None and step.due < (today or limits.today())


def age_days(car: CorrectiveActionRequest, today: date | None = None) -> int:
    """Days since issued: to today while open, to the closing day once closed, to the day of
    withdrawal once withdrawn."""
    end = today or limits.today()
    if car.status == S.CLOSED and car.closed_on:
        end = car.closed_on
    elif car.status == S.WITHDRAWN:
        end = min(end, car.updated_at.date())
    return max((end - car.issued_on).days, 0)


@dataclass(frozen=True)
class RegisterRow:
    car: CorrectiveActionRequest
    age: int
    step: NextStep | None
    overdue: bool

    @property
    def owed_text(self) -> str:
        return (
            self.step.text if self.step else "None (" + self.car.get_status_display().lower() + ")"
        )


def rows_of(cars: Iterable[CorrectiveActionRequest]) -> list[RegisterRow]:
    today = limits.today()
    return [
        RegisterRow(car=c, age=age_days(c, today), step=next_step(c), overdue=is_overdue(c, today))
        for c in cars
    ]


def open_cars_by_age(program: Program) -> list[tuple[str, int]]:
    """Open requests per age band (0-30, 31-60, 61-90, over 90 days since issued): one query."""
    today = limits.today()
    issued = CorrectiveActionRequest.objects.filter(
        program=program, status__in=OPEN_CAR_STATUSES
    ).values_list("issued_on", flat=True)
    counts = Counter(age_band((today - day).days) for day in issued)
    return [(label, counts.get(label, 0)) for _, label, _, _ in AGE_BANDS]


def cars_in_period(program: Program, start: date, end: date) -> QuerySet[CorrectiveActionRequest]:
    """The requests that were open at some time from ``start`` to ``end``: issued by ``end``
    and not closed before ``start`` (withdrawn ones only if issued within the period), oldest
    first, with their records."""
    return (
        CorrectiveActionRequest.objects.filter(program=program, issued_on__lte=end)
        .filter(
            Q(status__in=OPEN_CAR_STATUSES)
            | Q(status=S.CLOSED, closed_on__gte=start)
            | Q(status=S.WITHDRAWN, issued_on__gte=start)
        )
        .select_related("program", "verifying_record")
        .prefetch_related("records")
        .order_by("issued_on", "number")
    )


def overdue_cars(today: date) -> QuerySet[CorrectiveActionRequest]:
    """Requests overdue on a step today, of any program."""
    return CorrectiveActionRequest.objects.filter(overdue_q(today))
