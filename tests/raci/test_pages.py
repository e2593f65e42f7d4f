"""The grid page, a cell saved with htmx, a stale save, undo, and the views by party, role
and person."""

from __future__ import annotations

from django.urls import reverse

from programs.models import AuditEvent
from raci.models import RaciCell, RaciMatrix
from tests.conftest import World

from .conftest import column, row_of


def _cell_url(matrix: RaciMatrix, row_id: int, column_id: int) -> str:
    return reverse(
        "raci:matrix-cell", kwargs={"code": "alpha", "row_id": row_id, "column_id": column_id}
    )


def test_grid_renders_rows_columns_and_rule_markers(world: World, matrix: RaciMatrix) -> None:
    response = world.client("independent.ivv_agent").get(
        reverse("raci:matrix", kwargs={"code": "alpha"})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="grid"' in html
    assert "Customer Program Manager" in html and "IV&amp;V agent" in html
    assert "Play 3.1: Integrate PMO structures" in html
    assert "Error: no A" in html and "Error: no R" in html
    # The IV&V agent reads and changes nothing: every cell is read-only.
    assert (
        'aria-readonly="true"' in html
        and 'href="/programs/alpha/responsibilities/matrix/cells/' not in html
    )


def test_editor_first_visit_creates_the_matrix(world: World) -> None:
    url = reverse("raci:matrix", kwargs={"code": "alpha"})
    assert world.client("customer.viewer").get(url).status_code == 200
    assert not RaciMatrix.objects.exists()
    assert world.client("provider.pmo_team").get(url).status_code == 200
    assert RaciMatrix.objects.filter(program=world.program).count() == 1


def test_cell_saved_with_htmx_answers_cell_and_rules(world: World, matrix: RaciMatrix) -> None:
    row = row_of(matrix, "customer")
    col = column(matrix, "Customer Program Manager")
    response = world.client("customer.pmo_team").post(
        _cell_url(matrix, row.pk, col.pk), {"code": "a", "revision": 0}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="cell-{row.pk}-{col.pk}"' in html and 'hx-swap-oob="true"' in html
    assert 'id="raci-rules"' in html
    cell = RaciCell.objects.get(row=row, column=col)
    assert (cell.code, cell.revision) == ("A", 1)
    event = AuditEvent.objects.filter(target_id=str(row.pk)).latest("pk")
    assert event.changes["code"] == [None, "A"]
    assert event.changes["cell"] == [row.title, "Customer Program Manager"]


def test_stale_save_is_refused_naming_who_changed_it(world: World, matrix: RaciMatrix) -> None:
    row = row_of(matrix, "shared")
    col = column(matrix, "Provider PMO Lead")
    url = _cell_url(matrix, row.pk, col.pk)
    world.client("provider.pmo_lead").post(url, {"code": "R", "revision": 0})
    response = world.client("customer.pmo_lead").post(
        url, {"code": "C", "revision": 0}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 409
    assert "provider.pmo_lead set it to R" in response.content.decode()
    assert RaciCell.objects.get(row=row, column=col).code == "R"


def test_provider_cannot_set_codes_of_a_customer_row(world: World, matrix: RaciMatrix) -> None:
    row = row_of(matrix, "customer")
    col = column(matrix, "Provider PMO Lead")
    response = world.client("provider.pmo_team").post(
        _cell_url(matrix, row.pk, col.pk), {"code": "R", "revision": 0}
    )
    assert response.status_code == 403
    assert not RaciCell.objects.exists()


def test_outsider_gets_404_everywhere(world: World, matrix: RaciMatrix) -> None:
    client = world.client("outsider")
    row = row_of(matrix, "shared")
    col = column(matrix, "Provider PMO Lead")
    for url in [
        reverse("raci:matrix", kwargs={"code": "alpha"}),
        reverse("raci:matrix-export", kwargs={"code": "alpha"}),
        reverse("raci:matrix-structure", kwargs={"code": "alpha"}),
        reverse("raci:matrix-role", kwargs={"code": "alpha", "column_id": col.pk}),
        _cell_url(matrix, row.pk, col.pk),
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(_cell_url(matrix, row.pk, col.pk), {"code": "R", "revision": 0}).status_code
        == 404
    )
    assert not RaciCell.objects.exists()


def test_undo_restores_the_previous_code(world: World, matrix: RaciMatrix) -> None:
    row = row_of(matrix, "shared")
    col = column(matrix, "Provider PMO Lead")
    client = world.client("provider.pmo_lead")
    url = _cell_url(matrix, row.pk, col.pk)
    client.post(url, {"code": "R", "revision": 0})
    client.post(url, {"code": "A", "revision": 1})
    client.post(reverse("raci:matrix-undo", kwargs={"code": "alpha"}))
    assert RaciCell.objects.get(row=row, column=col).code == "R"
    client.post(reverse("raci:matrix-undo", kwargs={"code": "alpha"}))
    assert not RaciCell.objects.filter(row=row, column=col).exists()


def test_views_by_party_role_and_person(world: World, matrix: RaciMatrix) -> None:
    row = row_of(matrix, "provider")
    col = column(matrix, "Provider PMO Lead")
    world.client("provider.pmo_lead").post(
        _cell_url(matrix, row.pk, col.pk), {"code": "A", "revision": 0}
    )
    client = world.client("customer.viewer")
    by_party = client.get(reverse("raci:matrix", kwargs={"code": "alpha"}), {"party": "customer"})
    html = by_party.content.decode()
    assert "Customer Program Manager" in html and "Provider PMO Lead" not in html.split("<table")[1]
    by_role = client.get(reverse("raci:matrix-role", kwargs={"code": "alpha", "column_id": col.pk}))
    assert "Accountable (A): 1 row" in by_role.content.decode()
    assert row.title in by_role.content.decode()
    membership = world.user("provider.pmo_lead").memberships.get()
    by_person = client.get(
        reverse("raci:matrix-person", kwargs={"code": "alpha", "membership_id": membership.pk})
    )
    assert (
        "Provider PMO Lead" in by_person.content.decode()
        and row.title in by_person.content.decode()
    )


def test_structure_page_adds_a_row_and_refuses_ivv(world: World, matrix: RaciMatrix) -> None:
    url = reverse("raci:matrix-structure", kwargs={"code": "alpha"})
    client = world.client("provider.pmo_team")
    assert client.get(url).status_code == 200
    group = matrix.groups.get(title="PMO processes")
    response = client.post(
        url,
        {
            "form": "row",
            "title": "Benefits tracking",
            "group": group.pk,
            "kind": "activity",
            "owning_party": "shared",
            "activity_key": "",
        },
    )
    assert response.status_code == 302
    assert matrix.rows.filter(title="Benefits tracking").exists()
    assert world.client("independent.ivv_agent").get(url).status_code == 404
