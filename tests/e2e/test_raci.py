"""The RACI grid in a real browser, checked by axe-core: keyboard only, an arrow key moves to
the next cell and a letter sets its code, saved at once and still there after a reload."""

from __future__ import annotations

from typing import Any

import pytest

from raci.models import RaciCell, RaciColumn, RaciRow
from raci.services.matrix import matrix_get_or_create

from ..conftest import World
from .conftest import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_raci_grid_by_keyboard(page: Any, world: World, password: str) -> None:
    matrix = matrix_get_or_create(
        program=world.program, acting_user=world.user("customer.pmo_lead")
    )
    log_in(page, "customer.pmo_lead", password)
    page.goto("/programs/alpha/responsibilities/matrix/")
    assert_accessible(page, "raci-grid")
    first = page.locator("td.raci-cell[tabindex='0']")  # the script has made the grid
    first.focus()
    page.keyboard.press("ArrowDown")  # the second row: the charter update, a shared row
    page.keyboard.press("ArrowRight")  # its second column
    page.keyboard.press("a")
    page.wait_for_selector("#raci-status:has-text('Saved')")
    row = RaciRow.objects.filter(matrix=matrix).order_by("group__position", "position")[1]
    column = RaciColumn.objects.filter(matrix=matrix).order_by("position")[1]
    assert RaciCell.objects.get(row=row, column=column).code == "A"
    focused = page.evaluate("document.activeElement.id")
    assert focused == f"cell-{row.pk}-{column.pk}"
    page.reload()
    assert page.locator(f"#cell-{row.pk}-{column.pk}").inner_text().startswith("A")
    assert_accessible(page)
