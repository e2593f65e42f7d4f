"""JSON bodies as the API reads them. JSON has no NaN or Infinity; a client that sends one
(Python's and JavaScript's serialisers both can) is told which field holds it, as for any
other value out of range, rather than that the body does not parse."""

from __future__ import annotations

import math
from typing import Any

from rest_framework.parsers import JSONParser

from programs.errors import DomainError


def _non_finite(value: Any, path: str = "") -> tuple[str, float] | None:
    """The path (``changes[0].duration_days``) and value of the first NaN or infinity."""
    if isinstance(value, float) and not math.isfinite(value):
        return path, value
    items: Any = ()
    if isinstance(value, dict):
        items = ((f"{path}.{key}" if path else str(key), item) for key, item in value.items())
    elif isinstance(value, list):
        items = ((f"{path}[{index}]", item) for index, item in enumerate(value))
    for where, item in items:
        found = _non_finite(item, where)
        if found is not None:
            return found
    return None


class FiniteJSONParser(JSONParser):
    strict = False  # read NaN and Infinity, to name the field that holds one

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        found = _non_finite(data)
        if found is not None:
            path, value = found
            raise DomainError(
                f"{path or 'The body'}: {value} is not a number JSON allows; send a finite number.",
                field=path.split(".")[0].split("[")[0] or None,
            )
        return data
