"""Schedules in and out of files, the one path the pages, the API and the command line share:
the format follows the file name (``.xml`` Microsoft Project XML, ``.xlsx`` the portal's Excel
layout)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePath

from django.contrib.auth.models import User
from django.utils import timezone

from programs.errors import DomainError, ErrorCode
from programs.models import Program
from schedule.clock import to_engine
from schedule.interchange.data import ScheduleData
from schedule.interchange.errors import FileProblem, InterchangeError
from schedule.interchange.excel import read_xlsx, write_xlsx
from schedule.interchange.mspdi import read_mspdi, write_mspdi
from schedule.models import Schedule

from .baselines import agreed_baseline
from .compute import compute_data, schedule_data
from .quality import dcma_results
from .schedules import schedule_import

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


def read_schedule_file(data: bytes, filename: str) -> ScheduleData:
    """The schedule in the file, or InterchangeError listing every located problem."""
    if file_format(filename) == ".xml":
        return read_mspdi(data, source=filename)
    return read_xlsx(data)


def import_error(error: InterchangeError) -> DomainError:
    return DomainError(
        f"Nothing was imported. {error}",
        code=ErrorCode.IMPORT_INVALID,
        field="file",
        extra={
            "problems": [{"location": p.location, "message": p.message} for p in error.problems]
        },
    )


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
    """The schedule as files carry it, with the agreed baseline's dates on each task."""
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
