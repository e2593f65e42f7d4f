"""No silent overwrite of a task or a dependency: two people edit one record at once; the
second save, made from the revision both started from, is refused with the first person's
change shown, and nothing of it is written. Through the task table's inline row, the task's
own edit page and the API (ETag and If-Match)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from programs.models import AuditEvent
from schedule.models import Dependency, Schedule, Task
from tests.conftest import World

from .factories import DAY

pytestmark = pytest.mark.django_db

CUSTOMER_PM = "customer.program_manager"
PROVIDER_PM = "provider.program_manager"
HTMX = {"HX-Request": "true"}
API = "/api/programs/alpha/schedule"


def shared_task(schedule: Schedule) -> Task:
    """A task both program managers may change (owned by both parties), not a summary."""
    return schedule.tasks.filter(owner_party="shared", is_summary=False).order_by("uid")[0]


def edit_url(t: Task) -> str:
    return reverse("schedule:task-edit", kwargs={"code": "alpha", "uid": t.uid})


def form_data(t: Task, *, inline: bool, revision: int | str, **changes: Any) -> dict[str, str]:
    """The task's edit form as the browser posts it, opened at ``revision``."""
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
        "revision": revision,
    }
    if not inline:
        values |= {"wbs": t.wbs, "deadline": "", "notes": t.notes}
    values.update(changes)
    data = {f"task-{t.uid}-{k}": str(v) for k, v in values.items()}
    if inline:
        data["inline"] = "1"
    return data


def stored(t: Task) -> tuple[Any, ...]:
    t.refresh_from_db()
    return t.revision, t.name, t.notes, t.percent_complete, t.duration


def test_the_edit_forms_carry_the_task_revision(world: World, schedule: Schedule) -> None:
    task = shared_task(schedule)
    client = world.client(CUSTOMER_PM)
    for headers in (HTMX, {}):
        page = client.get(edit_url(task), headers=headers).content.decode()
        assert f'name="task-{task.uid}-revision" value="{task.revision}"' in page


@pytest.mark.parametrize("inline", [True, False], ids=["table row", "edit page"])
def test_a_stale_save_on_the_page_is_refused_with_the_other_change_shown(
    world: World, schedule: Schedule, inline: bool
) -> None:
    task = shared_task(schedule)
    opened = task.revision
    customer, provider = world.client(CUSTOMER_PM), world.client(PROVIDER_PM)
    headers = HTMX if inline else {}
    # Both open the form at the same revision; the provider saves first.
    first = provider.post(
        edit_url(task),
        form_data(task, inline=inline, revision=opened, percent_complete=40),
        headers=headers,
    )
    assert first.status_code in (200, 302)
    after_first = stored(task)
    assert after_first[0] == opened + 1 and after_first[3] == 40
    events = AuditEvent.objects.count()

    mine = form_data(task, inline=inline, revision=opened, name="Renamed by the customer")
    mine[f"task-{task.uid}-percent_complete"] = "10"
    refused = customer.post(edit_url(task), mine, headers=headers)

    assert refused.status_code == (200 if inline else 409)
    page = refused.content.decode()
    assert "Someone else saved this meanwhile" in page
    assert "was saved by someone else after you opened it" in page
    assert f"you started from revision {opened}, it is now at revision {opened + 1}" in page
    # The other person's change: who, and the field's value before and after.
    assert "provider.program_manager" in page
    assert "% complete" in page.lower() or "percent complete" in page.lower()
    assert "“0” became “40”" in page
    # Nothing of the refused save is written, and what was typed is still in the form, now
    # based on the current revision.
    assert stored(task) == after_first
    assert AuditEvent.objects.count() == events
    assert 'value="Renamed by the customer"' in page
    assert f'name="task-{task.uid}-revision" value="{opened + 1}"' in page
    # Where both changed one field, the form keeps the value typed here and names both.
    assert f'name="task-{task.uid}-percent_complete" value="10"' in page
    assert "You changed these too" in page and "% complete: yours “10”, theirs “40”" in page

    # Saving again (the person settles on the other's % complete) goes through.
    task.refresh_from_db()
    again = customer.post(
        edit_url(task),
        form_data(task, inline=inline, revision=opened + 1, name="Renamed by the customer"),
        headers=headers,
    )
    assert again.status_code in (200, 302)
    assert "Someone else saved this meanwhile" not in again.content.decode()
    revision, name, _, percent, _ = stored(task)
    assert (revision, name, percent) == (opened + 2, "Renamed by the customer", 40)


def test_a_field_left_as_it_was_takes_the_other_persons_value(
    world: World, schedule: Schedule
) -> None:
    """Saving the rebased form again must not undo the other person's change to a field this
    person did not touch."""
    task = shared_task(schedule)
    opened = task.revision
    provider, customer = world.client(PROVIDER_PM), world.client(CUSTOMER_PM)
    provider.post(
        edit_url(task),
        form_data(task, inline=True, revision=opened, percent_complete=40),
        headers=HTMX,
    )
    refused = customer.post(
        edit_url(task),
        form_data(task, inline=True, revision=opened, percent_complete=0, name="Renamed"),
        headers=HTMX,
    )
    page = refused.content.decode()
    assert "Someone else saved this meanwhile" in page and "You changed these too" not in page
    assert f'name="task-{task.uid}-percent_complete" value="40"' in page
    assert 'value="Renamed"' in page


def test_a_save_without_a_revision_from_an_older_form_is_kept_working(
    world: World, schedule: Schedule
) -> None:
    """A form opened before the revision field existed posts none: the save is made."""
    task = shared_task(schedule)
    data = form_data(task, inline=True, revision="", percent_complete=30)
    response = world.client(CUSTOMER_PM).post(edit_url(task), data, headers=HTMX)
    assert response.status_code == 200
    assert stored(task)[3] == 30


def test_the_api_gives_the_revision_as_etag_and_refuses_a_stale_if_match(
    world: World, schedule: Schedule
) -> None:
    task = shared_task(schedule)
    customer, provider = world.api_client(CUSTOMER_PM), world.api_client(PROVIDER_PM)
    url = f"{API}/tasks/{task.uid}/"
    opened = task.revision
    read = customer.get(url)
    etag = read["ETag"]
    assert read.json()["revision"] == opened
    assert etag == f'"schedule.task-{task.pk}-r{opened}"'
    assert provider.get(url)["ETag"] == etag

    first = provider.patch(url, {"notes": "Provider's note"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    assert first["ETag"] != etag and first.json()["revision"] == opened + 1
    after_first = stored(task)
    events = AuditEvent.objects.count()

    stale = customer.patch(url, {"notes": "Customer's note"}, format="json", HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    body = stale.json()
    assert body["code"] == "stale_version" and body["current_revision"] == opened + 1
    [change] = body["changed_meanwhile"]
    assert change["by"] == PROVIDER_PM and change["party"] == "provider"
    assert change["changes"] == [
        {"name": "notes", "title": "Notes", "before": "(empty)", "after": "Provider's note"}
    ]
    assert stored(task) == after_first
    assert AuditEvent.objects.count() == events

    # Read again, send the new ETag: it goes through.
    fresh = customer.get(url)["ETag"]
    assert fresh == first["ETag"]
    done = customer.patch(url, {"notes": "Customer's note"}, format="json", HTTP_IF_MATCH=fresh)
    assert done.status_code == 200 and stored(task)[2] == "Customer's note"


def test_an_etag_of_another_record_is_not_taken_for_this_one(
    world: World, schedule: Schedule
) -> None:
    task, other = schedule.tasks.filter(owner_party="shared", is_summary=False)[:2]
    client = world.api_client(CUSTOMER_PM)
    other_etag = client.get(f"{API}/tasks/{other.uid}/")["ETag"]
    before = stored(task)
    response = client.patch(
        f"{API}/tasks/{task.uid}/", {"notes": "x"}, format="json", HTTP_IF_MATCH=other_etag
    )
    assert response.status_code == 412 and response.json()["field"] == "If-Match"
    assert stored(task) == before


def test_writes_without_if_match_follow_the_setting(world: World, schedule: Schedule) -> None:
    task = shared_task(schedule)
    client = world.api_client(CUSTOMER_PM)
    url = f"{API}/tasks/{task.uid}/"
    # On by default, for scripts that read nothing first.
    assert client.patch(url, {"notes": "Scripted"}, format="json").status_code == 200
    before = stored(task)
    with override_settings(PMO_API_WRITES_WITHOUT_IF_MATCH=False):
        refused = client.patch(url, {"notes": "Unconditional"}, format="json")
        assert refused.status_code == 428
        assert refused.json()["code"] == "precondition_required"
        assert stored(task) == before
        # ``*`` says "whatever is stored": accepted.
        star = client.patch(url, {"notes": "Any"}, format="json", HTTP_IF_MATCH="*")
        assert star.status_code == 200


def test_a_stale_dependency_change_is_refused(world: World, schedule: Schedule) -> None:
    link = (
        Dependency.objects.filter(schedule=schedule, successor__owner_party="shared")
        .order_by("pk")
        .first()
    )
    assert link is not None
    customer, provider = world.api_client(CUSTOMER_PM), world.api_client(PROVIDER_PM)
    url = f"{API}/dependencies/{link.pk}/"
    etag = customer.get(url)["ETag"]
    assert (
        provider.patch(url, {"lag_days": 2}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    )
    stale = customer.patch(url, {"lag_days": 5}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    [change] = stale.json()["changed_meanwhile"]
    assert change["changes"][0]["before"] == "0 days" and change["changes"][0]["after"] == "2 days"
    link.refresh_from_db()
    assert link.lag == 2 * DAY and link.revision == 2


def test_an_unchanged_save_does_not_move_the_revision(world: World, schedule: Schedule) -> None:
    """Saving the form as it stands changes nothing: whoever else has it open is not made
    stale."""
    task = shared_task(schedule)
    opened = task.revision
    client = Client()
    client.force_login(world.user(CUSTOMER_PM))
    client.post(edit_url(task), form_data(task, inline=True, revision=opened), headers=HTMX)
    assert stored(task)[0] == opened
