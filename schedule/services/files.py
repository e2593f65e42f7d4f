"""Schedules in and out of files, the one path the pages, the API and the command line share:
the format follows the file name (``.xml`` Microsoft Project XML, ``.xlsx`` the portal's Excel
layout)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone

from programs.errors import DomainError, ErrorCode
from programs.models import Program
from schedule.clock import to_engine
from schedule.interchange.data import ScheduleData
from schedule.interchange.errors import FileProblem, InterchangeError
from schedule.interchange.excel import read_xlsx, write_xlsx
from schedule.interchange.limits import (
    TooLarge,
    TooManyTasks,
    check_workbook,
    count_mspdi_tasks,
)
from schedule.interchange.mspdi import read_mspdi, write_mspdi
from schedule.models import Schedule

from .baselines import agreed_baseline
from .compute import compute_data, schedule_data
from .quality import dcma_results
from .schedules import import_error, refuse_too_many_tasks, schedule_import, task_limit

FORMATS = {
    ".xml": "application/xml",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def file_format(filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    if suffix not in FORMATS:
        raise InterchangeError(
            [
                FileProblem(
                    filename,
                    "is neither Microsoft Project XML (.xml) nor the portal's Excel layout "
                    "(.xlsx).",
                )
            ],
            source=filename,
        )
    return suffix


def check_schedule_file(data: bytes, filename: str) -> None:
    """Refuse, before any parser reads it, a file with more tasks than a schedule holds or a
    workbook that unpacks too big: a DomainError naming the limit (``too_many_tasks``,
    ``upload_too_large``). Cheap: counts tags and reads the workbook's directory."""
    if file_format(filename) == ".xml":
        # The project summary (UID 0) is a <Task> too; the exact count is checked on import.
        count = count_mspdi_tasks(data)
        if count > task_limit() + 1:
            refuse_too_many_tasks(count=count - 1 if b"<UID>0</UID>" in data else count)
        return
    try:
        check_workbook(
            data,
            max_unpacked=settings.SCHEDULE_XLSX_MAX_UNPACKED_BYTES,
            max_tasks=task_limit(),
        )
    except TooManyTasks as error:
        refuse_too_many_tasks(count=error.count)
    except TooLarge as error:
        raise DomainError(str(error), code=ErrorCode.UPLOAD_TOO_LARGE, field="file") from error


def read_schedule_file(data: bytes, filename: str) -> ScheduleData:
    """The schedule in the file, or InterchangeError listing every located problem; a file
    past the limits is refused first (``check_schedule_file``)."""
    check_schedule_file(data, filename)
    if file_format(filename) == ".xml":
        return read_mspdi(data, source=filename)
    return read_xlsx(data)


def import_schedule_file(
    *, acting_user: User, program: Program, data: bytes, filename: str, replace: bool = False
) -> tuple[Schedule, list[str]]:
    """Read and import a file, all or nothing; a bad file is a DomainError (import_invalid)
    whose ``problems`` say where each fault is."""
    try:
        parsed = read_schedule_file(data, filename)
    except InterchangeError as error:
        raise import_error(error) from error
    return schedule_import(
        acting_user=acting_user,
        program=program,
        data=parsed,
        source_name=PurePath(filename).name,
        replace=replace,
    )


def export_data(schedule: Schedule) -> ScheduleData:
    """The schedule as files carry it (tasks, links, resources with their rates,
    assignments), with the agreed baseline's dates, work and cost on each task."""
    data = schedule_data(schedule)
    baseline = agreed_baseline(schedule)
    if baseline is None:
        return data
    frozen = {t.uid: t for t in baseline.tasks.all()}
    records = tuple(
        replace(
            r,
            baseline_start=to_engine(frozen[r.task.uid].start),
            baseline_finish=to_engine(frozen[r.task.uid].finish),
            baseline_duration=frozen[r.task.uid].duration,
            baseline_work=frozen[r.task.uid].work,
            baseline_cost=frozen[r.task.uid].cost,
        )
        if r.task.uid in frozen
        else r
        for r in data.records
    )
    return replace(data, records=records)


def export_filename(schedule: Schedule, suffix: str) -> str:
    return f"{schedule.program.code}-ims-{timezone.localdate().isoformat()}{suffix}"


def export_schedule_file(schedule: Schedule, suffix: str) -> bytes:
    """The schedule with what the engine computed: Microsoft Project XML carries early and
    late dates, slack and critical flags in Microsoft Project's units; the workbook carries
    the DCMA results too."""
    data = export_data(schedule)
    result = compute_data(data)
    if file_format(f"x{suffix}") == ".xml":
        return write_mspdi(data, result)
    return write_xlsx(data, result, dcma=dcma_results(schedule, data=data, result=result))
