"""The proposed rating of each area, from plain data: the bands of FAR 42.1503 Table 42-1 as
``qasp.rating`` reads them, and the reasons in sentences."""

from __future__ import annotations

from datetime import date

import pytest

from qasp import rating
from qasp.rating import Car, Result

END = date(2026, 9, 30)
TODAY = date(2026, 11, 2)


def results(total: int, misses: dict[str, list[int]] | None = None) -> list[Result]:
    """``total`` results in July-September 2026, with the misses given per standard as
    months."""
    missed = [
        Result(code, date(2026, month, 1), False)
        for code, months in (misses or {}).items()
        for month in months
    ]
    met = [
        Result(f"PS-{10 + i}", date(2026, 7 + i % 3, 1), True) for i in range(total - len(missed))
    ]
    return met + missed


def car(reference: str = "CAR-001", **kw: object) -> Car:
    values: dict[str, object] = {
        "standard": "PS-2",
        "status": "closed",
        "issued_on": date(2026, 8, 10),
        "response_due": date(2026, 8, 24),
        "answered_on": date(2026, 8, 20),
        "closed_on": date(2026, 9, 25),
    }
    return Car(reference, **(values | kw))  # type: ignore[arg-type]


def test_eleven_of_twelve_met_is_satisfactory_with_the_miss_named() -> None:
    proposal = rating.propose_quality(results(12, {"PS-2": [7]}))
    assert proposal.rating == rating.SATISFACTORY
    assert proposal.reasons[0] == "11 of 12 surveillance results met their AQL (92%)."
    assert proposal.reasons[1] == "PS-2 missed its AQL in July 2026."
    assert proposal.reasons[2].startswith("Proposed Satisfactory (meets the requirements")


def test_every_result_met_is_very_good_never_exceptional() -> None:
    proposal = rating.propose_quality(results(15))
    assert proposal.rating == rating.VERY_GOOD
    assert proposal.reasons[0] == "15 of 15 surveillance results met their AQL (100%)."
    assert "Exceptional rests on your evidence" in proposal.reasons[-1]


def test_one_isolated_miss_among_many_is_very_good() -> None:
    assert rating.propose_quality(results(20, {"PS-1": [8]})).rating == rating.VERY_GOOD


def test_a_standard_missed_twice_is_at_most_satisfactory_and_said_in_months() -> None:
    proposal = rating.propose_quality(results(60, {"PS-2": [7, 8]}))
    assert proposal.rating == rating.SATISFACTORY
    assert "PS-2 missed its AQL in July and August 2026." in proposal.reasons
    assert "more than a minor problem" in proposal.reasons[-1]


def test_a_standard_missed_in_three_periods_is_marginal() -> None:
    proposal = rating.propose_quality(results(60, {"PS-3": [7, 8, 9]}))
    assert proposal.rating == rating.MARGINAL
    assert "PS-3 missed its AQL in July, August and September 2026." in proposal.reasons


@pytest.mark.parametrize(
    ("total", "missed", "expected"),
    [
        (10, [7, 8], rating.SATISFACTORY),  # 80% exactly
        (10, [7, 8, 9], rating.MARGINAL),  # 70%: misses some
        (10, [7] * 5, rating.MARGINAL),  # 50% exactly
        (10, [7] * 6, rating.UNSATISFACTORY),  # 40%: misses most
    ],
)
def test_the_share_bands(total: int, missed: list[int], expected: int) -> None:
    misses = {f"PS-{i}": [m] for i, m in enumerate(missed)}
    assert rating.propose_quality(results(total, misses)).rating == expected


def test_quarterly_labels_are_kept() -> None:
    quarter = Result("PS-6", date(2026, 7, 1), False, "Q4 FY2026 (July to September 2026)")
    proposal = rating.propose_quality([quarter, *results(9)])
    assert "PS-6 missed its AQL in Q4 FY2026 (July to September 2026)." in proposal.reasons


def test_one_result_is_said_in_the_singular() -> None:
    proposal = rating.propose_quality([Result("PS-1", date(2026, 7, 1), True)])
    assert proposal.reasons[0] == "1 of 1 surveillance result met its AQL (100%)."


def test_misses_across_years_name_each_year() -> None:
    misses = [Result("PS-1", date(2025, 12, 1), False), Result("PS-1", date(2026, 1, 1), False)]
    assert rating.periods_text(misses) == "December 2025 and January 2026"


def test_cars_answered_on_time_and_accepted_are_very_good() -> None:
    proposal = rating.propose_management([car()], END, TODAY)
    assert proposal.rating == rating.VERY_GOOD
    assert proposal.reasons[:2] == (
        "1 corrective action request was issued in or open during the period.",
        "CAR-001 was answered on time.",
    )


def test_a_returned_car_is_satisfactory_and_said_so() -> None:
    proposal = rating.propose_management([car(returns=1)], END, TODAY)
    assert proposal.rating == rating.SATISFACTORY
    assert "CAR-001 was returned once before its answer was accepted." in proposal.reasons


def test_a_late_answer_is_satisfactory() -> None:
    proposal = rating.propose_management([car(answered_on=date(2026, 8, 27))], END, TODAY)
    assert proposal.rating == rating.SATISFACTORY
    assert "CAR-001 was answered 3 days late." in proposal.reasons


def test_an_overdue_answer_is_marginal_with_the_days_overdue() -> None:
    waiting = car(
        "CAR-002",
        status="issued",
        issued_on=date(2026, 9, 8),
        response_due=date(2026, 9, 22),
        answered_on=None,
        closed_on=None,
    )
    proposal = rating.propose_management([car(), waiting], END, date(2026, 10, 4))
    assert proposal.rating == rating.MARGINAL
    assert "CAR-002 is awaiting the provider's answer, 12 days overdue." in proposal.reasons
    assert (
        "CAR-002 was open at the end of the period, its corrective action not yet accepted."
        in proposal.reasons
    )


def test_two_overdue_answers_are_unsatisfactory() -> None:
    waiting = {"status": "issued", "answered_on": None, "closed_on": None}
    cars = [car("CAR-001", **waiting), car("CAR-002", **waiting)]
    assert rating.propose_management(cars, END, TODAY).rating == rating.UNSATISFACTORY


def test_a_car_returned_twice_is_marginal() -> None:
    proposal = rating.propose_management([car(returns=2)], END, TODAY)
    assert proposal.rating == rating.MARGINAL
    assert "CAR-001 was returned twice before its answer was accepted." in proposal.reasons


def test_an_answer_not_yet_due_is_said_with_its_date() -> None:
    waiting = car(status="issued", answered_on=None, closed_on=None, response_due=date(2026, 11, 9))
    proposal = rating.propose_management([waiting], END, TODAY)
    assert "CAR-001 is awaiting the provider's answer, due by November 9, 2026." in (
        proposal.reasons
    )


def test_withdrawn_cars_are_no_evidence() -> None:
    proposal = rating.propose_management([car(status="withdrawn")], END, TODAY)
    assert (proposal.rating, proposal.reasons) == (None, (rating.NO_EVIDENCE,))


def test_areas_without_evidence_get_no_proposal_and_say_so() -> None:
    proposals = rating.propose(
        ["quality", "schedule", "cost_control", "management"],
        results=[],
        cars=[],
        period_end=END,
        today=TODAY,
    )
    assert {area: p.rating for area, p in proposals.items()} == dict.fromkeys(proposals)
    assert proposals["schedule"].reasons == (
        "No surveillance or corrective action evidence for this area in the period: rate it "
        "from your own evidence.",
    )
    assert proposals["cost_control"].rating_text == "No proposal"
