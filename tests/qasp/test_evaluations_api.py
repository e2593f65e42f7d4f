"""What the performance evaluation API answers: each area's proposal and reasons beside its
rating, the proposal from today's evidence without storing it, and refusals naming the
field."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qasp.models import PerformanceEvaluation
from tests.conftest import World

from .conftest import record_month
from .evaluation_factories import customer_member, make_evaluation, rate_all

pytestmark = pytest.mark.usefixtures("qasp")
API = "/api/programs/alpha/qasp/evaluations"


def _client(world: World, username: str = "customer.program_manager") -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def test_an_evaluation_reads_with_its_proposals_and_ratings(world: World) -> None:
    record_month(world, 1, "98")
    evaluation = rate_all(world, make_evaluation(world))
    data = _client(world, "provider.viewer").get(f"{API}/{evaluation.pk}/").json()
    assert (data["kind"], data["status"]) == ("quarterly", "draft")
    assert data["period_label"] == "Q2 FY2026 (January to March 2026)"
    assert data["evaluator"]["id"] == customer_member(world).pk
    quality = data["ratings"][0]
    assert quality["area"] == "quality"
    assert (quality["proposed"], quality["proposed_text"]) == (1, "Unsatisfactory")
    assert quality["proposal_reasons"][:2] == [
        "0 of 1 surveillance result met its AQL (0%).",
        "PS-1 missed its AQL in January 2026.",
    ]
    assert (quality["rating"], quality["rating_text"]) == (3, "Satisfactory")
    assert data["ratings"][1]["proposed"] is None


def test_the_proposal_from_todays_evidence_is_not_stored(world: World) -> None:
    evaluation = make_evaluation(world)
    record_month(world, 2, "99.9")
    rows = _client(world, "independent.ivv_agent").get(f"{API}/{evaluation.pk}/proposal/").json()
    assert [r["area"] for r in rows] == ["quality", "schedule", "cost_control", "management"]
    assert (rows[0]["rating"], rows[0]["rating_text"]) == (4, "Very good")
    assert rows[1]["rating_text"] == "No proposal"
    assert evaluation.ratings.get(area="quality").proposed is None
    refreshed = _client(world).post(f"{API}/{evaluation.pk}/refresh/").json()
    assert refreshed["ratings"][0]["proposed"] == 4


def test_create_refusal_names_the_field(world: World) -> None:
    answer = _client(world).post(
        f"{API}/",
        {
            "kind": "quarterly",
            "period_start": "2026-04-01",
            "period_end": "2026-06-30",
            "evaluator": customer_member(world).pk,
        },
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["field"] == "period_end"
    assert "once it has ended" in answer.json()["detail"]
    assert not PerformanceEvaluation.objects.exists()


def test_rate_leaves_areas_not_given(world: World) -> None:
    evaluation = rate_all(world, make_evaluation(world))
    answer = _client(world).post(
        f"{API}/{evaluation.pk}/rate/",
        {"ratings": [{"area": "schedule", "rating": 4, "narrative": "On time."}]},
        format="json",
    )
    assert answer.status_code == 200
    ratings = {r["area"]: r["rating"] for r in answer.json()["ratings"]}
    assert ratings == {"quality": 3, "schedule": 4, "cost_control": 3, "management": 4}
    assert answer.json()["summary"] == "A satisfactory quarter."
