"""Domain errors: a message a person can act on, a stable code for API clients, and the field
(or rule) it is about. The API renders them as 400 (409 for a stale save, 412 when the stale
save named its revision in If-Match) with the code."""

from __future__ import annotations

from typing import Any

from django.db import models


class ErrorCode(models.TextChoices):
    INVALID = "invalid", "The input is not valid"
    METHOD_NOT_ALLOWED = "method_not_allowed", "The endpoint does not take this HTTP method"
    NOT_ACCEPTABLE = "not_acceptable", "The requested response format is not offered"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type", "Send JSON, form or multipart data"
    THROTTLED = "throttled", "Too many requests; wait and try again"
    LOGIN_LOCKED = "login_locked", "Too many failed sign-in attempts; wait and try again"
    NOT_FOUND = "not_found", "No such object, or not visible to you"
    PERMISSION_DENIED = "permission_denied", "You may not do this"
    NOT_AUTHENTICATED = "not_authenticated", "Log in first"
    SERVER_ERROR = "server_error", "The portal failed to answer; try again later"
    INVALID_CONTENT = "invalid_content", "A field of the document content is not valid"
    REQUIRED_SECTION_EMPTY = "required_section_empty", "A required section is empty"
    VERSION_LOCKED = "version_locked", "Approved and superseded versions never change"
    VERSION_NOT_IN_DRAFT = "version_not_in_draft", "Only a draft can be submitted"
    VERSION_NOT_IN_REVIEW = "version_not_in_review", "Only a version in review can be signed"
    DOCUMENT_EXISTS = "document_exists", "The program already has this document"
    OPEN_VERSION_EXISTS = "open_version_exists", "A version is already in draft or review"
    REASON_REQUIRED = (
        "reason_required",
        "A new version, an overridden activity status or a block needs a reason",
    )
    STALE_VERSION = "stale_version", "Someone else saved this version meanwhile"
    PRECONDITION_REQUIRED = (
        "precondition_required",
        "Send the record's ETag in If-Match to change it",
    )
    NOT_A_SIGNATORY = "not_a_signatory", "You are no signatory of a party that signs this"
    ALREADY_SIGNED = "already_signed", "You have already signed this version"
    PARTY_ALREADY_SIGNED = "party_already_signed", "Your party has already signed"
    MEMBER_EXISTS = "member_exists", "Already a member"
    ROLE_NOT_FOR_PARTY = "role_not_for_party", "The role does not belong to that party"
    LAST_MANAGER = "last_manager", "A party keeps at least one member manager"
    OWN_MEMBERSHIP = "own_membership", "Nobody changes their own role or signatory flag"
    AUTHORITY_REQUIRED = (
        "authority_required",
        "Only the party's Executive Sponsor or a portal administrator grants or removes "
        "signatory authority and the sponsor and owner roles",
    )
    WRONG_ORGANISATION = (
        "wrong_organisation",
        "Only people of the party's organisation join as that party",
    )
    ROLE_ABOVE_OWN = "role_above_own", "Nobody grants a role above their own"
    SIGNATORY_ROLE = "signatory_role", "The member's role cannot carry the signatory flag"
    ORGANISATION_EXISTS = "organisation_exists", "An organisation of that name or acronym exists"
    DUPLICATE_TERM = "duplicate_term", "The glossary already has this term"
    ALREADY_ACCEPTED = "already_accepted", "You already accepted this wording"
    NOT_A_REVIEWER = "not_a_reviewer", "Only customer or provider members can accept terms"
    SCHEDULE_INVALID = "schedule_invalid", "The schedule cannot be computed as it stands"
    SCHEDULE_EXISTS = "schedule_exists", "The program already has a schedule"
    NO_SCHEDULE = "no_schedule", "The program has no schedule yet"
    IMPORT_INVALID = "import_invalid", "The file cannot be imported; nothing was changed"
    UNDER_CHANGE_CONTROL = "under_change_control", "An agreed schedule changes by change request"
    NOT_AN_APPROVER = "not_an_approver", "Only a program manager of each party decides changes"
    ALREADY_DECIDED = "already_decided", "The change request or your party's decision is final"
    BASELINE_IN_REVIEW = "baseline_in_review", "Another baseline is awaiting agreement"
    IDEMPOTENCY_KEY_REUSED = (
        "idempotency_key_reused",
        "The idempotency key was already used for a different request",
    )
    UPLOAD_TOO_LARGE = "upload_too_large", "The file or request body is over its size limit"
    NOT_A_COMMENTER = (
        "not_a_commenter",
        "Only members of the customer, the provider and the IV&V agent comment; viewers read",
    )
    COMMENT_INVALID = "comment_invalid", "The comment, its place or its quote is not valid"
    DISPOSITION_INVALID = "disposition_invalid", "The disposition is not valid as given"
    COMMENTS_UNDISPOSITIONED = (
        "comments_undispositioned",
        "A critical review comment has no disposition, so the version cannot be approved",
    )
    TRANSITION_NOT_ALLOWED = (
        "transition_not_allowed",
        "The register item's status does not allow this step of its life cycle",
    )
    TOO_MANY_TASKS = "too_many_tasks", "A schedule holds at most SCHEDULE_MAX_TASKS tasks"
    FILE_REFUSED = (
        "file_refused",
        "The file is empty, of a type the portal does not take, or not what its name says",
    )
    TOO_MANY_ATTACHMENTS = (
        "too_many_attachments",
        "An object holds at most ATTACHMENT_MAX_PER_OBJECT files",
    )
    ALREADY_REMOVED = "already_removed", "The file was already removed"
    RESOURCE_ASSIGNED = (
        "resource_assigned",
        "The resource is assigned to tasks: remove its assignments first",
    )


class DomainError(Exception):
    code: ErrorCode = ErrorCode.INVALID
    status_code = 400

    def __init__(
        self,
        message: str,
        *,
        code: ErrorCode | None = None,
        field: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field
        self.extra = extra or {}

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"code": str(self.code), "detail": self.message}
        if self.field:
            data["field"] = self.field
        data.update(self.extra)
        return data


class StaleEditError(DomainError):
    """A save based on an older revision than the one stored. ``extra`` tells what changed."""

    code = ErrorCode.STALE_VERSION
    status_code = 409


class PermissionRefused(DomainError):
    """A write the user may start but not finish: it would touch something (a task under a
    summary, an item of a container) that their party may not change. Nothing is written."""

    code = ErrorCode.PERMISSION_DENIED
    status_code = 403


class IdempotencyConflict(DomainError):
    """An idempotency key sent again with a different request: nothing is created."""

    code = ErrorCode.IDEMPOTENCY_KEY_REUSED
    status_code = 409
