"""The review package: built as a job with progress into one PDF (a cover, the readiness
table, then each artifact's approved version or a page saying it has none), kept in the
portal's storage and downloaded by members; one package per program at a time; an export
that fails leaves a failed job with the reason and no file."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from pypdf import PdfReader

from programs.choices import AuditAction, DocumentStatus, JobStatus
from programs.models import AuditEvent, Job
from qasp.standards import QASP
from reports.readiness import package
from tests.conftest import World
from tests.lessons import conftest as lessons_world

from . import readiness_world as make

PM = "customer.program_manager"


@pytest.fixture
def build(world: World, django_capture_on_commit_callbacks: Any) -> Callable[..., Job]:
    """Build the package for ``user`` as the page would, the job run in process."""

    def run(user: str = PM) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            job = package.package_build_start(acting_user=world.user(user), program=world.program)
        job.refresh_from_db()
        return job

    return run


def pdf_text(body: bytes) -> list[str]:
    """Each page's text, its lines joined by single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(body)).pages]


def stored(job: Job) -> bytes:
    path = package.package_file(job)
    assert path is not None
    return (Path(settings.MEDIA_ROOT) / path).read_bytes()


def test_the_package_carries_the_readiness_and_the_approved_charter(
    world: World, build: Callable[..., Job]
) -> None:
    charter = make.approved_charter(world)
    make.document(world, QASP, DocumentStatus.IN_REVIEW)
    lesson = lessons_world.record(world)
    job = build()
    assert job.status == JobStatus.DONE, job.error_message
    steps = [step for _, step in job.steps]
    assert steps[:3] == ["Queued", "Started", "Reading the readiness"]
    assert "Adding the Program Charter" in steps and "Merging the package" in steps
    assert job.done_count == job.total_count == package.STEPS
    pages = pdf_text(stored(job))
    assert job.result["pages"] == len(pages) > 3
    assert "Readiness 11%" in pages[0] and world.program.name in pages[0]
    table = pages[1]
    assert "Charter updated for scope and timeline" in table
    assert "IMS drafted and agreed" in table
    assert "The QASP has no approved version: version 1 is in review since 4 May 2026." in table
    whole = " ".join(pages)
    assert charter.content["sections"]["purpose"] in whole  # the approved charter itself
    assert "Program Management Plan" in whole
    assert "The package carries no version of this artifact" in whole
    assert "Lessons-learned report" in whole and lesson.title in whole  # the lessons report
    assert job.result["url"] == reverse(
        "reports:readiness_download", kwargs={"code": "alpha", "pk": job.pk}
    )


def test_building_is_audited_as_the_person_who_asked(
    world: World, build: Callable[..., Job]
) -> None:
    job = build(user="provider.pmo_lead")
    event = AuditEvent.objects.get(target_type__model="job", target_id=str(job.pk))
    assert event.action == AuditAction.CREATE and event.actor == world.user("provider.pmo_lead")
    assert event.changes["kind"] == [None, package.KIND]


def test_a_member_downloads_the_built_package(world: World, build: Callable[..., Job]) -> None:
    job = build()
    url = reverse("reports:readiness_download", kwargs={"code": "alpha", "pk": job.pk})
    response = world.client("independent.ivv_agent").get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "alpha-progress-review-package-" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == stored(job)  # type: ignore[attr-defined]
    assert world.client("outsider").get(url).status_code == 404


def test_a_failing_export_fails_the_job_with_the_reason_and_keeps_no_file(
    world: World, build: Callable[..., Job], monkeypatch: pytest.MonkeyPatch
) -> None:
    make.approved_charter(world)

    def broken(version: Any) -> bytes:
        raise RuntimeError("fonts missing")

    monkeypatch.setattr("reports.readiness.pdf.render_document_pdf", broken)
    job = build()
    assert job.status == JobStatus.FAILED
    assert job.error_message.startswith(
        "The Program Charter could not be exported (RuntimeError); no package was made."
    )
    assert package.package_file(job) is None and "file" not in job.params
    assert not (Path(settings.MEDIA_ROOT) / "review-packages").exists()
    page = world.client(PM).get(reverse("reports:readiness", kwargs={"code": "alpha"}))
    assert "The Program Charter could not be exported" in page.content.decode()


def test_one_package_per_program_at_a_time(world: World) -> None:
    first = package.package_build_start(acting_user=world.user(PM), program=world.program)
    assert first.status == JobStatus.QUEUED  # its task waits for the commit
    before = (Job.objects.count(), AuditEvent.objects.count())
    with pytest.raises(package.PackageInProgress, match="being built already"):
        package.package_build_start(
            acting_user=world.user("provider.pmo_lead"), program=world.program
        )
    assert (Job.objects.count(), AuditEvent.objects.count()) == before
    response = world.client("provider.pmo_lead").post(
        reverse("reports:readiness_build", kwargs={"code": "alpha"})
    )
    assert response.status_code == 400
    assert "A review package is being built already" in response.content.decode()
    assert (Job.objects.count(), AuditEvent.objects.count()) == before
    Job.objects.filter(pk=first.pk).update(status=JobStatus.DONE)
    again = package.package_build_start(acting_user=world.user(PM), program=world.program)
    assert again.pk != first.pk


def test_the_same_request_twice_is_one_job(world: World) -> None:
    first = package.package_build_start(
        acting_user=world.user(PM), program=world.program, request_key="k1"
    )
    again = package.package_build_start(
        acting_user=world.user(PM), program=world.program, request_key="k1"
    )
    assert again.pk == first.pk and Job.objects.filter(kind=package.KIND).count() == 1


def test_a_builder_who_lost_the_role_gets_a_failed_job(world: World) -> None:
    from programs.models import Membership

    job = package.package_build_start(acting_user=world.user(PM), program=world.program)
    Membership.objects.filter(user=world.user(PM)).update(role="viewer")
    finished = package.package_build_run(job_id=job.pk)
    assert finished is not None and finished.status == JobStatus.FAILED
    assert "may no longer build it" in finished.error_message
