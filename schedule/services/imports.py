"""Imports of a schedule file as a background job, for the page and the API: the request
checks what it cheaply can (who asks, the file's kind, size and task count, a schedule already
there), stores the file and queues the job; a Celery worker (or the request itself, when
Celery is eager) reads the file, imports it all or nothing, and deletes it. The job page shows
the result, or why nothing was imported with every located problem. The command line imports
in process (``import_schedule_file``) with the same limits."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import PurePath
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse

from programs.errors import DomainError, ErrorCode
from programs.models import Job, Program
from programs.services.jobs import job_advance, job_create, job_run
from programs.uploads import check_size
from schedule.interchange.errors import InterchangeError
from schedule.models import Schedule

from .files import check_schedule_file, file_format, read_schedule_file
from .schedules import import_error, refuse_replacing, schedule_import

KIND = "schedule_import"
UPLOAD_KIND = "schedule"  # settings.UPLOAD_LIMITS
STEPS = 3  # read the file, compute and save it, done


def _not_imported(filename: str, error: DomainError) -> DomainError:
    """An invalid file's refusal as the person reads it, with every located problem."""
    if error.code != ErrorCode.IMPORT_INVALID:
        return error
    return DomainError(
        f"{filename} was not imported; nothing was changed.",
        code=ErrorCode.IMPORT_INVALID,
        field="file",
        extra=error.extra,
    )


def refuse_import(*, acting_user: User, program: Program, replace: bool) -> None:
    """What refuses an import whatever the file, checked before the file is stored."""
    existing = Schedule.objects.filter(program=program).first()
    refuse_replacing(acting_user=acting_user, program=program, existing=existing, replace=replace)


def import_job_start(
    *,
    acting_user: User,
    program: Program,
    file: IO[bytes],
    filename: str,
    replace: bool = False,
    request_key: str = "",
) -> Job:
    """Check the file, store it and queue its import; the job to follow. The same file sent
    again with the same ``request_key`` (a form posted twice) is the same job."""
    refuse_import(acting_user=acting_user, program=program, replace=replace)
    try:
        suffix = file_format(filename)
    except InterchangeError as error:
        raise import_error(error) from error
    content = file.read()
    check_size(kind=UPLOAD_KIND, size=len(content))
    check_schedule_file(content, filename)
    digest = hashlib.sha256(content).hexdigest()[:32]
    nonce = request_key or uuid.uuid4().hex
    key = f"{KIND}:{program.pk}:{acting_user.pk}:{nonce[:64]}:{digest}:{int(replace)}"
    found = Job.objects.filter(key=key, program=program).first()
    if found is not None:
        return found
    name = PurePath(filename).name
    path = default_storage.save(
        f"imports/{program.code}/{uuid.uuid4().hex}{suffix}", ContentFile(content)
    )
    try:
        with transaction.atomic():
            job, created = job_create(
                acting_user=acting_user,
                program=program,
                kind=KIND,
                key=key,
                title=f"Import of {name}",
                total=STEPS,
                params={
                    "path": path,
                    "filename": name,
                    "replace": replace,
                    "section": "schedule",
                    "retry_url": reverse("schedule:import", kwargs={"code": program.code}),
                },
            )
            if created:
                transaction.on_commit(lambda: _queue(job.pk))
    except BaseException:
        default_storage.delete(path)
        raise
    if not created:
        default_storage.delete(path)
    return job


def _queue(job_id: int) -> None:
    from schedule.tasks import import_schedule  # the task module imports this one

    import_schedule.delay(job_id)


def _work(job: Job) -> dict[str, Any]:
    params = job.params
    filename = str(params["filename"])
    user = job.created_by
    try:
        if user is None or not user.is_active:
            raise DomainError(
                "Who asked for the import is no longer a portal user; nothing was imported.",
                code=ErrorCode.PERMISSION_DENIED,
            )
        job_advance(job=job, step=f"Reading {filename}", done=0, total=STEPS)
        with default_storage.open(params["path"], "rb") as stored:
            content = stored.read()
        try:
            data = read_schedule_file(content, filename)
        except InterchangeError as error:
            raise _not_imported(filename, import_error(error)) from error
        job_advance(
            job=job,
            step=f"Computing and saving {len(data.records):,} tasks and "
            f"{len(data.links):,} dependencies",
            done=1,
        )
        try:
            schedule, warnings = schedule_import(
                acting_user=user,
                program=job.program,
                data=data,
                source_name=filename,
                replace=bool(params.get("replace")),
            )
        except PermissionDenied as error:
            raise DomainError(
                "You may no longer change this program's schedule; nothing was imported.",
                code=ErrorCode.PERMISSION_DENIED,
            ) from error
        job_advance(job=job, step="Saved", done=2)
    finally:
        default_storage.delete(params["path"])
    tasks, links = len(data.records), len(data.links)  # all or nothing: every one stored
    return {
        "message": f"Imported {filename}: {tasks} tasks and {links} dependencies, computed by "
        "the portal's engine.",
        "warnings": warnings,
        "url": reverse("schedule:tasks", kwargs={"code": job.program.code}),
        "url_label": "Open the task table",
        "schedule": {
            "source_name": schedule.source_name,
            "revision": schedule.revision,
            "tasks": tasks,
            "dependencies": links,
            "start": schedule.start.isoformat() if schedule.start else None,
            "finish": schedule.finish.isoformat() if schedule.finish else None,
        },
    }


def import_job_run(*, job_id: int) -> Job | None:
    """Run the import job once (the Celery task's whole body)."""
    return job_run(job_id=job_id, kind=KIND, work=_work)
