"""Building the review package as a background job (``programs`` jobs with progress).

The Program Managers and PMO Leads of the customer and the provider build it (as they build
status reports); every member of the program reads the readiness and downloads a built
package. One package is built per program at a time: asking while one is queued or running
is refused with where to follow it. The job reads the readiness, exports each artifact,
merges them into one PDF and keeps it in the portal's file storage (``MEDIA_ROOT``) under a
name of its own; the job keeps where. An artifact whose export fails fails the job with its
name and nothing is kept. Building is audited (the job's creation, as the person who asked).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from programs import limits
from programs.choices import JobStatus
from programs.errors import DomainError, PermissionRefused
from programs.models import Job, Program
from programs.services.jobs import job_advance, job_create, job_run

from ..rules import may_build
from . import pdf
from .criteria import ARTIFACTS
from .selectors import readiness_from
from .sources import Sources

KIND = "review_package"
STEPS = len(ARTIFACTS) + 2  # the readiness, each artifact, then merging and keeping it
BUILDERS = (
    "Only the Program Managers and PMO Leads of the customer and the provider build the "
    "review package."
)


class PackageInProgress(DomainError):
    """A package of the program is queued or running: one at a time."""


def package_jobs(program: Program) -> QuerySet[Job]:
    """The program's package jobs, newest first."""
    return Job.objects.filter(program=program, kind=KIND).select_related("created_by")


def package_in_progress(program: Program) -> Job | None:
    return package_jobs(program).filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING)).first()


def package_get(*, program: Program, pk: int) -> Job | None:
    """The package job ``pk`` of ``program``; callers check first that the person may view
    the program."""
    job = package_jobs(program).filter(pk=pk).first()
    if job is not None:
        job.program = program
    return job


def package_file(job: Job) -> str | None:
    """Where a built package is kept; None until the job is done."""
    if job.kind != KIND or job.status != JobStatus.DONE:
        return None
    return str(job.params.get("file") or "") or None


def download_url(job: Job) -> str:
    return reverse("reports:readiness_download", kwargs={"code": job.program.code, "pk": job.pk})


def _queue(job_id: int) -> None:
    from .tasks import build_review_package  # the task module imports this one

    build_review_package.delay(job_id)


def package_build_start(*, acting_user: User, program: Program, request_key: str = "") -> Job:
    """Queue the program's review package for ``acting_user``; the job to follow. The same
    ``request_key`` (a form posted twice) is the same job."""
    if not may_build(acting_user, program):
        raise PermissionRefused(BUILDERS)
    nonce = (request_key or uuid.uuid4().hex)[:64]
    key = f"{KIND}:{program.pk}:{acting_user.pk}:{nonce}"
    found = Job.objects.filter(key=key, program=program).first()
    if found is not None:
        return found
    with transaction.atomic():
        # Lock the program so two requests at once cannot both find no package running.
        Program.objects.select_for_update().filter(pk=program.pk).first()
        busy = package_in_progress(program)
        if busy is not None:
            asker = busy.created_by
            who = (asker.get_full_name() or asker.get_username()) if asker else "someone"
            raise PackageInProgress(
                f"A review package is being built already (asked by {who} at "
                f"{timezone.localtime(busy.created_at):%-I:%M %p}); follow it on its page and "
                "build again once it has finished.",
                extra={"job": busy.pk},
            )
        job, created = job_create(
            acting_user=acting_user,
            program=program,
            kind=KIND,
            key=key,
            title="Progress review package",
            total=STEPS,
            params={
                "section": "readiness",
                "retry_url": reverse("reports:readiness", kwargs={"code": program.code}),
            },
        )
        if created:
            transaction.on_commit(lambda: _queue(job.pk))
    return job


# -- the build itself (on a worker) -------------------------------------------------------


def _builder(job: Job) -> User:
    user = job.created_by
    if user is None or not user.is_active or not may_build(user, job.program):
        raise PermissionRefused(
            f"Who asked for the package may no longer build it; nothing was made. {BUILDERS}"
        )
    return user


def _work(job: Job) -> dict[str, Any]:
    program = job.program
    user = _builder(job)
    who = user.get_full_name() or user.get_username()
    job_advance(job=job, step="Reading the readiness", done=0, total=STEPS)
    sources = Sources(program, limits.today())
    readiness = readiness_from(sources)
    parts = [pdf.cover_pdf(readiness, generated_by=who)]
    for done, state in enumerate(readiness.artifacts, start=1):
        job_advance(job=job, step=f"Adding the {state.name}", done=done)
        parts.append(pdf.artifact_pdf(sources, state, generated_by=who))
    job_advance(job=job, step="Merging the package", done=STEPS - 1)
    body, pages = pdf.merge(parts)
    path = default_storage.save(
        f"review-packages/{program.code}/{uuid.uuid4().hex}.pdf", ContentFile(body)
    )
    job.params = {**job.params, "file": path}
    return {
        "message": f"The review package is ready: {pages} pages, readiness "
        f"{readiness.percent}% ({readiness.met_count} of {readiness.counted_count} criteria "
        "met).",
        "url": download_url(job),
        "url_label": "Download the review package (PDF)",
        "pages": pages,
        "bytes": len(body),
        "readiness_percent": readiness.percent,
    }


def package_build_run(*, job_id: int) -> Job | None:
    """Run the package job once (the task's whole body); None when there was nothing to run."""
    return job_run(job_id=job_id, kind=KIND, work=_work)
