"""What an import refuses before it reads a file whole or lets a parser near it: an upload over
the size limit (refused while it streams, 413, nothing stored), a JSON body over its limit, a
workbook that unpacks too big (a zip bomb), and a file with more tasks than a schedule holds
(on the page, the API, the command line, the service, and one task at a time)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from programs.errors import DomainError
from programs.models import AuditEvent, Job
from schedule.interchange import excel
from schedule.interchange.excel import write_xlsx
from schedule.models import Schedule, Task
from schedule.services import files
from schedule.services import tasks as task_services
from schedule.services.compute import compute_data
from schedule.services.schedules import schedule_import
from tests.conftest import World

from .factories import DEMO_FILE_NAME, demo_mspdi, sample_schedule_data

PM = "provider.program_manager"
MB = 1024 * 1024
PAGE = "/programs/alpha/schedule/import/"
API = "/api/programs/alpha/schedule/import/"


def named(content: bytes, name: str) -> io.BytesIO:
    stream = io.BytesIO(content)
    stream.name = name
    return stream


def api_client(world: World, name: str = PM) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.user(name))
    return client


def stored_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def nothing_stored(world: World, audit: int) -> None:
    assert not Job.objects.exists()
    assert not Schedule.objects.filter(program=world.program).exists()
    assert AuditEvent.objects.count() == audit
    assert stored_files() == []


@pytest.fixture
def one_mb_limit(settings: Any) -> None:
    settings.UPLOAD_LIMITS = {"schedule": MB}


def oversized_xml(size: int) -> bytes:
    """A Microsoft Project file padded with a comment to ``size`` bytes."""
    content = demo_mspdi()
    return content + b"<!--" + b"x" * (size - len(content) - 7) + b"-->"


# -- uploads over the size limit ----------------------------------------------------------


def test_an_oversized_upload_is_refused_by_its_length_on_the_page(
    world: World, one_mb_limit: None
) -> None:
    audit = AuditEvent.objects.count()
    content = oversized_xml(int(1.5 * MB))
    response = world.client(PM).post(PAGE, {"file": named(content, DEMO_FILE_NAME)})
    assert response.status_code == 413
    page = response.content.decode()
    assert "The file is 1.5 MB; schedules are limited to 1 MB." in page
    assert "usa-alert--error" in page
    nothing_stored(world, audit)


def test_a_file_over_the_limit_is_refused_as_it_streams(world: World, one_mb_limit: None) -> None:
    """Within the allowance for the form's other fields, the length passes; the bytes
    counted as they arrive do not."""
    audit = AuditEvent.objects.count()
    content = oversized_xml(MB + 10_000)
    response = world.client(PM).post(PAGE, {"file": named(content, DEMO_FILE_NAME)})
    assert response.status_code == 413
    assert "The file is over 1 MB; schedules are limited to 1 MB." in response.content.decode()
    nothing_stored(world, audit)


def test_the_csrf_check_still_guards_the_import_page(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user(PM))
    response = client.post(PAGE, {"file": named(demo_mspdi(), DEMO_FILE_NAME)})
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_an_oversized_upload_is_refused_by_the_api(world: World, one_mb_limit: None) -> None:
    audit = AuditEvent.objects.count()
    content = oversized_xml(int(1.5 * MB))
    response = api_client(world).post(
        API, {"file": named(content, DEMO_FILE_NAME)}, format="multipart"
    )
    assert response.status_code == 413
    assert response.json() == {
        "code": "upload_too_large",
        "detail": "The file is 1.5 MB; schedules are limited to 1 MB.",
        "field": "file",
    }
    nothing_stored(world, audit)


def test_a_json_body_over_the_limit_is_refused_cleanly(world: World, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client = api_client(world)
    assert (
        client.post(
            "/api/programs/alpha/schedule/", {"project_start": "2027-01-04"}, format="json"
        ).status_code
        == 201
    )
    response = client.patch("/api/programs/alpha/schedule/", {"name": "x" * 30_000}, format="json")
    assert response.status_code == 413
    body = response.json()
    assert body["code"] == "upload_too_large"
    assert body["detail"] == (
        "The request body is 29.3 KB; the portal takes at most 9.8 KB besides uploaded files."
    )
    assert Schedule.objects.get().name == "ALPHA Integrated Master Schedule"


# -- workbooks that unpack too big -------------------------------------------------------

WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Schedule" sheetId="1" r:id="rId1"/>'
    '<sheet name="Tasks" sheetId="2" r:id="rId2"/></sheets></workbook>'
)
RELS = (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="worksheet"/>'
    '<Relationship Id="rId2" Target="worksheets/sheet2.xml" Type="worksheet"/>'
    "</Relationships>"
)


def zip_bomb(rows: int) -> bytes:
    """A workbook whose Tasks sheet is ``rows`` identical rows: many MB of XML that deflate
    to a few hundred KB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", RELS)
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>")
        row = b'<row r="2"><c t="inlineStr"><is><t>Configure the platform</t></is></c></row>'
        with archive.open("xl/worksheets/sheet2.xml", "w") as sheet:
            sheet.write(b"<worksheet><sheetData>")
            batch = row * 10_000
            for _ in range(rows // 10_000):
                sheet.write(batch)
            sheet.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusals come before openpyxl opens the workbook."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("openpyxl was let near the workbook")

    monkeypatch.setattr(excel, "load_workbook", refuse)


def test_a_zip_bomb_is_refused_before_openpyxl_reads_it(world: World, no_openpyxl: None) -> None:
    bomb = zip_bomb(500_000)  # about 40 MB of sheet XML
    assert len(bomb) < MB
    audit = AuditEvent.objects.count()
    response = world.client(PM).post(PAGE, {"file": named(bomb, "bomb.xlsx")})
    assert response.status_code == 400
    page = response.content.decode()
    assert "The workbook&#x27;s xl/worksheets/sheet2.xml unpacks" in page
    assert "a schedule workbook&#x27;s parts unpack at most 100 times larger" in page
    nothing_stored(world, audit)


def test_a_workbook_unpacking_past_the_limit_is_refused(
    world: World, settings: Any, no_openpyxl: None
) -> None:
    settings.SCHEDULE_XLSX_MAX_UNPACKED_BYTES = 2 * MB
    bomb = zip_bomb(40_000)  # about 2.9 MB, packed under the ratio limit's floor per part
    response = api_client(world).post(API, {"file": named(bomb, "big.xlsx")}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "upload_too_large"
    assert body["detail"] == (
        "The workbook unpacks to 2.9 MB; a schedule workbook may unpack to at most 2 MB."
    )
    assert not Job.objects.exists()


# -- too many tasks ---------------------------------------------------------------------


@pytest.fixture
def five_tasks(settings: Any) -> None:
    settings.SCHEDULE_MAX_TASKS = 5


def exported_workbook() -> bytes:
    """The sample IMS (10 tasks, two of them summaries) as the Excel export writes it."""
    data = sample_schedule_data()
    return write_xlsx(data, compute_data(data))


def test_too_many_tasks_in_xml_are_refused_on_the_page(world: World, five_tasks: None) -> None:
    audit = AuditEvent.objects.count()
    response = world.client(PM).post(PAGE, {"file": named(demo_mspdi(), DEMO_FILE_NAME)})
    assert response.status_code == 400
    assert "The file has 37 tasks; a schedule holds at most 5." in response.content.decode()
    nothing_stored(world, audit)


def test_too_many_tasks_in_a_workbook_are_refused_by_the_api(
    world: World, five_tasks: None, no_openpyxl: None
) -> None:
    content = exported_workbook()
    response = api_client(world).post(API, {"file": named(content, "ims.xlsx")}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "code": "too_many_tasks",
        "detail": "The file has 10 tasks; a schedule holds at most 5.",
        "field": "file",
    }
    assert not Job.objects.exists()


def test_the_count_is_named_with_thousands(world: World, settings: Any) -> None:
    settings.SCHEDULE_MAX_TASKS = 20_000
    tasks = "".join(f"<Task><UID>{n}</UID></Task>" for n in range(25_311))
    content = f"<Project><Tasks>{tasks}</Tasks></Project>".encode()
    with pytest.raises(DomainError) as refused:
        files.check_schedule_file(content, "huge.xml")
    assert refused.value.message == "The file has 25,310 tasks; a schedule holds at most 20,000."


def test_the_command_line_keeps_the_limits(
    world: World, five_tasks: None, tmp_path: Path, settings: Any
) -> None:
    path = tmp_path / DEMO_FILE_NAME
    path.write_bytes(demo_mspdi())
    with pytest.raises(CommandError, match="The file has 37 tasks; a schedule holds at most 5"):
        call_command("import_schedule", "alpha", str(path), "--as", PM)
    settings.UPLOAD_LIMITS = {"schedule": 1000}
    with pytest.raises(CommandError, match="schedules are limited to 1 KB"):
        call_command("import_schedule", "alpha", str(path), "--as", PM)
    assert not Schedule.objects.exists()


def test_the_service_refuses_too_many_tasks_whatever_the_source(
    world: World, five_tasks: None
) -> None:
    with pytest.raises(DomainError) as refused:
        schedule_import(
            acting_user=world.user(PM),
            program=world.program,
            data=sample_schedule_data(),
            source_name="api",
        )
    assert refused.value.code == "too_many_tasks"
    assert refused.value.message == "The file has 10 tasks; a schedule holds at most 5."
    assert not Schedule.objects.exists()


def test_tasks_added_one_by_one_stop_at_the_limit(
    world: World, schedule: Schedule, settings: Any
) -> None:
    settings.SCHEDULE_MAX_TASKS = 11
    user = world.user(PM)
    task_services.task_create(acting_user=user, schedule=schedule, name="11th", duration=480)
    with pytest.raises(DomainError) as refused:
        task_services.task_create(acting_user=user, schedule=schedule, name="12th", duration=480)
    assert refused.value.code == "too_many_tasks"
    assert refused.value.message.startswith(
        "The schedule has 11 tasks; a schedule holds at most 11."
    )
    assert Task.objects.filter(schedule=schedule).count() == 11

    response = api_client(world).post(
        "/api/programs/alpha/schedule/tasks/", {"name": "12th", "duration_days": 1}, format="json"
    )
    assert response.status_code == 400 and response.json()["code"] == "too_many_tasks"
    assert Task.objects.filter(schedule=schedule).count() == 11


# -- values out of range inside an otherwise good file ----------------------------------------


def _hostile_mspdi() -> bytes:
    """The demo file with a 10,001-character note, a name of 300 characters, a duration of a
    million years and a constraint date in year 9999 on its first tasks."""
    from lxml import etree

    root = etree.fromstring(demo_mspdi())
    ns = {"p": root.nsmap[None]}
    tasks = [t for t in root.iterfind("p:Tasks/p:Task", ns) if t.findtext("p:UID", "", ns) != "0"]

    def put(task: Any, tag: str, text: str) -> None:
        element = task.find(f"p:{tag}", ns)
        if element is None:
            element = etree.SubElement(task, f"{{{ns['p']}}}{tag}")
        element.text = text

    leaf = [t for t in tasks if t.findtext("p:Summary", "0", ns) == "0"]
    put(leaf[0], "Notes", "n" * 10_001)
    put(leaf[1], "Name", "N" * 300)
    put(leaf[2], "Duration", "PT8760000000H0M0S")
    put(leaf[3], "ConstraintType", "4")
    put(leaf[3], "ConstraintDate", "9999-12-31T08:00:00")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_values_out_of_range_in_a_file_are_all_refused_by_task(world: World) -> None:
    with pytest.raises(DomainError) as refused:
        files.import_schedule_file(
            acting_user=world.user(PM),
            program=world.program,
            data=_hostile_mspdi(),
            filename=DEMO_FILE_NAME,
        )
    assert refused.value.code == "import_invalid"
    found = refused.value.extra["problems"]
    problems = {p["location"].split(", ")[-1]: p["message"] for p in found}
    assert problems["Notes"] == "Notes is at most 10,000 characters; this one has 10,001."
    assert problems["Name"] == "Name is at most 255 characters; this one has 300."
    assert problems["Duration"] == "Duration is between 0 and 26,000 days."
    assert "Constraint date is between" in problems["Constraint date"]
    assert all(p["location"].startswith("Task UID ") for p in found)
    assert not Schedule.objects.exists() and not Task.objects.exists()


def test_the_import_page_shows_each_value_out_of_range(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client(PM)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(PAGE, {"file": named(_hostile_mspdi(), DEMO_FILE_NAME)})
    response = client.get(response["Location"])
    page = response.content.decode()
    assert response.status_code < 500
    assert "Notes is at most 10,000 characters" in page
    assert "Duration is between 0 and 26,000 days." in page
    assert not Schedule.objects.exists()
