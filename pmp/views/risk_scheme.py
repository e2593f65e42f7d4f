"""The risk scheme page of the RAID log: every member reads the program's scales, the band of
each cell of the probability-impact matrix and the review interval; the Program Managers and
PMO Leads of the customer and the provider change them there (a 404 for anyone else's
change, and nothing changes). A preview lists the open risks whose band a proposed banding
would change, before anything is saved."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from programs import policy
from programs.errors import DomainError
from programs.models import Program
from programs.views.layout import acting_user, get_program, program_context

from .. import risk_matrix
from ..choices import RaidKind, RaidStatus, ScorePosition
from ..forms.risk_scheme import RiskSchemeForm
from ..models import RaidItem, RiskScheme
from ..selectors import raid as selectors
from ..services import raid as services
from ..services.raid_rules import may_set_scheme
from .raid import SECTION, crumbs


def scheme_url(program: Program) -> str:
    return reverse("pmp:raid:risk-scheme", kwargs={"code": program.code})


@dataclass(frozen=True)
class BandChange:
    """An open risk whose band, before or after its response, a proposed banding changes."""

    item: RaidItem
    position: str
    probability: int
    impact: int
    now: str
    proposed: str

    @property
    def position_label(self) -> str:
        return str(ScorePosition(self.position).label)

    @property
    def now_label(self) -> str:
        return risk_matrix.BAND_LABELS[self.now]

    @property
    def proposed_label(self) -> str:
        return risk_matrix.BAND_LABELS[self.proposed]


def band_changes(
    risks: list[RaidItem], now: list[list[str]], proposed: list[list[str]]
) -> list[BandChange]:
    found = []
    for item in risks:
        for position in (ScorePosition.INHERENT, ScorePosition.RESIDUAL):
            p = getattr(item, f"{position}_probability")
            i = getattr(item, f"{position}_impact")
            if p is None or i is None:
                continue
            before, after = risk_matrix.band_of(now, p, i), risk_matrix.band_of(proposed, p, i)
            if before != after:
                found.append(BandChange(item, position, p, i, before, after))
    return found


def _open_risks(request: HttpRequest, program: Program) -> list[RaidItem]:
    rows = selectors.log_rows(program).filter(kind=RaidKind.RISK, status=RaidStatus.OPEN)
    return list(policy.restrict(rows, request.user, "view").order_by("number"))


def _page(
    request: HttpRequest,
    program: Program,
    scheme: RiskScheme,
    form: RiskSchemeForm | None,
    *,
    changes: list[BandChange] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = program_context(request, program, SECTION, *crumbs(program, ("Risk scheme", "")))
    context |= {
        "scheme": scheme,
        "scales": [
            (value, probability, impact)
            for value, probability, impact in zip(
                risk_matrix.SCALE, scheme.probability_labels, scheme.impact_labels, strict=True
            )
        ],
        "grid": [
            (row[0].probability, scheme.probability_labels[row[0].probability - 1], row)
            for row in risk_matrix.heat_map(scheme.bands, [])
        ],
        "impact_labels": list(enumerate(scheme.impact_labels, 1)),
        "form": form,
        "changes": changes,
    }
    return render(request, "pmp/raid/risk_scheme.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def risk_scheme(request: HttpRequest, code: str) -> HttpResponse:
    program = get_program(request, code)
    scheme = services.scheme_for(program)
    may_set = may_set_scheme(request.user, program)
    if request.method != "POST":
        return _page(request, program, scheme, RiskSchemeForm(scheme=scheme) if may_set else None)
    if not may_set:
        raise Http404
    form = RiskSchemeForm(request.POST, scheme=scheme)
    if not form.is_valid():
        return _page(request, program, scheme, form, status=400)
    values: dict[str, Any] = form.values()
    if "preview" in request.POST:
        changes = band_changes(_open_risks(request, program), scheme.bands, values["bands"])
        return _page(request, program, scheme, form, changes=changes)
    try:
        services.scheme_update(acting_user=acting_user(request), program=program, **values)
    except DomainError as exc:
        form.add_domain_error(exc)
        return _page(request, program, scheme, form, status=400)
    messages.success(request, "The risk scheme is saved.")
    return redirect(scheme_url(program))
