"""Pages that create something do it once per rendering of their form: see
``programs.services.idempotency``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from ..services.idempotency import FORM_FIELD, Answer, form_payload, idempotent_create

T = TypeVar("T")

ALREADY_SUBMITTED = "This was already submitted."


def create_once(
    request: HttpRequest,
    *,
    scope: str,
    create: Callable[[], T],
    redirect_to: Callable[[T], str],
) -> T | HttpResponse:
    """Run ``create`` unless this form (its hidden key) was submitted already: then answer
    the redirect the first submission got, saying so. A DomainError of ``create``, or of a key
    sent again with other content, goes to the caller, which shows it on the form."""

    def answer(obj: T) -> Answer:
        return Answer(redirect_url=redirect_to(obj))

    outcome = idempotent_create(
        acting_user=request.user,
        scope=scope,
        key=request.POST.get(FORM_FIELD, ""),
        payload=form_payload(request.POST),
        create=create,
        answer=answer,
        field="form key",
    )
    first, created = outcome
    if created is None:
        messages.info(request, ALREADY_SUBMITTED)
        return redirect(first.redirect_url)
    return created
