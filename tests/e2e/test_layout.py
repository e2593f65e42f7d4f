"""Every page of the workspace and the schedule fits the window at 1280 and 1920 pixels wide
and at 200% zoom of a 1280-pixel window: the page never scrolls sideways, each table's last
column is on screen or in a scrollable region that reaches it, and the footer sits at the
bottom of the window however short the page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from programs.models import DocumentVersion, OnboardingItem

from ..conftest import World
from ..schedule.factories import make_schedule
from .conftest import CSP_LISTENER, assert_accessible, log_in

pytestmark = pytest.mark.e2e

PM = "provider.program_manager"  # sees the editing columns of onboarding and the task table
PAGES = {
    "workspace": "/programs/alpha/",
    "members": "/programs/alpha/members/",
    "onboarding": "/programs/alpha/onboarding/",
    "glossary": "/programs/alpha/glossary/",
    "charter": "/programs/alpha/charter/",
    "schedule-tasks": "/programs/alpha/schedule/tasks/",
    "schedule-gantt": "/programs/alpha/schedule/gantt/",
    "schedule-baselines": "/programs/alpha/schedule/baselines/",
    "schedule-change-requests": "/programs/alpha/schedule/changes/",
    "schedule-dcma": "/programs/alpha/schedule/dcma/",
}
# Width and height of the window in CSS pixels, and device pixels per CSS pixel: 200% zoom
# of a 1280-pixel window lays the page out as a 640-pixel one with pixels twice as dense.
WINDOWS = {
    "1280": ({"width": 1280, "height": 900}, 1),
    "1920": ({"width": 1920, "height": 1080}, 1),
    "zoom-200": ({"width": 640, "height": 450}, 2),
}

# What is wrong with the page's layout in this window; with ``fit``, a table that needs
# scrolling sideways is wrong too (at 1280 pixels and wider every table fits).
LAYOUT_PROBLEMS = """(fit) => {
  const problems = [];
  const width = window.innerWidth, height = window.innerHeight;
  const root = document.documentElement;
  if (root.scrollWidth > width) {
    problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide in ${width}`);
  }
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const clips = (el) => ["hidden", "clip"].includes(getComputedStyle(el).overflowX);
  for (const table of document.querySelectorAll("main table")) {
    if (!table.offsetParent) continue;  // not displayed
    const name = (table.caption ? table.caption.innerText : table.id).slice(0, 50);
    // The cell furthest right: the last of the widest row, heading or not.
    let last = null, right = -Infinity;
    for (const row of table.rows) {
      const cell = row.cells[row.cells.length - 1];
      if (cell && cell.getBoundingClientRect().right > right) {
        last = cell;
        right = cell.getBoundingClientRect().right;
      }
    }
    if (!last) continue;
    let holder = last.parentElement, scroller = null;
    while (holder && holder !== document.body) {
      if (scrolls(holder) && holder.scrollWidth > holder.clientWidth) {
        scroller = holder;
        break;
      }
      if (clips(holder) && right > holder.getBoundingClientRect().right + 1) {
        problems.push(`${name}: its last column is cut off by ${holder.className}`);
      }
      holder = holder.parentElement;
    }
    if (scroller) {
      const frame = scroller.getBoundingClientRect();
      if (fit) problems.push(`${name}: scrolls sideways to its last column`);
      if (frame.right > width + 1) problems.push(`${name}: its region is wider than the window`);
      if (scroller.tabIndex < 0) problems.push(`${name}: its region takes no keyboard focus`);
      if (right - frame.left + scroller.scrollLeft > scroller.scrollWidth + 1) {
        problems.push(`${name}: scrolling does not reach its last column`);
      }
    } else if (right > width + 1) {
      problems.push(`${name}: its last column ends at ${Math.round(right)} px of ${width}`);
    }
  }
  const footer = document.querySelector("body > footer");
  const bottom = Math.round(footer.getBoundingClientRect().bottom + window.scrollY);
  const end = Math.max(root.scrollHeight, height);
  if (bottom < end - 1) problems.push(`empty space under the footer: ${bottom} px of ${end}`);
  return problems;
}"""


@pytest.fixture
def pages_world(world: World, approved_charter: DocumentVersion) -> World:
    make_schedule(world.program, world.user(PM))
    # Notes as long as people write them, with an address that has nowhere to break.
    item = OnboardingItem.objects.filter(program=world.program).order_by("position").first()
    assert item is not None
    item.notes = (
        "Accounts requested through the customer's identity team on 12 January; the request "
        "form and the rules of behaviour are at https://intranet.example.gov/identity/"
        "accounts/requests/provider-pmo-onboarding-2026-checklist-and-rules-of-behaviour "
        "and need both program managers' signatures before the accounts are created."
    )
    item.save()
    return world


@pytest.fixture(params=list(WINDOWS))
def window(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Iterator[Any]:
    """A page in a window of each size, refused by the Content-Security-Policy in nothing."""
    viewport, scale = WINDOWS[request.param]
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, device_scale_factor=scale
    )
    context.set_default_timeout(15_000)
    violations: list[str] = []
    context.add_init_script(CSP_LISTENER)
    context.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page = context.new_page()
    page.window_name = request.param
    yield page
    context.close()
    assert not violations, "the Content-Security-Policy refused:\n" + "\n".join(violations)


def test_every_page_fits_the_window(window: Any, pages_world: World, password: str) -> None:
    log_in(window, PM, password)
    problems = {}
    for name, path in PAGES.items():
        window.goto(path)
        assert window.get_by_role("heading", level=1).count() == 1, path
        found = window.evaluate(LAYOUT_PROBLEMS, window.window_name != "zoom-200")
        if found:
            problems[path] = found
        if window.window_name == "1280":
            assert_accessible(window, f"layout-{name}")
    assert not problems, f"at {window.window_name}: {problems}"
