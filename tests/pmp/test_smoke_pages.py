"""Every RAID page answers for a member."""

from __future__ import annotations

from django.urls import reverse

from pmp.models import RaidItem
from tests.conftest import World


def test_pages_render(world: World, items: dict[str, RaidItem]) -> None:
    client = world.client("customer.program_manager")
    code = world.program.code
    for name in ("log", "heat-map", "action-items", "export-xlsx", "export-pdf"):
        response = client.get(reverse(f"pmp:raid:{name}", kwargs={"code": code}))
        assert response.status_code == 200, name
    for item in items.values():
        assert client.get(item.get_absolute_url()).status_code == 200
        edit = reverse("pmp:raid:item-edit", kwargs={"code": code, "ref": item.reference})
        editor = client if item.owner_party != "provider" else world.client("provider.pmo_lead")
        assert editor.get(edit).status_code == 200
    for kind in ("risk", "action", "issue", "decision"):
        new = reverse("pmp:raid:item-new", kwargs={"code": code, "kind": kind})
        assert client.get(new).status_code == 200
