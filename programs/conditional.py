"""Conditional GETs of a program's exports and read-mostly answers.

A browser or a script that already holds an export sends its ``ETag`` back in
``If-None-Match``; when nothing the answer depends on has moved, it is answered ``304 Not
Modified`` before the body is built. The ETag is a digest of what the answer depends on:

- the program's revision, which every audited write of the program moves on
  (``AuditEvent.objects.bump_revisions``), so any change to its data gives a new ETag;
- the address (view name, path and query string: filters, paging, format) and the media types
  and partial (htmx) the request asks for;
- who asks and with which rights: the user, their party, role and signatory flag (or, for
  someone who reads the program without being a member, their permissions on it) and
  whether they see its costs, so two people never share an ETag for different
  bodies, and a change of someone's rights changes theirs;
- today's date, since exports carry it and flag what is overdue.

The access check runs first: whoever may not read the program (or the object) gets the same
404 as without a conditional request. Computing the ETag reads at most the user's membership
and the schedule's money setting, which the rest of the request reuses.

Django's ``get_conditional_response`` parses the conditional headers. Answers get
``Cache-Control: private, no-cache``: kept by the user's browser only, and asked again every
time (cheaply, with the ETag).

- ``conditional_get``: a decorator of function views that take the program (as the schedule's
  ``program_view`` gives it) or its ``code`` (the program is then read and checked with
  ``get_program``).
- ``ConditionalGetMixin``: the same for DRF views and viewsets (their ``list`` by default).
- ``program_etag``, ``not_modified`` and ``with_etag``: the parts, for class-based views.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar, cast

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.http import quote_etag

from . import kept_answers, policy
from .models import Program
from .readers import get_program

SAFE_METHODS = ("GET", "HEAD")
ETAG_SALT = "programs.conditional.etag"
CACHE_CONTROL = {"private": True, "no_cache": True}

V = TypeVar("V", bound=Callable[..., HttpResponseBase])
R = TypeVar("R", bound=HttpResponseBase)


def _access(request: HttpRequest, program: Program) -> list[str]:
    user = request.user
    if not user.is_authenticated:
        return ["anonymous"]
    membership = policy.membership_of(user, program)
    if membership is not None:
        # A member's permissions on the program follow from the membership.
        rights = f"member={membership.party},{membership.role},{int(membership.is_signatory)}"
    else:
        rights = "perms=" + ",".join(sorted(policy.program_permissions(user, program)))
    return [
        f"user={user.pk}",
        f"superuser={int(bool(getattr(user, 'is_superuser', False)))}",
        rights,
        f"costs={int(policy.can_see_costs(user, program))}",
    ]


def program_etag(
    request: HttpRequest, program: Program, *, view_name: str = "", extra: Iterable[str] = ()
) -> str:
    """The quoted strong ETag of the answer to ``request`` about ``program``."""
    match = request.resolver_match
    query = sorted((key, value) for key, values in request.GET.lists() for value in values)
    parts = [
        f"program={program.pk}",
        f"revision={program.revision}",
        f"view={view_name or (match.view_name if match else '')}",
        f"path={request.path}",
        f"query={query!r}",
        f"accept={request.headers.get('Accept', '')}",
        f"htmx={request.headers.get('HX-Request', '')}",
        *_access(request, program),
        f"date={timezone.localdate().isoformat()}",
        *extra,
    ]
    # Keyed with the secret key: nobody can work out the ETag of an answer they were not given.
    digest = salted_hmac(ETAG_SALT, "\n".join(parts), algorithm="sha256").hexdigest()[:40]
    return quote_etag(digest)


def not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    """``304 Not Modified`` (with the ETag) when ``request`` holds ``etag`` already, or the
    answer Django gives to a failed ``If-Match``; ``None`` when the body is to be built."""
    if request.method not in SAFE_METHODS:
        return None
    response = get_conditional_response(request, etag=etag)
    if response is not None:
        response["ETag"] = etag
        patch_cache_control(response, **CACHE_CONTROL)
    return response


def with_etag(response: R, etag: str) -> R:
    """Mark a successful answer with its ETag; a redirect or an error is left alone, so a
    refusal is never taken for the export."""
    if response.status_code == 200:
        response["ETag"] = etag
        patch_cache_control(response, **CACHE_CONTROL)
    return response


def _program_of(request: HttpRequest, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Program:
    for value in (*args, *kwargs.values()):
        if isinstance(value, Program):
            return value
    return get_program(request, kwargs["code"])


def conditional_get(view: V) -> V:
    """Answer a GET of ``view`` with 304 when the client holds its current ETag, and give
    the ETag with the body otherwise. Put it below the decorators that log in and check the
    method: it reads (and checks) the program itself when the view takes its ``code``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in SAFE_METHODS:
            return view(request, *args, **kwargs)
        program = _program_of(request, args, kwargs)
        etag = program_etag(request, program)
        response = not_modified(request, etag)
        if response is not None:
            return response
        return with_etag(view(request, *args, **kwargs), etag)

    return cast(V, wrapper)


def kept_page(view: V) -> V:
    """Give a GET of the program page ``view`` from the cache when the same reader, with the
    same CSRF secret, had it built since the program last changed, and keep what ``view``
    builds otherwise (``programs.kept_answers``). Pages get no ETag: a browser asks for them
    again in full, so messages waiting after a change are shown. Put it below the decorators
    that log in and check the method."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in SAFE_METHODS:
            return view(request, *args, **kwargs)
        program = _program_of(request, args, kwargs)
        key = kept_answers.answer_key(request, program_etag(request, program), page=True)
        kept = kept_answers.kept_answer(request, key, page=True)
        if kept is not None:
            return kept
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
            response.add_post_render_callback(
                lambda rendered: kept_answers.keep_answer(key, rendered)
            )
        else:
            kept_answers.keep_answer(key, response)
        return response

    return cast(V, wrapper)


class AnsweredEarly(Exception):
    """Carries an answer given before the handler runs (a 304, or a kept answer) out of DRF's
    ``initial``, where the access check ran."""

    def __init__(self, response: HttpResponse) -> None:
        super().__init__("Answered before the handler.")
        self.response = response


class ConditionalAnswers:
    """ETags, 304 and kept answers (``programs.kept_answers``) for a DRF view: its
    ``initial`` calls ``answer_conditionally`` once every check of access has passed. Reads
    of ``conditional_actions`` (every GET of a view without actions) are answered 304 when
    the client holds the current ETag, from the cache when the same answer was built since
    the program last changed, and are kept otherwise.

    A kept answer or an ETag exists only for a request that passed every check: its key holds
    the reader, their rights and the program's revision, which every check here depends on."""

    conditional_actions: tuple[str, ...] = ("list",)
    conditional_etag: str | None = None
    conditional_key: str | None = None
    request: Any
    kwargs: dict[str, Any]

    def _conditional(self, request: Any) -> bool:
        if request.method not in SAFE_METHODS or getattr(self, "swagger_fake_view", False):
            return False
        action = getattr(self, "action", None)
        return action is None or action in self.conditional_actions

    def conditional_program(self) -> Program:
        program = getattr(self, "program", None)
        if isinstance(program, Program):
            return program
        self.program = get_program(self.request, self.kwargs["code"])
        return self.program

    def answer_conditionally(self, request: Any) -> None:
        """Raise ``AnsweredEarly`` with a 304 or the kept answer; note the ETag and the key
        to keep the answer under otherwise."""
        self.conditional_etag = self.conditional_key = None
        if not self._conditional(request):
            return
        django_request = getattr(request, "_request", request)
        etag = program_etag(django_request, self.conditional_program())
        response = not_modified(django_request, etag)
        if response is not None:
            raise AnsweredEarly(response)
        self.conditional_etag = etag
        self.conditional_key = kept_answers.answer_key(django_request, etag)
        kept = kept_answers.kept_answer(django_request, self.conditional_key)
        if kept is not None:
            raise AnsweredEarly(kept)

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, AnsweredEarly):
            return exc.response
        return super().handle_exception(exc)  # type: ignore[misc]

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        if self.conditional_etag:
            with_etag(response, self.conditional_etag)
            key = self.conditional_key
            if key is not None and hasattr(response, "add_post_render_callback"):
                response.add_post_render_callback(
                    lambda rendered: kept_answers.keep_answer(
                        key, rendered, kept_answers.API_HEADERS
                    )
                )
        return response


class ConditionalGetMixin(ConditionalAnswers):
    """``ConditionalAnswers`` for a view that checks access in its handler: the program is
    read (and checked) with ``get_program`` first. Put it first among the bases."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self.answer_conditionally(request)
