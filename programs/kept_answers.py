"""Answers kept under their ETag, so a read that nothing has changed since is not built again.

An ETag of ``programs.conditional.program_etag`` names everything a GET's answer depends on:
the program's revision (moved on by every audited write), the address, the media type asked,
the reader and their rights, and the day. Two requests with the same ETag get the same body,
so the body built for the first is kept in the cache under it and given to the next; the
next write to the program moves its revision, and with it every key of the program.

- **API answers** are kept under the ETag and the host asked (lists carry absolute links).
- **Pages** carry the reader's CSRF token in their forms, so a page is kept for one CSRF
  secret too (a token masked from it is accepted on a later POST), under the name the layout
  shows the reader by, and only while the reader has no message waiting to be shown. Giving
  a kept page asks for the reader's token, which renews the CSRF cookie as rendering the
  page would, and puts a new ``idempotency_key`` in each create form, as every rendering
  does. Partial (htmx) answers are never kept.

What is kept: a ``200`` answer's body and content type, and nothing that set a cookie or a
header of its own (a download's name, a redirect, an error, a streamed file). A key is a
digest keyed with the secret key, so neither the CSRF secret nor the ETag is stored in it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils.crypto import salted_hmac

from .templatetags.idempotency import renew_keys

KEY_SALT = "programs.kept_answers.key"
#: Kept an hour at most: an answer of an old revision is never given, this only frees room.
ANSWER_SECONDS = 3600
#: The headers a view may have set on an answer that is kept; any other keeps it from being
#: kept, since a kept answer gives only its content type back.
PLAIN_HEADERS = frozenset({"content-type", "content-length"})
#: What DRF and ``programs.conditional`` add to every API answer, and add again to a kept one.
API_HEADERS = PLAIN_HEADERS | {"allow", "vary", "etag", "cache-control"}


def answer_key(request: HttpRequest, etag: str, *, page: bool = False) -> str | None:
    """The cache key of the answer to ``request`` whose ETag is ``etag``; ``None`` when the
    answer is not to be kept (a page for a reader without a CSRF secret yet, with messages
    waiting, or asked for in part by htmx)."""
    if not settings.PMO_KEEP_ANSWERS:
        return None
    parts = [etag, request.get_host()]
    if page:
        secret = request.META.get("CSRF_COOKIE")
        if not secret or request.headers.get("HX-Request") or len(get_messages(request)):
            return None
        # The layout names the reader: a new name shows on the next page.
        user = request.user
        parts += [f"csrf={secret}", f"name={user.get_username()}|{user.get_full_name()}"]  # type: ignore[union-attr]
    digest = salted_hmac(KEY_SALT, "\n".join(parts), algorithm="sha256").hexdigest()
    return f"programs:answer:{digest}"


def kept_answer(
    request: HttpRequest, key: str | None, *, page: bool = False
) -> HttpResponse | None:
    """The answer kept under ``key``, as a new response; ``None`` when there is none."""
    if key is None:
        return None
    kept = cache.get(key)
    if kept is None:
        return None
    content, content_type = kept
    if page:
        get_token(request)  # the page's forms use the reader's token: keep its cookie alive
        content = renew_keys(content)  # and a key of their own for each create form
    response = HttpResponse(content, content_type=content_type)
    response.kept_answer = True  # type: ignore[attr-defined]
    return response


def keepable(response: HttpResponseBase, headers: frozenset[str] = PLAIN_HEADERS) -> bool:
    """Whether ``response`` is a plain successful answer that may be given again as it is:
    no header but ``headers``."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not getattr(response, "kept_answer", False)
        and {name.lower() for name in response.headers} <= headers
    )


def keep_answer(key: str | None, response: Any, headers: frozenset[str] = PLAIN_HEADERS) -> None:
    """Keep a rendered ``response`` under ``key`` if it is ``keepable``."""
    if key is not None and keepable(response, headers):
        cache.set(key, (response.content, response["Content-Type"]), ANSWER_SECONDS)
