"""The pure content operations of versioned documents: cleaning, hashing, comparison."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from charter.definition import CHARTER_KIND
from programs.documents import compare_contents, content_sha256, render_markdown, word_diff

from ..factories import charter_content

texts = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=200)


@given(old=texts, new=texts)
def test_a_word_diff_rebuilds_both_texts(old: str, new: str) -> None:
    ops = word_diff(old, new)
    assert "".join(t for op, t in ops if op != "insert") == old
    assert "".join(t for op, t in ops if op != "delete") == new


@given(text=texts)
def test_cleaning_is_idempotent(text: str) -> None:
    content = charter_content(purpose=text)
    once = CHARTER_KIND.clean_content(content)
    assert CHARTER_KIND.clean_content(once) == once


def test_the_hash_does_not_depend_on_key_order() -> None:
    content = CHARTER_KIND.clean_content(charter_content())
    reordered = {k: content[k] for k in reversed(list(content))}
    assert content_sha256(program_code="a", kind="charter", number=1, content=content) == (
        content_sha256(program_code="a", kind="charter", number=1, content=reordered)
    )


def test_comparison_names_what_changed() -> None:
    old = CHARTER_KIND.clean_content(charter_content())
    new = CHARTER_KIND.clean_content(charter_content(scope_out="Payroll stays with DRC."))
    new["tables"]["milestones"][1]["planned_date"] = "2027-07-05"
    changed = {p.key: p.status for p in compare_contents(CHARTER_KIND, old, new) if p.changed}
    assert changed == {"sections.scope_out": "changed", "tables.milestones": "changed"}


def test_markdown_is_rendered_without_scripts() -> None:
    html = render_markdown(
        "# Heading\n\n**bold** <script>alert(1)</script> [x](javascript:alert(1))"
    )
    assert "<h3>Heading</h3>" in html and "<strong>bold</strong>" in html
    assert "<script" not in html and "javascript:" not in html


def test_production_refuses_the_development_secret_key() -> None:
    from pmo_portal import settings

    result = subprocess.run(
        [sys.executable, "-c", "import django, os; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "pmo_portal.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": settings._DEV_SECRET,
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
