"""Browser tests: a real Chromium (the system's, /usr/bin/chromium) driven by Playwright
against the live test server, with axe-core checking every page visited for accessibility
violations (Section 508 / WCAG 2.1 AA rules)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("PMO_CHROMIUM", "/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the live server's database calls
# happen in Django's own thread, and the test's fixtures are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `apt-get install -y chromium` "
            "(make test does it through scripts/system-deps.sh)."
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Every asset comes from the portal itself: no CDN, no other host, on any page visited.
    elsewhere: list[str] = []
    local = urlsplit(live_server.url).netloc

    def note_other_hosts(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.netloc != local:
            elsewhere.append(request.url)

    page.on("request", note_other_hosts)
    # Nothing any page does may be refused by the Content-Security-Policy: Chromium reports a
    # refusal on the console, and the listener below reports it from the page itself too.
    violations: list[str] = []

    def note_csp_violations(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{message.text} ({message.location.get('url', '')})")

    context.add_init_script(CSP_LISTENER)
    context.on("console", note_csp_violations)
    yield page
    context.close()
    assert not elsewhere, f"pages requested other hosts: {elsewhere}"
    assert not violations, "the Content-Security-Policy refused:\n" + "\n".join(violations)


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`Content Security Policy violation: ${event.violatedDirective} refused `
    + `${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber} `
    + `(${(event.sample || "").slice(0, 80)})`);
});
"""


def log_in(page: Any, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"{username} could not log in"


def assert_accessible(page: Any, name: str | None = None) -> None:
    """Run axe-core on the current page; fail listing every violation and where it is.
    With ``name``, also keep a full-page screenshot under var/screenshots/ to look at."""
    # Evaluated through the DevTools protocol: a <script> element with axe's text would be
    # refused by the page's Content-Security-Policy.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                            'section508', 'best-practice']},
        })"""
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(", ".join(n["target"]) for n in v["nodes"][:5])
        for v in result["violations"]
    ]
    if name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert not violations, f"axe-core found on {page.url}:\n" + "\n".join(violations)
