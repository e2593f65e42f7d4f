"""Schedule interchange speed: a 10,000-task Microsoft Project XML import and Excel exports.

    .venv/bin/python benchmarks/schedule_interchange.py

Targets (issue 3): 10,000 tasks MSPDI import under 5 s, 5,000 tasks to Excel under 2 s.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from schedule.engine.model import Link, LinkType, Task
from schedule.interchange.data import ScheduleData, TaskRecord
from schedule.interchange.excel import write_xlsx
from schedule.interchange.mspdi import read_mspdi, write_mspdi

TARGETS_S = {"mspdi_import_10k": 5.0, "xlsx_export_5k": 2.0}


def build(tasks: int) -> ScheduleData:
    """Phases of ten work packages of nine tasks each, chained finish-to-start inside a work
    package and work package to work package."""
    records: list[TaskRecord] = []
    links: list[Link] = []
    uid = 0
    phase = package = 0
    previous_leaf: int | None = None
    while uid < tasks:
        uid += 1
        phase += 1
        phase_uid = uid
        records.append(TaskRecord(Task(uid, f"Phase {phase}"), wbs=f"{phase}", outline_level=1))
        for package in range(1, 11):
            if uid >= tasks:
                break
            uid += 1
            package_uid = uid
            records.append(
                TaskRecord(
                    Task(uid, f"Work package {phase}.{package}", parent=phase_uid),
                    wbs=f"{phase}.{package}",
                    outline_level=2,
                )
            )
            for step in range(1, 10):
                if uid >= tasks:
                    break
                uid += 1
                records.append(
                    TaskRecord(
                        Task(
                            uid,
                            f"Task {phase}.{package}.{step}",
                            duration=480 * (1 + step % 4),
                            parent=package_uid,
                        ),
                        wbs=f"{phase}.{package}.{step}",
                        outline_level=3,
                    )
                )
                if previous_leaf is not None:
                    kind = LinkType.SS if step % 5 == 0 else LinkType.FS
                    links.append(Link(previous_leaf, uid, kind, 240 if step % 3 == 0 else 0))
                previous_leaf = uid
    return ScheduleData(
        name=f"Benchmark {tasks}",
        start=datetime(2025, 1, 6, 8),
        records=tuple(records),
        links=tuple(links),
    )


def _median(fn: Callable[[], object], runs: int = 5) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def run() -> dict[str, float]:
    """Median seconds of each operation."""
    big = build(10_000)
    xml = write_mspdi(big)
    half = build(5_000)
    return {
        "mspdi_import_10k": _median(lambda: read_mspdi(xml)),
        "mspdi_export_10k": _median(lambda: write_mspdi(big)),
        "xlsx_export_10k": _median(lambda: write_xlsx(big), runs=3),
        "xlsx_export_5k": _median(lambda: write_xlsx(half)),
    }


def main() -> None:
    for name, seconds in run().items():
        target = TARGETS_S.get(name)
        verdict = (
            ""
            if target is None
            else f"  (target {target:.1f} s: {'met' if seconds <= target else 'MISSED'})"
        )
        print(f"{name:20s} {seconds * 1000:8.0f} ms{verdict}")


if __name__ == "__main__":
    main()
