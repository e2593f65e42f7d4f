"""Performance evaluations for every role of every party and the outsider, through the pages,
the API and the exports: every member reads; the customer's editors create, rate and open;
the provider's commenters comment; the evaluator alone signs. Denied writes change nothing;
lists read in a constant number of queries."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from qasp.choices import EvaluationKind, EvaluationStatus
from qasp.models import PerformanceEvaluation
from qasp.services.evaluations import evaluation_create
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import CUSTOMER_EDITORS, PROVIDER_REBUTTERS
from .evaluation_factories import commented, customer_member, make_evaluation, opened

pytestmark = pytest.mark.usefixtures("qasp")

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
EVALUATOR = "customer.program_manager"
API = "/api/programs/alpha/qasp/evaluations"
RATE_FORM = {
    "rating_quality": "3",
    "narrative_quality": "",
    "rating_schedule": "3",
    "narrative_schedule": "",
    "rating_cost_control": "3",
    "narrative_cost_control": "",
    "rating_management": "4",
    "narrative_management": "",
    "summary": "Fine.",
}


def _url(name: str, world: World, **kw: Any) -> str:
    return reverse(f"qasp:evaluations:{name}", kwargs={"code": world.program.code, **kw})


def _api(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def _state(evaluation: PerformanceEvaluation) -> tuple[Any, ...]:
    evaluation.refresh_from_db()
    rated = tuple(evaluation.ratings.values_list("rating", "narrative", "proposed"))
    return evaluation.status, evaluation.summary, evaluation.provider_comment, rated


@pytest.mark.parametrize("username", USERS)
def test_every_member_reads_pages_exports_and_api(world: World, username: str) -> None:
    evaluation = make_evaluation(world)
    web, api = world.client(username), _api(world, username)
    expected = 404 if username == OUTSIDER else 200
    for url in (
        _url("list", world),
        _url("evaluation", world, pk=evaluation.pk),
        _url("export-xlsx", world, pk=evaluation.pk),
        f"{API}/",
        f"{API}/{evaluation.pk}/",
        f"{API}/{evaluation.pk}/proposal/",
    ):
        response = web.get(url) if url.startswith("/programs") else api.get(url)
        assert response.status_code == expected, url
    if expected == 200:
        page = web.get(_url("evaluation", world, pk=evaluation.pk))
        assert page.context["program_section"] == "qasp"
        assert "CPARS-style" in page.content.decode()


@pytest.mark.parametrize(
    "username", ["customer.viewer", "provider.pmo_team", "independent.ivv_agent", OUTSIDER]
)
def test_the_pdf_for_a_member_of_each_party_and_not_the_outsider(
    world: World, username: str
) -> None:
    evaluation = make_evaluation(world)
    response = world.client(username).get(_url("export-pdf", world, pk=evaluation.pk))
    assert response.status_code == (404 if username == OUTSIDER else 200)
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("username", USERS)
def test_only_customer_editors_create(world: World, username: str) -> None:
    allowed = username in CUSTOMER_EDITORS
    web = world.client(username)
    assert web.get(_url("new", world)).status_code == (200 if allowed else 404)
    form = {
        "kind": "quarterly",
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "evaluator": customer_member(world).pk,
    }
    response = web.post(_url("new", world), form)
    assert response.status_code == (302 if allowed else 404)
    assert PerformanceEvaluation.objects.count() == (1 if allowed else 0)
    PerformanceEvaluation.objects.all().delete()
    payload = form | {"period_start": "2026-01-01"}
    answer = _api(world, username).post(f"{API}/", payload, format="json")
    assert answer.status_code == (201 if allowed else 404), answer.content
    assert PerformanceEvaluation.objects.count() == (1 if allowed else 0)


@pytest.mark.parametrize("username", USERS)
def test_only_customer_editors_rate_refresh_and_open(world: World, username: str) -> None:
    allowed = username in CUSTOMER_EDITORS
    evaluation = make_evaluation(world)
    web, api = world.client(username), _api(world, username)
    before = _state(evaluation)
    assert web.get(_url("rate", world, pk=evaluation.pk)).status_code == (200 if allowed else 404)
    response = web.post(_url("rate", world, pk=evaluation.pk), RATE_FORM)
    assert response.status_code == (302 if allowed else 404)
    answer = api.post(
        f"{API}/{evaluation.pk}/rate/",
        {"ratings": [{"area": "quality", "rating": 4, "narrative": ""}]},
        format="json",
    )
    assert answer.status_code == (200 if allowed else 404)
    assert api.post(f"{API}/{evaluation.pk}/refresh/").status_code == (200 if allowed else 404)
    assert web.post(_url("refresh", world, pk=evaluation.pk)).status_code == (
        302 if allowed else 404
    )
    if not allowed:
        assert web.post(_url("open", world, pk=evaluation.pk)).status_code == 404
        assert api.post(f"{API}/{evaluation.pk}/open/").status_code == 404
        assert _state(evaluation) == before
        return
    assert evaluation.ratings.get(area="quality").rating == 4
    assert web.post(_url("open", world, pk=evaluation.pk)).status_code == 302
    assert _state(evaluation)[0] == EvaluationStatus.OPEN_FOR_COMMENT


@pytest.mark.parametrize("username", USERS)
def test_only_provider_commenters_comment(world: World, username: str) -> None:
    allowed = username in PROVIDER_REBUTTERS
    evaluation = opened(world)
    before = _state(evaluation)
    web = world.client(username)
    page = web.get(_url("evaluation", world, pk=evaluation.pk))
    if username != OUTSIDER:
        assert ("Send the comment" in page.content.decode()) is allowed
    response = web.post(_url("comment", world, pk=evaluation.pk), {"provider_comment": "Noted."})
    assert response.status_code == (302 if allowed else 404)
    if allowed:
        assert _state(evaluation)[2] == "Noted."
        return
    assert _state(evaluation) == before
    answer = _api(world, username).post(
        f"{API}/{evaluation.pk}/comment/", {"provider_comment": "Noted."}, format="json"
    )
    assert answer.status_code == (404 if username == OUTSIDER else 403)
    if username != OUTSIDER:
        assert "Only members of the provider who may comment" in answer.json()["detail"]
    assert _state(evaluation) == before


def test_a_provider_commenter_comments_through_the_api(world: World) -> None:
    evaluation = opened(world)
    answer = _api(world, "provider.sme").post(
        f"{API}/{evaluation.pk}/comment/", {"provider_comment": "Noted."}, format="json"
    )
    assert answer.status_code == 200
    assert answer.json()["commented_by_name"]


@pytest.mark.parametrize("username", USERS)
def test_only_the_evaluator_signs(world: World, username: str) -> None:
    evaluation = commented(world)
    before = _state(evaluation)
    web = world.client(username)
    response = web.post(_url("sign", world, pk=evaluation.pk))
    if username == EVALUATOR:
        assert response.status_code == 302
        assert _state(evaluation)[0] == EvaluationStatus.SIGNED
        return
    assert response.status_code == 404
    answer = _api(world, username).post(f"{API}/{evaluation.pk}/sign/")
    assert answer.status_code == (404 if username == OUTSIDER else 403)
    if username != OUTSIDER:
        assert answer.json()["detail"].startswith("Only the customer's evaluator")
    assert _state(evaluation) == before


def test_the_evaluator_signs_through_the_api(world: World) -> None:
    evaluation = commented(world)
    answer = _api(world, EVALUATOR).post(f"{API}/{evaluation.pk}/sign/")
    assert answer.status_code == 200
    assert answer.json()["status"] == "signed" and len(answer.json()["signed_hash"]) == 64


def test_refusals_through_the_api_name_the_field(world: World) -> None:
    evaluation = make_evaluation(world)
    answer = _api(world, EVALUATOR).post(
        f"{API}/{evaluation.pk}/rate/",
        {"ratings": [{"area": "quality", "rating": 1, "narrative": ""}]},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["field"] == "narrative_quality"
    assert evaluation.ratings.get(area="quality").rating is None
    opened_answer = _api(world, EVALUATOR).post(f"{API}/{evaluation.pk}/open/")
    assert opened_answer.status_code == 400
    assert "Quality is not rated" in opened_answer.json()["detail"]


def test_the_rate_page_shows_a_refusal_beside_the_field(world: World) -> None:
    evaluation = make_evaluation(world)
    response = world.client(EVALUATOR).post(
        _url("rate", world, pk=evaluation.pk), RATE_FORM | {"rating_quality": "5"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["narrative_quality"] == [
        "A rating of Exceptional needs a narrative of Quality that supports it (CPARS requires "
        "one)."
    ]


def _count(fetch: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert fetch().status_code == 200
    return len(queries)


def test_lists_read_in_constant_queries(world: World) -> None:
    make_evaluation(world)
    web, api = world.client("provider.pmo_team"), _api(world, "provider.pmo_team")
    page_one, api_one = (
        _count(lambda: web.get(_url("list", world))),
        _count(lambda: api.get(f"{API}/")),
    )
    for month in (4, 5):
        evaluation_create(
            acting_user=world.user(EVALUATOR),
            program=world.program,
            kind=EvaluationKind.QUARTERLY,
            period_start=date(2026, month, 1),
            period_end=date(2026, month, 28),
            evaluator=customer_member(world),
        )
    assert _count(lambda: web.get(_url("list", world))) == page_one
    assert _count(lambda: api.get(f"{API}/")) == api_one
