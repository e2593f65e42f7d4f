"""The Content-Security-Policy every page carries, and templates that keep to it: no inline
script, event-handler attribute, hx-on, javascript: URL or <style> element (the browser tests
fail on any refusal on the pages they visit; this covers every template)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from .conftest import World

# Rendered into PDF by WeasyPrint, never served to a browser.
PDF_TEMPLATES = {"schedule_pdf.html", "document.html"}

FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "hx-on": re.compile(r"\bhx-on\b|\bhx-on:|\bhx-vars\b"),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "js: value": re.compile(r"""hx-vals=["']\s*js:"""),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
}

COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def templates() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = [
        p
        for pattern in ("templates/**/*.html", "*/templates/**/*.html")
        for p in base.glob(pattern)
        if "node_modules" not in p.parts and ".venv" not in p.parts
    ]
    return sorted(p for p in found if p.name not in PDF_TEMPLATES)


@pytest.mark.parametrize("template", templates(), ids=lambda p: str(p.name))
def test_templates_keep_to_the_policy(template: Path) -> None:
    text = COMMENTS.sub("", template.read_text())
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert not found, f"{template}: {found}"


def test_pages_carry_the_policy(world: World) -> None:
    client = Client()
    client.force_login(world.user("customer.viewer"))
    policy = client.get("/programs/alpha/")["Content-Security-Policy"]
    directives = {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }
    assert directives == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
