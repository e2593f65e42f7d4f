"""Quality: each scheduled standard of the approved QASP surveilled in the period against its
acceptable quality level, the surveillance overdue, and the corrective action requests
overdue on a step at the report's date."""

from __future__ import annotations

from typing import Any

from qasp import periods as qasp_periods
from qasp.car_selectors import next_step, overdue_cars
from qasp.selectors import NOT_ACCEPTABLE, OVERDUE, schedule

from .. import rating
from .base import Context, absent, day

KEY = "quality"
TITLE = "Quality"


def read(ctx: Context) -> dict[str, Any]:
    surveillance = schedule(ctx.program, today=ctx.today)
    if not surveillance.approved:
        return absent("The program has no approved QASP.")
    results = []
    overdue = 0
    for row in surveillance.rows:
        first = qasp_periods.period_start(ctx.period_start, row.standard.frequency)
        for cell in row.cells:
            overdue += cell.status == OVERDUE
            if not first <= cell.period <= ctx.period_end:
                continue
            record = cell.record
            results.append(
                {
                    "code": row.standard.code,
                    "standard": row.standard.standard,
                    "aql": row.standard.aql_text,
                    "period": cell.label,
                    "observed": record.observed_text if record is not None else None,
                    "result": cell.status,
                    "due_by": day(cell.due_by),
                }
            )
    failed = sorted({str(r["code"]) for r in results if r["result"] == NOT_ACCEPTABLE})
    cars = []
    for car in overdue_cars(ctx.today).filter(program=ctx.program).order_by("number"):
        step = next_step(car)
        cars.append(
            {
                "reference": car.reference,
                "standard": car.standard_code,
                "owed": step.text if step is not None else "",
            }
        )
    return {
        "present": True,
        "qasp_version": surveillance.version_number,
        "results": results,
        "failed_standards": failed,
        "overdue_surveillance": overdue,
        "overdue_cars": cars,
    }


def assess(data: dict[str, Any], t: rating.Thresholds) -> dict[str, Any] | None:
    if not data.get("present"):
        return None
    failed = len(data["failed_standards"])
    overdue = data["overdue_surveillance"]
    cars = data.get("overdue_cars", [])  # snapshots of schema 1 before requests were read
    return rating.area(
        KEY,
        TITLE,
        [
            rating.count_indicator(
                "Standards that failed their AQL in the period",
                failed,
                yellow_from=1,
                red_from=t.quality_red_failures,
                why=f"{', '.join(data['failed_standards'])} not acceptable; red from "
                f"{t.quality_red_failures}"
                if failed
                else "every result in the period is acceptable",
            ),
            rating.count_indicator(
                "Overdue surveillance",
                overdue,
                yellow_from=1,
                why="a surveillance record is overdue" if overdue else "none overdue",
            ),
            rating.count_indicator(
                "Overdue corrective action requests",
                len(cars),
                yellow_from=1,
                red_from=t.quality_red_failures,
                why=", ".join(f"{c['reference']} ({c['standard']}) overdue" for c in cars)
                if cars
                else "none overdue",
            ),
        ],
    )
