"""API creates answer once per ``Idempotency-Key`` header: see
``programs.services.idempotency``."""

from __future__ import annotations

import json
from collections.abc import Callable

from drf_spectacular.utils import OpenApiParameter
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from ..services.idempotency import (
    HEADER,
    REPLAYED_HEADER,
    Answer,
    form_payload,
    idempotent_create,
)

IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Up to 64 letters, digits, `-` or `_` naming this request. Sent again within "
    "the remembered period (24 hours by default) with the same body, the first response is "
    f"answered again with `{REPLAYED_HEADER}: true` and nothing is created; with a different "
    "body, 409 `idempotency_key_reused`.",
)


def _answer(response: Response) -> Answer:
    body = json.loads(JSONRenderer().render(response.data)) if response.data is not None else None
    return Answer(status=response.status_code, body=body)


def create_once(request: Request, *, scope: str, create: Callable[[], Response]) -> Response:
    """Answer ``create()``'s response, or the first one for a repeated Idempotency-Key."""
    outcome = idempotent_create(
        acting_user=request.user,
        scope=scope,
        key=request.headers.get(HEADER, ""),
        payload=form_payload(request.data),
        create=create,
        answer=_answer,
    )
    answer, response = outcome
    if response is None:
        return Response(answer.body, status=answer.status, headers={REPLAYED_HEADER: "true"})
    return response
