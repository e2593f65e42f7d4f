"""The My work counts of the top navigation, read only when a page shows them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .selectors import my_work_counts


def my_work_nav(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"my_work_counts": SimpleLazyObject(lambda: my_work_counts(user=user))}
