"""Background jobs of the programs app. Thin: load by id, check, call, idempotent."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail

from .choices import DocumentStatus
from .links import portal_url
from .models import DocumentVersion, Membership, Signature, person_name


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_signatories(self: Any, version_id: int, request_base: str = "") -> int:
    """Email the signatories of every signing party, and the people the document names as
    signers, that a version awaits their signature.
    Returns the number of emails sent; a version no longer in review sends none.
    ``request_base``: the address of the request that queued it, for the links."""
    version = (
        DocumentVersion.objects.select_related("document__program")
        .filter(pk=version_id, status=DocumentStatus.IN_REVIEW)
        .first()
    )
    if version is None:
        return 0
    document = version.document
    program = document.program
    signatories = (
        Membership.objects.filter(
            program=program, is_signatory=True, party__in=document.signing_parties
        )
        .select_related("user")
        .exclude(user__email="")
    )
    url = portal_url(version.get_absolute_url(), request_base=request_base)
    subject = f"[{program.code}] {document.title} v{version.number} awaits your signature"

    def message(name: str, email: str, needs: str) -> tuple[str, str, str, list[str]]:
        body = (
            f"Dear {name},\n\n"
            f"Version {version.number} of the {document.title} of {program.name} is in review "
            f"and needs {needs}.\n\n"
            f"Read and sign it here: {url}\n"
        )
        return (subject, body, settings.DEFAULT_FROM_EMAIL, [email])

    named = document.named_signers.select_related("user").exclude(user__email="")
    named_ids = {n.user_id for n in named}
    messages = [
        message(person_name(n.user), n.user.email, f"your signature as {n.capacity.lower()}")
        for n in named
    ] + [
        message(
            m.display_name, m.user.email, f"the signature of a {m.get_party_display()} signatory"
        )
        for m in signatories
        if m.user_id not in named_ids
    ]
    return send_mass_mail(messages, fail_silently=False)


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_signatures_voided(
    self: Any, signature_ids: list[int], actor_id: int, request_base: str = ""
) -> int:
    """Email each signer whose signature was voided by a return to draft: who did it and why
    (the reason is kept on the signature). Returns the number of emails sent.
    ``request_base``: the address of the request that queued it, for the links."""
    signatures = (
        Signature.objects.filter(pk__in=signature_ids, voided_at__isnull=False)
        .select_related("signer", "version__document__program")
        .exclude(signer__email="")
    )
    actor = get_user_model().objects.filter(pk=actor_id).first()
    actor_name = person_name(actor) if actor is not None else "A removed account"
    messages = []
    for signature in signatures:
        version = signature.version
        document = version.document
        program = document.program
        url = portal_url(version.get_absolute_url(), request_base=request_base)
        reason = signature.void_reason.removeprefix("Returned to draft: ")
        messages.append(
            (
                f"[{program.code}] Your signature on {document.title} v{version.number} was voided",
                f"Dear {person_name(signature.signer)},\n\n"
                f"{actor_name} returned version {version.number} of the {document.title} of "
                f"{program.name} to draft, which voided the signature you gave for the "
                f"{signature.get_party_display()} on {signature.signed_at:%d %B %Y}.\n\n"
                f"Their reason: {reason}\n\n"
                f"The version is here: {url}\n",
                settings.DEFAULT_FROM_EMAIL,
                [signature.signer.email],
            )
        )
    return send_mass_mail(messages, fail_silently=False)
