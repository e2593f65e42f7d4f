"""A check shared by the apps' tests of conditional GETs (``programs.conditional``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


def must_not_build(*args: Any, **kwargs: Any) -> Any:
    raise AssertionError("The body was built for a client that holds it already.")


def assert_answers_304_until_a_write(
    client: Any,
    path: str,
    *,
    builders: list[tuple[Any, str]],
    write: Callable[[], object],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``path`` gives an ETag; sent back, a 304 with no body and without calling any of
    ``builders`` (object or dotted path, attribute); after ``write`` (an audited write), a
    200 with a new ETag."""
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert first["Cache-Control"] == "private, no-cache"
    with monkeypatch.context() as patched:
        for target, name in builders:
            patched.setattr(target, name, must_not_build)
        unchanged = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304
    assert unchanged.content == b"" and unchanged["ETag"] == etag
    write()
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
