"""No silent overwrite of a colleague's edit.

Every editable record carries a ``revision`` (``Revisioned``), moved on by every audited
change of its fields (``audit_update`` calls ``revision_bump``). Whoever edits says which
revision they started from: the edit forms carry it in a hidden field (``RevisionField``), API
clients send the record's ``ETag`` back in ``If-Match``. A change made from an older revision
is refused (``check_revision`` raises ``StaleEditError``: 409 on a page, 412 in the API) with
who changed the record meanwhile and each field's value before and after their change, read
from the audit trail (``changes_since``); nothing is written, and the form keeps what the
person typed, now based on the current revision, so they compare and save again.

A write without a revision (a script that sends no ``If-Match``) is accepted when the setting
``PMO_API_WRITES_WITHOUT_IF_MATCH`` is on (the default); off, the API answers 428.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest, QueryDict
from django.utils.http import parse_etags, quote_etag

from .choices import Party
from .errors import DomainError, ErrorCode, StaleEditError

if TYPE_CHECKING:
    from django.http import HttpResponseBase


class Revisioned(models.Model):
    """A record edited by several people: its revision counts the changes made to it."""

    revision = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Moved on by every change; a change made from an older revision is refused.",
    )

    class Meta:
        abstract = True

    def describe_value(self, field: str, value: Any) -> str:
        """How a value of ``field`` from the audit trail reads to a person; a record with
        values in units of its own (working minutes, cents) says so by overriding this."""
        if value is None or value == "":
            return "(empty)"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "(empty)"
        choices = dict(getattr(_model_field(self, field), "flatchoices", None) or ())
        return str(choices.get(value, value))


def revision_bump(record: Revisioned) -> None:
    """Move the record's revision on, in the database and on ``record``. Called by the
    service that changed it, inside its transaction and with the row locked."""
    type(record)._base_manager.filter(pk=record.pk).update(revision=models.F("revision") + 1)
    record.revision += 1


def _model_field(record: models.Model, name: str) -> Any:
    """The model field ``name`` of ``record``; None for a value a service records that is
    not a field."""
    try:
        return record._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _label(record: models.Model, field: str) -> str:
    text = str(getattr(_model_field(record, field), "verbose_name", field.replace("_", " ")))
    return text[:1].upper() + text[1:]


def changes_since(record: Revisioned, revision: int) -> list[dict[str, Any]]:
    """Who changed ``record`` after ``revision``, when, as which party, and each field they
    changed with its value before and after: read from the audit trail."""
    from .models import AuditEvent  # the models import this module

    events = AuditEvent.objects.filter(
        target_type__app_label=record._meta.app_label,
        target_type__model=record._meta.model_name,
        target_id=str(record.pk),
        changes__revision__0__gte=revision,
    ).order_by("created_at", "pk")
    out = []
    for event in events:
        fields = [name for name in event.changes if name != "revision"]
        out.append(
            {
                "by": event.actor_name,
                "party": event.actor_party,
                "party_label": str(Party(event.actor_party).label) if event.actor_party else "",
                "at": event.created_at,
                "revision": event.changes["revision"][1],
                "action": event.get_action_display(),
                "parts": [_label(record, name) for name in fields],
                "changes": [
                    {
                        "name": name,
                        "title": _label(record, name),
                        "before": record.describe_value(name, event.changes[name][0]),
                        "after": record.describe_value(name, event.changes[name][1]),
                    }
                    for name in fields
                ],
            }
        )
    return out


def stale_error(record: Revisioned, revision: int, *, what: str = "") -> StaleEditError:
    """The refusal of a change made from ``revision`` of ``record``, with what changed since."""
    name = what or f"{record._meta.verbose_name} {record}"
    changed = changes_since(record, revision)
    return StaleEditError(
        f"{name[:1].upper() + name[1:]} was saved by someone else after you opened it (you "
        f"started from revision {revision}, it is now at revision {record.revision}). Your "
        "changes are kept below: compare, and save again.",
        field="revision",
        extra={
            "current_revision": record.revision,
            "changed_meanwhile": [{**change, "at": change["at"].isoformat()} for change in changed],
        },
    )


def check_revision(record: Revisioned, revision: int | None, *, what: str = "") -> None:
    """Refuse a change of ``record`` made from ``revision`` when someone has changed it since.
    ``None`` (no revision sent) is accepted: the API decides beforehand whether it may be."""
    if revision is not None and revision != record.revision:
        raise stale_error(record, revision, what=what)


def changes_for_display(error: StaleEditError) -> list[dict[str, Any]]:
    """The refusal's changes with their times as datetimes, for a template."""
    return [
        {**change, "at": dt.datetime.fromisoformat(change["at"])}
        for change in error.extra.get("changed_meanwhile", [])
    ]


# -- the API: ETag and If-Match -------------------------------------------------------------

_TAG = re.compile(r"^(?P<model>[a-z0-9_.]+)-(?P<pk>\d+)-r(?P<revision>\d+)$")


class PreconditionRequired(DomainError):
    """A write without ``If-Match`` when the portal asks for one."""

    code = ErrorCode.PRECONDITION_REQUIRED
    status_code = 428


def revision_etag(record: Revisioned) -> str:
    """The quoted ETag of the record at its revision: its model, its key and the revision."""
    return quote_etag(f"{record._meta.label_lower}-{record.pk}-r{record.revision}")


def with_revision_etag(response: HttpResponseBase, record: Revisioned) -> HttpResponseBase:
    response["ETag"] = revision_etag(record)
    return response


def if_match_revision(request: HttpRequest, record: Revisioned) -> int | None:
    """The revision the client's ``If-Match`` names for ``record``; None when it sends none
    (allowed by the setting) or ``*``. An ETag of another record, or one that is not the
    portal's, is stale: the client did not start from this record as it is."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if getattr(settings, "PMO_API_WRITES_WITHOUT_IF_MATCH", True):
            return None
        raise PreconditionRequired(
            "Send the record's ETag in If-Match: read the record, then change it with the "
            "ETag its answer gave.",
            field="If-Match",
        )
    tags = parse_etags(header)
    if tags == ["*"]:
        return None
    for tag in tags:
        match = _TAG.match(tag.removeprefix("W/").strip('"'))
        if match and match["model"] == record._meta.label_lower and int(match["pk"]) == record.pk:
            return int(match["revision"])
    raise StaleEditError(
        f"If-Match names no revision of {record._meta.verbose_name} {record}: read it again "
        "and send the ETag its answer gave.",
        field="If-Match",
        extra={"current_revision": record.revision, "changed_meanwhile": []},
    )


# -- forms ----------------------------------------------------------------------------------


#: What a form says of a revision it did not send as it was given: the page was changed.
REVISION_TAMPERED = (
    "This form does not say which version of the record it was opened at. Open the record "
    "again and make the change there."
)


class RevisionField(forms.IntegerField):
    """The revision an edit form was opened at, sent back with the change. Anything but a
    revision the portal could have given is refused in words, not as a number's error."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        given = kwargs.pop("error_messages", None) or {}
        refused = dict.fromkeys(("invalid", "min_value", "max_value"), REVISION_TAMPERED)
        kwargs["error_messages"] = {**refused, **given}
        super().__init__(**kwargs)


def form_revision(form: forms.Form) -> int | None:
    """The revision the submitted form started from (None from a form without one)."""
    value = form.cleaned_data.get("revision")
    return int(value) if value is not None else None


def _form_field(form: forms.Form, name: str) -> str | None:
    """The form's field for the record's field ``name`` (the same name, or the one the form's
    ``domain_fields`` maps it to), if the form has one."""
    if name in form.fields:
        return name
    mapped = getattr(form, "domain_fields", {}).get(name)
    return mapped if mapped in form.fields else None


def _as_data(field: forms.Field, value: Any) -> str | None:
    """An initial value as the browser would post it (None: a checkbox left unticked)."""
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    return "" if value is None else str(value)


def _shown(field: forms.Field, value: str | None) -> str:
    """A posted value as the person chose it: a choice by its label."""
    if not value:
        return "(empty)"
    choices = dict(getattr(field, "flatchoices", None) or getattr(field, "choices", None) or ())
    return str(choices.get(value, value))


def rebase_form(
    form: forms.Form, error: StaleEditError, current: dict[str, Any] | None = None
) -> dict[str, Any]:
    """After a refusal: the form, now based on the current revision, so that saving again
    goes through. A field the other person changed and this person left as it was shows the
    other person's value (``current``: the form's initial values read from the record as it
    now is), so saving again does not undo their change. A field both changed keeps this
    person's value, and is listed with both values to compare (as the charter's editor keeps
    the text typed). Every other field keeps what the person typed. Returns the context the
    ``programs/includes/stale_record.html`` alert reads."""
    data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
    data[form.add_prefix("revision")] = str(error.extra["current_revision"])
    both: list[dict[str, str]] = []
    seen: set[str] = set()
    changed = changes_for_display(error)
    for change in reversed(changed):  # the latest change of a field first
        for field in change.get("changes", []):
            name = _form_field(form, field["name"])
            if current is None or name is None or name in seen or name not in current:
                continue
            seen.add(name)
            key = form.add_prefix(name)
            theirs = _as_data(form.fields[name], current[name])
            yours = data.get(key)
            if (yours or None) == (theirs or None):
                continue
            if _shown(form.fields[name], yours) == field["before"]:
                # Left as it was here: take theirs.
                if theirs is None:
                    data.pop(key, None)
                else:
                    data[key] = theirs
            else:
                both.append(
                    {
                        "title": str(form.fields[name].label or field["title"]),
                        "yours": _shown(form.fields[name], yours),
                        "theirs": _shown(form.fields[name], theirs),
                    }
                )
    form.data = data
    return {"stale": error, "changed_meanwhile": changed, "changed_by_both": both}
