"""Published worked examples, as data: their inputs and the results they print.

Kept apart from the tests so that API and workbook tests can build a program from the same
figures. Money is in integer cents, as ``pmp.evm`` takes it.

1. The fence ("Earned Value Exercise", a one-page exercise with its answers, credited in its
   footnote to *PMP Exam Prep*, p. 210; no author or year printed; stored at
   https://studylib.net/doc/5898152/earned-value-exercise). A fence of four
   sides, each a day's work budgeted at $1,000, built one after the other. Status: the end of
   day 3. Side 1 is complete and cost $1,000; side 2 complete, $1,200; side 3 half done,
   $600; side 4 not started. Each side is a control account here.

2. Earned schedule ("Explanation", Project Management PrepCast PMP exam discussion forum,
   topic 9649, answer by Harry J. Elston, https://www.project-management-prepcast.com/
   kunena/pmp-exam-discussion/9649-explanation). A project planned to take 5 months, 3
   months in, with half of its work done. The answer takes the plan as even ("100% work <=>
   5 months, so 50% work <=> 2.5 months"): 20% of the work planned each month. The source
   gives shares of the work, not dollars; they are written here as a budget of 100 cents, a
   choice of unit that changes none of its results.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pmp.evm.series import Cumulative

# 1. The fence.
FENCE_SOURCE = "https://studylib.net/doc/5898152/earned-value-exercise"
FENCE_BUDGETS = {"Side 1": 1_000_00, "Side 2": 1_000_00, "Side 3": 1_000_00, "Side 4": 1_000_00}
FENCE_STATUS = {  # cumulative to the end of day 3
    "Side 1": Cumulative(pv=1_000_00, ev=1_000_00, ac=1_000_00),
    "Side 2": Cumulative(pv=1_000_00, ev=1_000_00, ac=1_200_00),
    "Side 3": Cumulative(pv=1_000_00, ev=500_00, ac=600_00),
    "Side 4": Cumulative(pv=0, ev=0, ac=0),
}
# pmp.evm's series is monthly; the day-3 status is placed at a month's end. The date is ours,
# not the source's, and enters none of the figures.
FENCE_STATUS_DATE = date(2026, 3, 31)
FENCE_PUBLISHED = {  # as printed, in dollars
    "pv": Decimal("3000"),
    "ev": Decimal("2500"),
    "ac": Decimal("2800"),
    "bac": Decimal("4000"),
    "cv": Decimal("-300"),
    "cpi": Decimal(".893"),
    "sv": Decimal("-500"),
    "spi": Decimal(".833"),
    "eac": Decimal("4479"),  # "4,000 / .893": BAC over the CPI rounded to three places
    "etc": Decimal("1679"),  # EAC - AC, from that EAC
    "vac": Decimal("-479"),  # BAC - EAC, from that EAC
}

# 2. Earned schedule.
ES_SOURCE = (
    "https://www.project-management-prepcast.com/kunena/pmp-exam-discussion/9649-explanation"
)
ES_PLANNED = [20, 40, 60, 80, 100]  # cumulative share of the work planned by month's end
ES_EARNED = 50  # half of the work done
ES_ACTUAL_TIME = 3  # months into the project
ES_PUBLISHED = {
    "es": Decimal("2.5"),  # months
    "sv_t": Decimal("-0.5"),  # months
    "spi_t": Decimal("0.83"),
}
