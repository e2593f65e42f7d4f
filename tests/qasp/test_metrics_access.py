"""Provider metrics, pages and API, for every role of every party and the outsider: members
read; the provider's editors submit, upload and withdraw; the customer's editors validate
and reject; every other action is a 404 that changes nothing; the list asks a constant number
of queries."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from qasp.choices import MetricStatus
from qasp.models import MetricSubmission, SurveillanceRecord
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .conftest import CUSTOMER_EDITORS, evaluator
from .metric_helpers import PROVIDER_EDITORS, state, submit

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
pytestmark = pytest.mark.usefixtures("qasp")

CSV = b"Standard,Period,Measured value\nPS-1,2026-04,99.9\n"


def _url(name: str, world: World, **kw: Any) -> str:
    return reverse(f"qasp:metrics:{name}", kwargs={"code": world.program.code, **kw})


@pytest.fixture
def submission(world: World) -> MetricSubmission:
    return submit(world)


@pytest.mark.parametrize("username", USERS)
def test_every_member_reads_the_pages_and_the_outsider_none(
    world: World, submission: MetricSubmission, username: str
) -> None:
    client = world.client(username)
    expected = 404 if username == OUTSIDER else 200
    for url in (
        _url("list", world),
        _url("list", world) + "?status=submitted&standard=ps-1",
        _url("submission", world, pk=submission.pk),
        _url("template", world),
    ):
        response = client.get(url)
        assert response.status_code == expected, url
    if expected == 200:
        page = client.get(_url("list", world)).content.decode()
        assert "Submitted: awaiting validation" in page and "Provider metrics" in page


@pytest.mark.parametrize("username", USERS)
def test_only_the_providers_editors_submit_and_upload(world: World, username: str) -> None:
    client = world.client(username)
    allowed = username in PROVIDER_EDITORS
    assert client.get(_url("new", world)).status_code == (200 if allowed else 404)
    assert client.get(_url("upload", world)).status_code == (200 if allowed else 404)
    before = state()
    response = client.post(
        _url("new", world),
        {"standard_code": "PS-1", "period": "2026-05-01", "measured_value": "99.8"},
    )
    upload = io.BytesIO(CSV)
    upload.name = "april.csv"
    uploaded = client.post(_url("upload", world), {"file": upload})
    if allowed:
        assert response.status_code == 302 and uploaded.status_code == 302
        assert MetricSubmission.objects.count() == 2
    else:
        assert response.status_code == 404 and uploaded.status_code == 404
        assert state() == before


@pytest.mark.parametrize("username", USERS)
def test_only_the_customers_editors_validate_and_reject(
    world: World, submission: MetricSubmission, username: str
) -> None:
    client = world.client(username)
    allowed = username in CUSTOMER_EDITORS
    page = client.get(_url("submission", world, pk=submission.pk))
    if username != OUTSIDER:
        assert ("Validate into a surveillance record" in page.content.decode()) is allowed
    before = state()
    rejected = client.post(_url("reject", world, pk=submission.pk), {"reason": "Wrong figure"})
    if allowed:
        assert rejected.status_code == 302
        submission.refresh_from_db()
        assert submission.status == MetricStatus.REJECTED
        return
    assert rejected.status_code == 404
    validated = client.post(
        _url("validate", world, pk=submission.pk),
        {"evaluator": evaluator(world).pk, "recorded_on": "2026-06-15"},
    )
    assert validated.status_code == 404 and state() == before


def test_validating_in_the_page_records_the_surveillance(
    world: World, submission: MetricSubmission
) -> None:
    client = world.client("customer.program_manager")
    page = client.get(_url("submission", world, pk=submission.pk))
    assert page.context["validate_form"].initial["recorded_on"] == date(2026, 6, 15)
    response = client.post(
        _url("validate", world, pk=submission.pk),
        {"evaluator": evaluator(world).pk, "recorded_on": "2026-06-15", "notes": "OK"},
    )
    record = SurveillanceRecord.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    submission.refresh_from_db()
    assert submission.record == record


def test_a_refused_validation_shows_the_message_and_changes_nothing(
    world: World, submission: MetricSubmission
) -> None:
    before = state()
    response = world.client("customer.pmo_team").post(
        _url("validate", world, pk=submission.pk),
        {"evaluator": evaluator(world).pk, "recorded_on": "2026-06-30"},
    )
    assert response.status_code == 400 and state() == before
    assert "The date recorded" in response.context["validate_form"].errors["recorded_on"][0]


def test_a_rejection_without_a_reason_is_refused(
    world: World, submission: MetricSubmission
) -> None:
    before = state()
    response = world.client("customer.pmo_team").post(
        _url("reject", world, pk=submission.pk), {"reason": ""}
    )
    assert response.status_code == 400 and state() == before


@pytest.mark.parametrize("username", USERS)
def test_only_the_providers_editors_withdraw(
    world: World, submission: MetricSubmission, username: str
) -> None:
    before = state()
    response = world.client(username).post(_url("withdraw", world, pk=submission.pk))
    if username in PROVIDER_EDITORS:
        assert response.status_code == 302 and not MetricSubmission.objects.exists()
    else:
        assert response.status_code == 404 and state() == before


def test_an_upload_refused_lists_every_problem_with_its_row(world: World) -> None:
    upload = io.BytesIO(b"Standard,Period,Measured value\nPS-9,2026-04,1\nPS-1,July,x\n")
    upload.name = "bad.csv"
    response = world.client("provider.program_manager").post(
        _url("upload", world), {"file": upload}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was saved" in page and "The approved QASP has no standard PS-9." in page
    assert "“July” is not a period" in page and "“x” is not a number." in page
    assert not MetricSubmission.objects.exists()


def test_an_upload_without_a_file_is_refused(world: World) -> None:
    response = world.client("provider.program_manager").post(_url("upload", world), {})
    assert response.status_code == 400
    assert "Choose the metrics file" in response.content.decode()


def test_the_list_asks_a_constant_number_of_queries(world: World) -> None:
    client = world.client("provider.pmo_team")
    submit(world, month=5)
    client.get(_url("list", world))
    with CaptureQueriesContext(connection) as one:
        client.get(_url("list", world))
    for month in (1, 2, 3, 4):
        submit(world, month=month)
    client.get(_url("list", world))  # access is read again after the writes
    with CaptureQueriesContext(connection) as five:
        response = client.get(_url("list", world))
    assert len(response.context["submissions"]) == 5
    assert len(five) == len(one)


def _api(world: World, username: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(username))
    return client


def _api_url(world: World, tail: str = "") -> str:
    return f"/api/programs/{world.program.code}/qasp/metrics/submissions/{tail}"


@pytest.mark.parametrize("username", USERS)
def test_api_reads_for_members_only(
    world: World, submission: MetricSubmission, username: str
) -> None:
    client = _api(world, username)
    listed = client.get(_api_url(world), {"status": "submitted", "standard": "PS-1"})
    one = client.get(_api_url(world, f"{submission.pk}/"))
    if username == OUTSIDER:
        assert listed.status_code == one.status_code == 404
        return
    assert listed.status_code == one.status_code == 200
    assert [s["id"] for s in listed.json()["results"]] == [submission.pk]
    assert one.json()["status_text"] == "Submitted: awaiting validation"


@pytest.mark.parametrize("username", USERS)
def test_api_submits_for_the_providers_editors_only(world: World, username: str) -> None:
    client = _api(world, username)
    before = state()
    one = client.post(
        _api_url(world),
        {"standard_code": "PS-1", "period": "2026-05-01", "measured_value": "99.9"},
        format="json",
    )
    batch = client.post(
        _api_url(world, "batch/"),
        {"submissions": [{"standard_code": "PS-1", "period": "2026-04-01", "measured_value": 1}]},
        format="json",
    )
    upload = io.BytesIO(b"Standard,Period,Measured value\nPS-1,2026-03,99.9\n")
    upload.name = "march.csv"
    filed = client.post(_api_url(world, "file/"), {"file": upload}, format="multipart")
    if username in PROVIDER_EDITORS:
        assert (one.status_code, batch.status_code, filed.status_code) == (201, 201, 201)
        assert filed.json()[0]["file_name"] == "march.csv"
        assert MetricSubmission.objects.count() == 3
    else:
        assert (one.status_code, batch.status_code, filed.status_code) == (404, 404, 404)
        assert state() == before


def test_api_refusals_locate_the_problems(world: World) -> None:
    client = _api(world, "provider.pmo_team")
    before = state()
    one = client.post(
        _api_url(world), {"standard_code": "PS-9", "period": "2026-05-01"}, format="json"
    )
    assert one.status_code == 400 and one.json()["field"] == "standard_code"
    batch = client.post(
        _api_url(world, "batch/"),
        {
            "submissions": [
                {"standard_code": "PS-1", "period": "2026-04-01", "measured_value": 1},
                {"standard_code": "PS-1", "period": "2026-04-01", "measured_value": 2},
            ]
        },
        format="json",
    )
    body = batch.json()
    assert batch.status_code == 400 and body["code"] == "import_invalid"
    assert [(p["row"], p["column"]) for p in body["problems"]] == [(2, "Period")]
    upload = io.BytesIO(b"Standard,Period,Measured value\nPS-1,2026-03,lots\n")
    upload.name = "march.csv"
    filed = client.post(_api_url(world, "file/"), {"file": upload}, format="multipart")
    assert filed.status_code == 400
    assert filed.json()["problems"][0]["place"] == "Row 2, Measured value"
    assert state() == before


@pytest.mark.parametrize("username", USERS)
def test_api_review_for_the_customers_editors_and_withdrawal_for_the_providers(
    world: World, submission: MetricSubmission, username: str
) -> None:
    client = _api(world, username)
    before = state()
    validated = client.post(
        _api_url(world, f"{submission.pk}/validate/"),
        {"evaluator": evaluator(world).pk, "recorded_on": "2026-06-15"},
        format="json",
    )
    if username in CUSTOMER_EDITORS:
        assert validated.status_code == 201 and validated.json()["verdict"] == "Acceptable"
        return
    assert validated.status_code == 404
    rejected = client.post(
        _api_url(world, f"{submission.pk}/reject/"), {"reason": "No"}, format="json"
    )
    assert rejected.status_code == 404 and state() == before
    withdrawn = client.post(_api_url(world, f"{submission.pk}/withdraw/"))
    if username in PROVIDER_EDITORS:
        assert withdrawn.status_code == 204 and not MetricSubmission.objects.exists()
    else:
        assert withdrawn.status_code == 404 and state() == before


def test_api_rejection(world: World, submission: MetricSubmission) -> None:
    client = _api(world, "customer.program_manager")
    refused = client.post(_api_url(world, f"{submission.pk}/reject/"), {}, format="json")
    assert refused.status_code == 400
    done = client.post(
        _api_url(world, f"{submission.pk}/reject/"), {"reason": "Figure wrong"}, format="json"
    )
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["rejection_reason"]) == ("rejected", "Figure wrong")
    again = client.post(
        _api_url(world, f"{submission.pk}/reject/"), {"reason": "Twice"}, format="json"
    )
    assert again.status_code == 404


def test_api_list_asks_a_constant_number_of_queries(world: World) -> None:
    client = _api(world, "independent.ivv_agent")
    submit(world, month=5)
    client.get(_api_url(world))
    with CaptureQueriesContext(connection) as one:
        client.get(_api_url(world))
    for month in (1, 2, 3, 4):
        submit(world, month=month)
    client.get(_api_url(world))  # access is read again after the writes
    with CaptureQueriesContext(connection) as five:
        assert client.get(_api_url(world)).json()["count"] == 5
    assert len(five) == len(one)


def test_the_schedule_says_which_due_periods_the_provider_submitted(world: World) -> None:
    submit(world, month=5)
    url = reverse("qasp:surveillance:schedule", kwargs={"code": world.program.code})
    page = world.client("customer.program_manager").get(url)
    (cell,) = page.context["awaiting"]
    assert (cell.standard.code, cell.period) == ("PS-1", date(2026, 5, 1))
    assert "submitted by the provider, awaiting validation" in page.content.decode()
