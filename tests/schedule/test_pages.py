"""The schedule's browser pages: what each member sees and may do, inline editing recomputed
at once, refusals shown (a loop, change control) with nothing changed, import of real
Microsoft Project files with located errors, and exports that open in the tools they are for."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import pytest
from defusedxml import ElementTree
from django.core.files.storage import default_storage
from django.urls import reverse

from programs.models import AuditEvent, Job
from programs.services.documents import version_sign
from schedule.clock import from_engine, to_engine
from schedule.interchange.mspdi import read_mspdi
from schedule.models import Baseline, Dependency, Schedule, Task
from schedule.services import baselines as baseline_services
from tests.conftest import World

from .factories import DAY, DEMO_FILE_NAME, demo_mspdi

PM = "provider.program_manager"
CUSTOMER_TEAM = "customer.pmo_team"
READ_ONLY = ("independent.ivv_agent", "customer.viewer", "provider.viewer")
HTMX = {"HX-Request": "true"}


def url(name: str, code: str = "alpha", **kwargs: Any) -> str:
    return reverse(f"schedule:{name}", kwargs={"code": code, **kwargs})


def task(schedule: Schedule, uid: int) -> Task:
    return schedule.tasks.get(uid=uid)


def link_pk(schedule: Schedule, predecessor: int, successor: int) -> int:
    return Dependency.objects.get(
        schedule=schedule, predecessor__uid=predecessor, successor__uid=successor
    ).pk


def state(schedule: Schedule) -> tuple[Any, ...]:
    """What a refused request must leave as it was."""
    schedule.refresh_from_db()
    tasks = tuple(
        schedule.tasks.order_by("uid").values_list(
            "uid", "name", "duration", "start", "finish", "percent_complete", "owner_party"
        )
    )
    links = tuple(schedule.dependencies.order_by("pk").values_list("pk", "type", "lag"))
    return schedule.revision, schedule.calendar, tasks, links, AuditEvent.objects.count()


def inline_data(t: Task, **changes: Any) -> dict[str, str]:
    """The inline edit row as the browser posts it (prefix task-<uid>)."""
    values: dict[str, Any] = {
        "name": t.name,
        "duration_days": f"{t.duration / DAY:g}",
        "constraint_type": t.constraint_type,
        "constraint_date": "",
        "percent_complete": t.percent_complete,
        "actual_start": "",
        "actual_finish": "",
        "owner_party": t.owner_party,
        "responsible": "",
    }
    values.update(changes)
    data = {f"task-{t.uid}-{k}": str(v) for k, v in values.items()}
    data["inline"] = "1"
    return data


def upload(content: bytes, name: str) -> io.BytesIO:
    """A file as the browser uploads it: its bytes and its name."""
    stream = io.BytesIO(content)
    stream.name = name
    return stream


def agree(world: World, schedule: Schedule) -> Baseline:
    baseline = baseline_services.baseline_create(
        acting_user=world.user(PM), schedule=schedule, name="Integrated baseline"
    )
    version = baseline_services.baseline_propose(acting_user=world.user(PM), baseline=baseline)
    for sponsor in ("customer.executive_sponsor", "provider.executive_sponsor"):
        version_sign(acting_user=world.user(sponsor), version=version)
    baseline.refresh_from_db()
    return baseline


def every_url(schedule: Schedule) -> list[str]:
    pk = link_pk(schedule, 3, 4)
    return [
        url("home"),
        url("start"),
        url("import"),
        url("settings"),
        url("tasks"),
        url("task-new"),
        url("task", uid=3),
        url("task-edit", uid=3),
        url("task-delete", uid=3),
        url("link-new", uid=3),
        url("link-edit", pk=pk),
        url("link-delete", pk=pk),
        url("gantt"),
        url("export-xml"),
        url("export-xlsx"),
        url("export-pdf"),
    ]


# -- what members see -----------------------------------------------------------------------


def test_every_page_renders_for_a_member(world: World, schedule: Schedule) -> None:
    client = world.client(PM)
    pk = link_pk(schedule, 3, 4)
    for page in (
        url("home"),
        url("import"),
        url("settings"),
        url("tasks"),
        url("task-new"),
        url("task", uid=3),
        url("task-edit", uid=3),
        url("task-delete", uid=3),
        url("link-edit", pk=pk),
        url("link-delete", pk=pk),
        url("gantt"),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        assert b"<h1>" in response.content, page
    home = client.get(url("home")).content.decode()
    assert "Alpha IMS" in home and "alpha-ims.xml" in home
    assert "No agreed baseline" in home and "None agreed yet" in home
    for target in ("tasks", "gantt", "baselines", "change-requests", "dcma", "export-xml"):
        assert url(target) in home
    table = client.get(url("tasks")).content.decode()
    assert "Design the target payroll configuration" in table
    assert ">7, 8SS<" in table  # task 9 waits for 7 (FS) and 8 (start-to-start)
    assert "2SS+2d" in table  # task 5 starts two working days after task 2 starts
    assert '<strong class="schedule-critical">Critical</strong>' in table
    assert 'scope="col"' in table and "<caption" in table
    gantt = client.get(url("gantt")).content.decode()
    assert "gantt-row--critical" in gantt and "Configure the payroll system" in gantt


def test_a_program_without_schedule_invites_to_start_or_import(world: World) -> None:
    page = world.client(PM).get(url("home")).content.decode()
    assert "Start the schedule" in page and url("import") in page
    viewer_page = world.client("customer.viewer").get(url("home")).content.decode()
    assert "Start the schedule" not in viewer_page and "has no schedule yet" in viewer_page

    response = world.client(PM).post(
        url("start"), {"name": "Payroll IMS", "project_start": "2027-02-01"}
    )
    assert response.status_code == 302 and response["Location"] == url("tasks")
    schedule = Schedule.objects.get(program=world.program)
    assert schedule.name == "Payroll IMS"
    assert to_engine(schedule.project_start).isoformat() == "2027-02-01T08:00:00"
    assert (
        world.client("customer.viewer")
        .post(url("start"), {"name": "x", "project_start": "2027-02-01"})
        .status_code
        == 404
    )


SCHEDULE_PAGES = ("tasks", "gantt", "baselines", "change-requests", "dcma")


def test_pages_of_a_schedule_not_there_yet_lead_to_the_invitation(world: World) -> None:
    """Members are sent to the invitation from the schedule's pages, whose links the side
    navigation does not offer yet; anyone else still finds nothing."""
    for name in (PM, "customer.viewer"):
        client = world.client(name)
        home = client.get(url("home"))
        assert home.status_code == 200
        for target in SCHEDULE_PAGES:
            assert url(target) not in home.content.decode(), (name, target)
            response = client.get(url(target), follow=True)
            assert response.redirect_chain == [(url("home"), 302)], (name, target)
            assert response.status_code == 200
            assert "has no schedule yet" in response.content.decode() or (
                "Import a schedule file" in response.content.decode()
            )
    assert (
        "Import a schedule file" in world.client(PM).get(url("tasks"), follow=True).content.decode()
    )
    outsider = world.client("outsider")
    for target in ("home", *SCHEDULE_PAGES):
        assert outsider.get(url(target)).status_code == 404, target


def test_outsider_gets_404_on_every_url(world: World, schedule: Schedule) -> None:
    client = world.client("outsider")
    before = state(schedule)
    for page in every_url(schedule):
        assert client.get(page).status_code == 404, page
        assert client.post(page, {"name": "x"}).status_code == 404, page
    # A program without a schedule too, and the outsider's own program's code does not help.
    assert client.get(url("home", code="alpha")).status_code == 404
    assert state(schedule) == before


def test_read_only_members_see_no_edit_controls_and_change_nothing(
    world: World, schedule: Schedule
) -> None:
    before = state(schedule)
    pk = link_pk(schedule, 3, 4)
    for name in READ_ONLY:
        client = world.client(name)
        table = client.get(url("tasks")).content.decode()
        assert "Design review" in table
        assert "/edit/" not in table and "Add a task" not in table
        detail = client.get(url("task", uid=3)).content.decode()
        assert "Add a predecessor" not in detail and "Delete task" not in detail
        home = client.get(url("home")).content.decode()
        assert url("settings") not in home and url("export-xml") in home
        for page, data in (
            (url("task-edit", uid=3), inline_data(task(schedule, 3), duration_days="20")),
            (url("task-new"), {"name": "Sneak", "duration_days": "1", "owner_party": "shared"}),
            (url("task-delete", uid=3), {}),
            (url("link-new", uid=3), {"predecessor": "2", "type": "FS", "lag_days": "0"}),
            (url("link-edit", pk=pk), {"type": "SS", "lag_days": "1", "lag_unit": "working"}),
            (url("link-delete", pk=pk), {}),
            (url("settings"), {"name": "Renamed"}),
            (url("start"), {"project_start": "2027-01-01"}),
        ):
            assert client.post(page, data, headers=HTMX).status_code == 404, (name, page)
        assert client.get(url("export-xml")).status_code == 200
    assert state(schedule) == before


def test_customer_team_edits_a_customer_task_but_not_a_provider_task(
    world: World, schedule: Schedule
) -> None:
    client = world.client(CUSTOMER_TEAM)
    table = client.get(url("tasks")).content.decode()
    assert f"{url('tasks')}2/edit/" in table  # customer-owned
    assert f"{url('tasks')}3/edit/" not in table  # provider-owned

    before = state(schedule)
    response = client.post(
        url("task-edit", uid=3), inline_data(task(schedule, 3), duration_days="20"), headers=HTMX
    )
    assert response.status_code == 404
    assert state(schedule) == before

    response = client.post(
        url("task-edit", uid=2), inline_data(task(schedule, 2), percent_complete="40"), headers=HTMX
    )
    assert response.status_code == 200
    assert task(schedule, 2).percent_complete == 40
    # Handing the task to the provider would leave it out of the team's reach: refused.
    before = state(schedule)
    response = client.post(
        url("task-edit", uid=2),
        inline_data(task(schedule, 2), owner_party="provider"),
        headers=HTMX,
    )
    assert task(schedule, 2).owner_party == "customer"
    assert state(schedule) == before


# -- editing in the table -------------------------------------------------------------------


def test_inline_edit_saves_recomputes_and_returns_the_whole_body(
    world: World, schedule: Schedule
) -> None:
    client = world.client(PM)
    edit_row = client.get(url("task-edit", uid=3), headers=HTMX)
    assert edit_row.status_code == 200
    row = edit_row.content.decode()
    assert row.lstrip().startswith("<tr") and "<html" not in row
    assert 'name="task-3-duration_days"' in row and 'value="10"' in row

    configure_start = task(schedule, 7).start
    response = client.post(
        url("task-edit", uid=3), inline_data(task(schedule, 3), duration_days="15"), headers=HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#task-rows" and response["HX-Reswap"] == "outerHTML"
    body = response.content.decode()
    assert body.lstrip().startswith('<tbody id="task-rows">')
    assert 'hx-swap-oob="true"' in body and "Task 3 saved" in body
    assert task(schedule, 3).duration == 15 * DAY
    moved = task(schedule, 7).start
    assert moved is not None and configure_start is not None and moved > configure_start
    # The later task's new start is in the returned body.
    label = to_engine(moved)
    assert label is not None and f"{label.day} {label:%b %Y}" in body

    cancel = client.get(url("tasks") + "?row=3", headers=HTMX)
    assert cancel.status_code == 200 and 'id="task-3"' in cancel.content.decode()
    assert "<tbody" not in cancel.content.decode()


def test_inline_edit_errors_show_beside_the_field_and_save_nothing(
    world: World, schedule: Schedule
) -> None:
    client = world.client(PM)
    before = state(schedule)
    milestone = task(schedule, 4)  # shared: the provider's PM may change it
    response = client.post(
        url("task-edit", uid=4), inline_data(milestone, duration_days="2"), headers=HTMX
    )
    assert response.status_code == 200  # htmx swaps 2xx only: the row comes back with errors
    row = response.content.decode()
    assert "A milestone has no duration" in row
    assert 'id="id_task-4-duration_days_error"' in row
    assert "HX-Retarget" not in response
    response = client.post(
        url("task-edit", uid=3),
        inline_data(task(schedule, 3), percent_complete="150"),
        headers=HTMX,
    )
    assert "usa-error-message" in response.content.decode()
    assert state(schedule) == before


def test_full_edit_page_changes_notes_and_wbs(world: World, schedule: Schedule) -> None:
    client = world.client(PM)
    t = task(schedule, 3)
    data = {
        f"task-3-{k}": v
        for k, v in {
            "wbs": "1.2a",
            "name": t.name,
            "duration_days": "10",
            "owner_party": "provider",
            "responsible": str(world.user(PM).pk),
            "constraint_type": "snet",
            "constraint_date": "2027-01-20",
            "percent_complete": "0",
            "notes": "Configuration workbook v3.",
        }.items()
    }
    response = client.post(url("task-edit", uid=3), data)
    assert response.status_code == 302 and response["Location"] == url("task", uid=3)
    t.refresh_from_db()
    assert (t.wbs, t.notes, t.responsible) == ("1.2a", "Configuration workbook v3.", world.user(PM))
    assert t.constraint_type == "snet"
    assert to_engine(t.constraint_date).isoformat() == "2027-01-20T08:00:00"  # type: ignore[union-attr]
    assert to_engine(t.start) >= to_engine(t.constraint_date)  # type: ignore[operator]
    page = client.get(url("task", uid=3)).content.decode()
    assert "Configuration workbook v3." in page and "Start no earlier than" in page


def test_adding_and_deleting_a_task(world: World, schedule: Schedule) -> None:
    client = world.client(PM)
    response = client.post(
        url("task-new"),
        {"name": "Cutover rehearsal", "duration_days": "3", "parent": "6", "owner_party": "shared"},
    )
    new = schedule.tasks.get(name="Cutover rehearsal")
    assert response.status_code == 302 and response["Location"] == url("task", uid=new.uid)
    assert new.parent == task(schedule, 6) and new.duration == 3 * DAY

    before = state(schedule)
    response = client.post(
        url("task-new"),
        {
            "name": "Bad milestone",
            "duration_days": "2",
            "is_milestone": "on",
            "owner_party": "shared",
        },
    )
    assert response.status_code == 400
    assert "A milestone has no duration" in response.content.decode()
    assert state(schedule) == before

    assert client.get(url("task-delete", uid=new.uid)).status_code == 200
    response = client.post(url("task-delete", uid=new.uid))
    assert response.status_code == 302
    assert not schedule.tasks.filter(uid=new.uid).exists()


# -- dependencies ---------------------------------------------------------------------------


def test_a_dependency_loop_is_refused_naming_the_tasks(world: World, schedule: Schedule) -> None:
    client = world.client(PM)
    before = state(schedule)
    # 3 -> 4 -> 7 -> 9 already: 9 before 3 closes a circle.
    response = client.post(
        url("link-new", uid=3),
        {"predecessor_uid": "9", "type": "FS", "lag_days": "0", "lag_unit": "working"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dependency loop" in page
    assert "System integration test (UID 9)" in page
    assert "Design the target payroll configuration (UID 3)" in page
    assert 'role="alert"' in page
    assert state(schedule) == before


def test_dependencies_are_added_changed_and_removed(world: World, schedule: Schedule) -> None:
    client = world.client(PM)
    response = client.post(
        url("link-new", uid=9),
        {"predecessor": "3", "type": "SS", "lag_days": "2", "lag_unit": "working"},
    )
    assert response.status_code == 302
    pk = link_pk(schedule, 3, 9)
    assert Dependency.objects.get(pk=pk).lag == 2 * DAY
    assert "3SS+2d" in client.get(url("tasks")).content.decode()

    response = client.post(
        url("link-edit", pk=pk), {"type": "FF", "lag_days": "-1", "lag_unit": "working"}
    )
    assert response.status_code == 302
    link = Dependency.objects.get(pk=pk)
    assert (link.type, link.lag) == ("FF", -DAY)
    assert "3FF-1d" in client.get(url("tasks")).content.decode()

    assert client.post(url("link-delete", pk=pk)).status_code == 302
    assert not Dependency.objects.filter(pk=pk).exists()

    # A predecessor that is not in the schedule is named, beside the field.
    response = client.post(
        url("link-new", uid=9),
        {"predecessor_uid": "999", "type": "FS", "lag_days": "0", "lag_unit": "working"},
    )
    assert response.status_code == 400
    assert "no other task with UID 999" in response.content.decode()


def test_task_page_shows_links_and_the_driving_path(world: World, schedule: Schedule) -> None:
    page = world.client("customer.viewer").get(url("task", uid=9)).content.decode()
    assert "Configure the payroll system" in page and "Start-to-start (SS)" in page
    assert "Driving path" in page
    path = page[page.index("Driving path") :]
    # 2 -> 3 -> 4 -> 7 -> 9 sets the system test's start.
    assert path.index("2: 1.1") < path.index("3: 1.2") < path.index("7: 2.1") < path.index("9: 2.3")


def test_under_change_control_a_controlled_edit_shows_the_refusal(
    world: World, schedule: Schedule
) -> None:
    agree(world, schedule)
    client = world.client(PM)
    table = client.get(url("tasks")).content.decode()
    assert "Baseline finish" in table and "On the baseline" in table
    before = state(schedule)
    response = client.post(
        url("task-edit", uid=3), inline_data(task(schedule, 3), duration_days="12"), headers=HTMX
    )
    row = response.content.decode()
    assert "agreed baseline" in row and url("change-request-new") in row
    assert state(schedule) == before

    # Progress stays editable, and the variance shows once the forecast moves (an actual
    # start is reported as of the status date).
    Schedule.objects.filter(pk=schedule.pk).update(
        status_date=from_engine(datetime(2027, 1, 29, 17))
    )
    response = client.post(
        url("task-edit", uid=3),
        inline_data(task(schedule, 3), actual_start="2027-01-18", percent_complete="50"),
        headers=HTMX,
    )
    assert response.status_code == 200 and "HX-Retarget" in response
    assert task(schedule, 3).percent_complete == 50

    response = client.post(
        url("link-new", uid=9),
        {"predecessor": "3", "type": "SS", "lag_days": "0", "lag_unit": "working"},
    )
    assert response.status_code == 400 and url("change-request-new") in response.content.decode()
    home = client.get(url("home")).content.decode()
    assert "Agreed:" in home and "Integrated baseline" in home
    assert url("import") not in home  # the import is refused under change control


def test_settings_change_status_date_and_calendar(world: World, schedule: Schedule) -> None:
    client = world.client(PM)
    page = client.get(url("settings")).content.decode()
    assert 'value="08:00-12:00, 13:00-17:00"' in page
    finish = schedule.finish
    data = {
        "name": "Alpha IMS (rev B)",
        "status_date": "2027-01-15",
        "critical_float_days": "0",
        "us_federal_holidays": "on",
        "week_0": "08:00-12:00, 13:00-17:00",
        "week_1": "08:00-12:00, 13:00-17:00",
        "week_2": "08:00-12:00, 13:00-17:00",
        "week_3": "08:00-12:00, 13:00-17:00",
        "week_4": "08:00-12:00, 13:00-17:00",
        "week_5": "",
        "week_6": "",
        "exceptions-TOTAL_FORMS": "1",
        "exceptions-INITIAL_FORMS": "0",
        "exceptions-MIN_NUM_FORMS": "0",
        "exceptions-MAX_NUM_FORMS": "1000",
        "exceptions-0-name": "Office move",
        "exceptions-0-start": "2027-02-01",
        "exceptions-0-end": "2027-02-05",
        "exceptions-0-working_times": "",
    }
    response = client.post(url("settings"), data)
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.name == "Alpha IMS (rev B)"
    assert to_engine(schedule.status_date).isoformat() == "2027-01-15T17:00:00"  # type: ignore[union-attr]
    assert schedule.calendar["exceptions"] == [
        {"start": "2027-02-01", "end": "2027-02-05", "working_times": [], "name": "Office move"}
    ]
    assert schedule.finish > finish  # type: ignore[operator]  # a closed week moves the finish

    before = state(schedule)
    response = client.post(url("settings"), {**data, "week_0": "17:00-08:00"})
    assert response.status_code == 400 and "must end after it starts" in response.content.decode()
    assert state(schedule) == before


# -- import and export ----------------------------------------------------------------------


# The import runs as a job queued when its request commits; with Celery eager (as here) it runs
# before the response, as on a portal without a broker. Hence real transactions below.
@pytest.mark.django_db(transaction=True)
def test_import_of_a_microsoft_project_file(world: World) -> None:
    content = demo_mspdi()
    expected = read_mspdi(content, source=DEMO_FILE_NAME)
    client = world.client(PM)
    response = client.post(url("import"), {"file": upload(content, DEMO_FILE_NAME)})
    assert response.status_code == 302 and response["Location"] == url("tasks")
    schedule = Schedule.objects.get(program=world.program)
    assert schedule.source_name == DEMO_FILE_NAME
    assert schedule.tasks.count() == len(expected.records) == 37
    assert schedule.dependencies.count() == len(expected.links) == 39
    table = client.get(url("tasks")).content.decode()
    assert "Imported " + DEMO_FILE_NAME in table  # the success message, after the redirect
    assert "Configure the shared-service platform" in table


@pytest.mark.django_db(transaction=True)
def test_a_broken_file_lists_located_problems_and_creates_nothing(world: World) -> None:
    content = demo_mspdi()
    truncated = content[: len(content) // 2]
    audit = AuditEvent.objects.count()
    client = world.client(PM)
    response = client.post(url("import"), {"file": upload(truncated, "broken.xml")})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "broken.xml was not imported; nothing was changed." in page
    assert "line " in page and "usa-alert--error" in page
    assert 'hx-trigger="every' not in page  # finished: the page stops polling
    assert not Schedule.objects.filter(program=world.program).exists()
    # Only the job was recorded; the stored file is gone.
    assert AuditEvent.objects.count() == audit + 1
    assert not default_storage.exists(job.params["path"])

    response = world.client(PM).post(url("import"), {"file": upload(b"x", "a.mpp")})
    assert response.status_code == 400 and ".xlsx" in response.content.decode()


def test_import_into_a_program_with_a_schedule_needs_replace(
    world: World, schedule: Schedule
) -> None:
    before = state(schedule)
    response = world.client(PM).post(url("import"), {"file": upload(demo_mspdi(), DEMO_FILE_NAME)})
    assert response.status_code == 400 and "import with replace" in response.content.decode()
    assert state(schedule) == before


def test_exports_are_real_files(world: World, schedule: Schedule) -> None:
    from openpyxl import load_workbook
    from pypdf import PdfReader

    client = world.client("customer.viewer")
    xml = client.get(url("export-xml"))
    assert xml.status_code == 200
    assert xml["Content-Disposition"].startswith('attachment; filename="alpha-ims-')
    assert xml["Content-Disposition"].endswith('.xml"')
    root = ElementTree.fromstring(xml.content)
    names = [el.text for el in root.iter() if el.tag.endswith("}Name")]
    assert "System integration test" in names

    xlsx = client.get(url("export-xlsx"))
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    workbook = load_workbook(io.BytesIO(xlsx.content), read_only=True)
    assert {"Tasks", "DCMA"} <= set(workbook.sheetnames)
    cells = [c for row in workbook["Tasks"].iter_rows(values_only=True) for c in row]
    assert "Go-live readiness" in cells

    pdf = client.get(url("export-pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].endswith('.pdf"')
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Alpha IMS" in text


@pytest.mark.django_db(transaction=True)
def test_export_then_import_with_replace_gives_the_same_tasks(world: World) -> None:
    """On the demo file: summaries, milestones, SS/FF lags, progress and a status date."""
    client = world.client(PM)
    imported = client.post(url("import"), {"file": upload(demo_mspdi(), DEMO_FILE_NAME)})
    assert imported.status_code == 302
    schedule = Schedule.objects.get(program=world.program)

    def tasks() -> list[tuple[Any, ...]]:
        return list(
            schedule.tasks.order_by("position").values_list(
                "uid",
                "wbs",
                "name",
                "outline_level",
                "duration",
                "is_milestone",
                "is_summary",
                "start",
                "finish",
                "total_float",
                "is_critical",
                "percent_complete",
                "actual_start",
                "actual_finish",
                "constraint_type",
                "constraint_date",
            )
        )

    def links() -> set[tuple[Any, ...]]:
        return set(
            schedule.dependencies.values_list(
                "predecessor__uid", "successor__uid", "type", "lag", "lag_unit"
            )
        )

    before_tasks, before_links = tasks(), links()
    assert len(before_tasks) == 37 and len(before_links) == 39
    status_date = schedule.status_date
    assert status_date is not None
    exported = client.get(url("export-xml")).content
    response = client.post(
        url("import"), {"file": upload(exported, "alpha-ims.xml"), "replace": "on"}
    )
    assert response.status_code == 302
    assert tasks() == before_tasks
    assert links() == before_links
    schedule.refresh_from_db()
    assert schedule.status_date == status_date
