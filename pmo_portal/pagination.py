"""Pagination of API lists. A module of its own: the REST framework imports it while it
loads its generic views, so it must import nothing that needs them."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Page-numbered lists, described for OpenAPI 3.1 (``next`` and ``previous`` are null on
    the last and first page)."""

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        described = super().get_paginated_response_schema(schema)
        for link in ("next", "previous"):
            prop = described["properties"][link]
            prop.pop("nullable", None)
            prop["type"] = ["string", "null"]
        return described


class LongPagination(Pagination):
    """For lists a script reads whole (the schedule's tasks): 50 a page unless ``page_size``
    asks for more, up to 1,000."""

    page_size_query_param = "page_size"
    max_page_size = 1000
