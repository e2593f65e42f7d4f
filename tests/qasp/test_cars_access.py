"""Corrective action request pages and API for every role of every party and the outsider:
members read, the customer's editors issue, evaluate, withdraw and escalate, the provider's
commenters answer; a page action refused is a 404, an API action refused a 403 naming the
rule (a 404 for the outsider); nothing changes when refused. The register's queries do not
grow with its rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from programs.models import AuditEvent
from qasp.models import CarHistory, CorrectiveActionRequest, SurveillanceRecord
from tests.conftest import OUTSIDER, ROLE_MATRIX, World

from .car_helpers import answer, issue, missed
from .conftest import CUSTOMER_EDITORS, PROVIDER_REBUTTERS, record_month

USERS = [name for name, *_ in ROLE_MATRIX] + [OUTSIDER]
WEB = "/programs/alpha/qasp/cars/"
API = "/api/programs/alpha/qasp/cars/"

pytestmark = pytest.mark.usefixtures("qasp")


@dataclass
class Setup:
    world: World
    march: SurveillanceRecord
    april: SurveillanceRecord
    car: CorrectiveActionRequest


@pytest.fixture
def setup(world: World) -> Setup:
    march, april = missed(world, 3, 4)
    return Setup(world, march, april, issue(world, march))


def _answered(s: Setup) -> None:
    answer(s.world, s.car)


@dataclass(frozen=True)
class Write:
    name: str
    call: Callable[[Any, APIClient, Setup], Any]
    allowed: frozenset[str]
    api: bool
    setup: Callable[[Setup], None] | None = None
    #: A member refused through the API: 403 naming the rule, or 404 (issuing).
    api_refusal: int = 403


ISSUE = {"escalation_level": "discussion", "description": "April missed.", "response_due": ""}
ANSWER = {
    "root_cause": "Storage",
    "corrective_action": "Replace it",
    "target_date": "2026-07-01",
}
CUSTOMER = frozenset(CUSTOMER_EDITORS)
PROVIDER = frozenset(PROVIDER_REBUTTERS)


def _web(action: str, data: dict[str, str]) -> Callable[[Any, APIClient, Setup], Any]:
    return lambda web, api, s: web.post(
        f"{WEB}1/{action}/", {f"{action}-{k}": v for k, v in data.items()}
    )


def _api(action: str, data: dict[str, str]) -> Callable[[Any, APIClient, Setup], Any]:
    return lambda web, api, s: api.post(f"{API}1/{action}/", data, format="json")


WRITES = [
    Write(
        "web issue",
        lambda web, api, s: web.post(
            f"{WEB}new/",
            {"record": s.april.pk, "records": [s.april.pk], **ISSUE, "response_due": "2026-07-15"},
        ),
        CUSTOMER,
        api=False,
    ),
    Write(
        "api issue",
        lambda web, api, s: api.post(
            API,
            {
                "standard_code": "PS-1",
                "record_ids": [s.april.pk],
                "escalation_level": "discussion",
                "description": "April missed.",
            },
            format="json",
        ),
        CUSTOMER,
        api=True,
        api_refusal=404,
    ),
    Write("web answer", _web("answer", ANSWER), PROVIDER, api=False),
    Write("api answer", _api("answer", ANSWER), PROVIDER, api=True),
    Write("web accept", _web("accept", {"reason": ""}), CUSTOMER, api=False, setup=_answered),
    Write("api accept", _api("accept", {}), CUSTOMER, api=True, setup=_answered),
    Write("web return", _web("return", {"reason": "Vague"}), CUSTOMER, api=False, setup=_answered),
    Write("api return", _api("return", {"reason": "Vague"}), CUSTOMER, api=True, setup=_answered),
    Write("web withdraw", _web("withdraw", {"reason": "Error"}), CUSTOMER, api=False),
    Write("api withdraw", _api("withdraw", {"reason": "Error"}), CUSTOMER, api=True),
    Write("web escalate", _web("escalate", {"reason": "Late"}), CUSTOMER, api=False),
    Write("api escalate", _api("escalate", {"reason": "Late"}), CUSTOMER, api=True),
]


def fingerprint() -> Any:
    return (
        AuditEvent.objects.count(),
        CarHistory.objects.count(),
        sorted(
            CorrectiveActionRequest.objects.values_list(
                "number", "status", "escalation_level", "root_cause"
            )
        ),
    )


def _clients(world: World, username: str) -> tuple[Any, APIClient]:
    api = APIClient()
    api.force_authenticate(world.user(username))
    return world.client(username), api


@pytest.mark.parametrize("username", USERS)
def test_members_read_every_page_and_the_api_and_the_outsider_nothing(
    setup: Setup, username: str
) -> None:
    web, api = _clients(setup.world, username)
    before = fingerprint()
    want = 404 if username == OUTSIDER else 200
    for path in (
        WEB,
        f"{WEB}?status=issued&overdue=any&escalation=discussion&standard=ps-1&age=0-30",
        f"{WEB}1/",
        f"{WEB}export.xlsx",
        f"{WEB}export.pdf?status=issued",
        API,
        f"{API}1/",
        f"{API}1/history/",
        f"/programs/alpha/qasp/surveillance/{setup.march.pk}/",
    ):
        response = (api if path.startswith("/api/") else web).get(path)
        assert response.status_code == want, (username, path, response.status_code)
    issuer = username in CUSTOMER_EDITORS
    for path in (f"{WEB}new/?record={setup.april.pk}", f"{API}proposal/{setup.april.pk}/"):
        response = (api if path.startswith("/api/") else web).get(path)
        assert response.status_code == (200 if issuer else 404), (username, path)
    assert fingerprint() == before


@pytest.mark.parametrize("username", USERS)
def test_writes_by_role(setup: Setup, username: str) -> None:
    web, api = _clients(setup.world, username)
    for write in WRITES:
        with transaction.atomic():
            if write.setup is not None:
                write.setup(setup)
            before = fingerprint()
            response = write.call(web, api, setup)
            after = fingerprint()
            transaction.set_rollback(True)
        where = (username, write.name, response.status_code)
        if username in write.allowed:
            assert response.status_code in (200, 201, 302), (*where, response.content[:400])
            assert after[0] > before[0] and after[1] > before[1], (*where, "no audit or history")
            continue
        assert after == before, (*where, "a refused request changed something")
        if username == OUTSIDER or not write.api:
            assert response.status_code == 404, where
        else:
            assert response.status_code == write.api_refusal, where
            if write.api_refusal == 403:
                assert "Only" in response.json()["detail"], where


def test_the_record_page_offers_the_issue_link_or_shows_the_open_request(setup: Setup) -> None:
    web = setup.world.client("customer.program_manager")
    april = web.get(f"/programs/alpha/qasp/surveillance/{setup.april.pk}/").content.decode()
    assert "Issue a corrective action request" in april
    march = web.get(f"/programs/alpha/qasp/surveillance/{setup.march.pk}/").content.decode()
    assert "Issue a corrective action request" not in march
    assert "CAR-001" in march
    provider = setup.world.client("provider.program_manager")
    page = provider.get(f"/programs/alpha/qasp/surveillance/{setup.april.pk}/").content.decode()
    assert "Issue a corrective action request" not in page


def test_the_issue_form_is_prefilled_from_the_proposal(setup: Setup) -> None:
    web = setup.world.client("customer.program_manager")
    page = web.get(f"{WEB}new/?record={setup.april.pk}")
    form = page.context["form"]
    assert form.initial["records"] == [setup.april.pk]
    assert form.initial["escalation_level"] == "car"  # CAR-001 on PS-1 came first
    assert "April 2026: observed 98 %" in form.initial["description"]


def test_the_issue_page_of_a_record_in_an_open_request_goes_to_that_request(
    setup: Setup,
) -> None:
    web = setup.world.client("customer.program_manager")
    response = web.get(f"{WEB}new/?record={setup.march.pk}")
    assert response.status_code == 302 and response["Location"] == f"{WEB}1/"
    good = record_month(setup.world, 5, "99.9")
    assert web.get(f"{WEB}new/?record={good.pk}").status_code == 404
    assert web.get(f"{WEB}new/").status_code == 404


def test_a_refused_form_shows_the_message_beside_the_field(setup: Setup) -> None:
    web = setup.world.client("provider.program_manager")
    data = {f"answer-{k}": v for k, v in ANSWER.items()} | {"answer-target_date": "2026-06-01"}
    response = web.post(f"{WEB}1/answer/", data)
    assert response.status_code == 400
    assert "on or after the day of the answer" in response.content.decode()
    assert CorrectiveActionRequest.objects.get().status == "issued"


def _more_cars(world: World, count: int) -> None:
    for month in range(5, 5 + count):
        (record,) = missed(world, month)
        issue(world, record)


def test_register_and_api_list_queries_do_not_grow_with_rows(setup: Setup) -> None:
    web, api = _clients(setup.world, "provider.pmo_team")

    def count(path: str, client: Any) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    # A first request reads once what later ones reuse (the forced API user keeps the
    # membership it has read): compare later requests.
    (count(WEB, web), count(API, api), count(f"{WEB}export.xlsx", web))
    one = (count(WEB, web), count(API, api), count(f"{WEB}export.xlsx", web))
    _more_cars(setup.world, 2)
    assert CorrectiveActionRequest.objects.count() == 3
    # The reader's access is read again after the writes.
    (count(WEB, web), count(API, api), count(f"{WEB}export.xlsx", web))
    assert (count(WEB, web), count(API, api), count(f"{WEB}export.xlsx", web)) == one


def test_the_register_says_who_owes_the_next_step(setup: Setup) -> None:
    web = setup.world.client("independent.ivv_agent")
    page = web.get(WEB).content.decode()
    assert "The provider owes its answer by June 30, 2026" in page
