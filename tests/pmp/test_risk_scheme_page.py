"""The risk scheme page of the RAID log: every member reads the scales, the banding and the
review interval; the Program Managers and PMO Leads of the customer and the provider change
them through its form (audited); anyone else's change is a 404 and changes nothing; bad
input is refused naming the field, with nothing saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pmp import risk_matrix
from pmp.models import RiskScheme
from pmp.services.raid import scheme_for
from programs.models import AuditEvent
from tests.conftest import OUTSIDER, World

from .conftest import record

URL = "/programs/alpha/pmp/raid/risk-scheme/"
SETTERS = {
    "customer.program_manager",
    "customer.pmo_lead",
    "provider.program_manager",
    "provider.pmo_lead",
}


def form_data(**changes: str) -> dict[str, str]:
    """The default scheme as the form posts it, with ``changes`` applied."""
    data = {"review_interval_days": "14"}
    for scale, labels in (
        ("probability", risk_matrix.DEFAULT_PROBABILITY_LABELS),
        ("impact", risk_matrix.DEFAULT_IMPACT_LABELS),
    ):
        for value, label in enumerate(labels, 1):
            data[f"{scale}_label_{value}"] = label
    for p, row in enumerate(risk_matrix.default_bands(), 1):
        for i, band in enumerate(row, 1):
            data[f"band_{p}_{i}"] = band
    return {**data, **changes}


def _state(scheme: RiskScheme) -> tuple[Any, ...]:
    scheme.refresh_from_db()
    return (
        scheme.probability_labels,
        scheme.impact_labels,
        scheme.bands,
        scheme.review_interval_days,
        AuditEvent.objects.count(),
    )


def test_the_roles_that_set_the_scheme_are_the_api_s() -> None:
    from tests.conftest import ROLE_MATRIX

    found = {
        name
        for name, party, role, _ in ROLE_MATRIX
        if party in ("customer", "provider") and role in ("program_manager", "pmo_lead")
    }
    assert found == SETTERS


def test_every_member_reads_the_page_and_only_setters_get_the_form(world: World) -> None:
    for who in world.users:
        response = world.client(who).get(URL)
        if who == OUTSIDER:
            assert response.status_code == 404
            continue
        assert response.status_code == 200, who
        text = response.content.decode()
        assert "Almost certain" in text and "Severe" in text, who
        assert "Very high" in text and "every 14 days" in text, who
        has_form = 'name="band_4_2"' in text
        assert has_form == (who in SETTERS), who
        if has_form:
            assert "Band for probability 4 (Likely), impact 2 (Minor)" in text


def test_a_post_by_anyone_but_a_setter_is_a_404_and_changes_nothing(world: World) -> None:
    scheme = scheme_for(world.program)
    body = form_data(probability_label_5="Near certain", band_1_1="very_high")
    for who in world.users:
        if who in SETTERS:
            continue
        before = _state(scheme)
        save = world.client(who).post(URL, body)
        preview = world.client(who).post(URL, {**body, "preview": "1"})
        assert (save.status_code, preview.status_code) == (404, 404), who
        assert _state(scheme) == before, who


@pytest.mark.parametrize("who", sorted(SETTERS))
def test_a_setter_saves_the_scheme_and_the_change_is_audited(world: World, who: str) -> None:
    scheme = scheme_for(world.program)
    body = form_data(
        probability_label_5="Near certain", band_1_1="very_high", review_interval_days="30"
    )
    response = world.client(who).post(URL, body)
    assert response.status_code == 302 and response["Location"] == URL
    scheme.refresh_from_db()
    assert scheme.probability_labels[4] == "Near certain"
    assert scheme.bands[0][0] == "very_high"
    assert scheme.review_interval_days == 30
    event = AuditEvent.objects.filter(program=world.program).latest("created_at")
    assert event.actor == world.user(who)
    assert event.changes["review_interval_days"] == [14, 30]
    assert event.changes["probability_labels"][1][4] == "Near certain"
    assert event.changes["bands"][0][0][0] == "low"
    assert event.changes["bands"][1][0][0] == "very_high"
    assert set(event.changes) == {"probability_labels", "bands", "review_interval_days"}
    page = world.client("customer.viewer").get(URL).content.decode()
    assert "Near certain" in page and "every 30 days" in page


def test_saving_the_same_scheme_records_no_change(world: World) -> None:
    scheme = scheme_for(world.program)
    before = _state(scheme)
    response = world.client("customer.pmo_lead").post(URL, form_data())
    assert response.status_code == 302
    assert _state(scheme) == before


TOO_LONG = "x" * 41


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"probability_label_3": TOO_LONG}, "Shorten the label of probability 3 to at most 40"),
        ({"impact_label_2": ""}, "Give the label of impact 2."),
        ({"impact_label_5": "   "}, "Give the label of impact 5."),
        ({"probability_label_1": "a\x00b"}, "Null characters are not allowed."),
        ({"band_4_2": "purple"}, "Choose the band of probability 4, impact 2: one of low"),
        ({"band_5_5": ""}, "Choose the band of probability 5, impact 5."),
        ({"review_interval_days": "0"}, "The review interval is 1 to 366 days."),
        ({"review_interval_days": "367"}, "The review interval is 1 to 366 days."),
        ({"review_interval_days": "9" * 30}, "The review interval is 1 to 366 days."),
        ({"review_interval_days": "9" * 5000}, "Give the review interval as a whole number"),
        ({"review_interval_days": "1e400"}, "Give the review interval as a whole number"),
        ({"review_interval_days": "two weeks"}, "Give the review interval as a whole number"),
        ({"review_interval_days": ""}, "Give the review interval in days."),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    world: World, changes: dict[str, str], message: str
) -> None:
    scheme = scheme_for(world.program)
    before = _state(scheme)
    body = form_data(probability_label_5="Near certain", band_1_1="high", **changes)
    response = world.client("provider.pmo_lead").post(URL, body)
    assert response.status_code == 400
    text = response.content.decode()
    assert "The risk scheme was not saved" in text
    assert message in text.replace("&#x27;", "'"), text
    assert _state(scheme) == before  # nothing half-saved: the valid changes neither


def test_a_missing_cell_or_label_is_refused(world: World) -> None:
    scheme = scheme_for(world.program)
    before = _state(scheme)
    body = form_data()
    del body["band_3_3"], body["impact_label_4"], body["review_interval_days"]
    response = world.client("customer.program_manager").post(URL, body)
    assert response.status_code == 400
    text = response.content.decode()
    for message in (
        "Choose the band of probability 3, impact 3.",
        "Give the label of impact 4.",
        "Give the review interval in days.",
    ):
        assert message in text
    assert _state(scheme) == before


def test_repeated_fields_and_an_empty_post_are_refused(world: World) -> None:
    scheme = scheme_for(world.program)
    before = _state(scheme)
    client = world.client("customer.program_manager")
    assert client.post(URL, {}).status_code == 400
    body: dict[str, Any] = {**form_data(), "band_1_1": ["high", "<script>"]}
    response = client.post(URL, body)  # the last value counts
    assert response.status_code == 400
    assert "&lt;script&gt;" not in response.content.decode()
    assert _state(scheme) == before


def test_the_preview_lists_the_open_risks_whose_band_changes_and_saves_nothing(
    world: World,
) -> None:
    risk = record(world, "risk")  # inherent 4 x 5 (very high), residual 2 x 4 (high)
    closed = record(world, "risk", title="Closed one")
    closed.status = "closed"
    closed.save(update_fields=["status"])
    scheme = scheme_for(world.program)
    before = _state(scheme)
    body = form_data(band_2_4="moderate", band_1_1="high", preview="1")
    response = world.client("customer.pmo_lead").post(URL, body)
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 band of open risks would change" in text
    assert risk.reference in text and "Closed one" not in text
    assert "Residual (after response)" in text
    assert _state(scheme) == before
    unchanged = world.client("customer.pmo_lead").post(URL, form_data(preview="1"))
    assert "No open risk would change band" in unchanged.content.decode()


def _queries(client: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries)


# A viewer's navigation reads the schedule's money setting to know whether to offer the cost
# pages (a Program Manager or PMO Lead sees costs whatever it says): one query more.
@pytest.mark.parametrize(("who", "expected"), [("customer.viewer", 5), ("provider.pmo_lead", 4)])
def test_the_page_reads_a_fixed_number_of_queries(world: World, who: str, expected: int) -> None:
    scheme_for(world.program)
    client = world.client(who)
    _queries(client)  # warm the per-process caches (content types)
    first = _queries(client)
    for _ in range(5):
        record(world, "risk")
    _queries(client)  # access is read again after the writes
    assert _queries(client) == first == expected
