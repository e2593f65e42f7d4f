"""Forms of the versioned document pages. They collect input only: the document services
decide what is valid, and their DomainError is put beside the field it names."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from programs.choices import VersionReason
from programs.documents import DocumentKind
from programs.errors import DomainError
from programs.forms import state_length
from programs.limits import MAX_TEXT_LENGTH
from programs.services.documents import RETURN_REASON_MAX_LENGTH

# Blank table rows offered below the filled ones, to add more without a round trip.
EXTRA_ROWS = 3


class UswdsForm(forms.Form):
    """Gives every widget its USWDS class; Django adds aria-invalid and aria-describedby."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.Textarea):
                css = "usa-textarea"
            elif isinstance(widget, forms.Select):
                css = "usa-select"
            else:
                css = "usa-input"
            widget.attrs["class"] = css
            state_length(field)

    def add_domain_error(self, exc: DomainError, field: str | None = None) -> None:
        """Show ``exc`` beside ``field`` (by default the field it names) or above the form."""
        name = field or exc.field
        self.add_error(name if name in self.fields else None, exc.message)
        if name in self.fields:
            widget = self.fields[name].widget
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} usa-input--error".strip()


class NewVersionForm(UswdsForm):
    """Why a new version of an approved document is needed (scope, timeline, other)."""

    reason = forms.ChoiceField(
        label="Reason for the new version",
        choices=[("", "- Select -"), *VersionReason.choices],
        required=False,
        widget=forms.Select(attrs={"required": True}),
    )
    reason_text = forms.CharField(
        label="What changed and why",
        help_text="For example: the go-live moved to April 2027 after the Fit-Gap sessions.",
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "required": True}),
    )


class ReturnToDraftForm(UswdsForm):
    """Why a version in review goes back to draft; required when it voids signatures."""

    reason = forms.CharField(
        label="Why return it to draft",
        help_text="The signers whose signatures this voids receive it by email.",
        max_length=RETURN_REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, reason_required: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class SignForm(forms.Form):
    content_sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)


_TABLE_ERROR = re.compile(r"^tables\.(?P<table>\w+)\[(?P<row>\d+)\](?:\.(?P<column>\w+))?$")


class ContentForm(UswdsForm):
    """One textarea per section, an input per field and the rows of each table of a document
    kind, plus the revision the editor started from.

    A table row whose cells are all blank is dropped: that is how a row is removed.
    """

    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(
        self,
        *args: Any,
        kind: DocumentKind,
        content: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.kind = kind
        content = content or kind.empty_content()
        initial: dict[str, Any] = kwargs.pop("initial", None) or {}
        self.table_rows: dict[str, int] = {}
        fields: dict[str, forms.Field] = {}
        for s in kind.sections:
            fields[self.section_name(s.key)] = forms.CharField(
                label=s.title,
                help_text=s.help_text,
                required=False,
                strip=False,
                max_length=MAX_TEXT_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
            initial[self.section_name(s.key)] = content["sections"].get(s.key, "")
        for f in kind.fields:
            attrs = {"inputmode": "decimal"} if f.type in ("decimal", "money", "integer") else {}
            widget: forms.Widget | None = (
                forms.DateInput(attrs={"type": "date"}) if f.type == "date" else None
            )
            if f.choices:  # the kind checks the value; the list offers the choices
                widget = forms.Select(choices=[("", "Choose"), *f.choices])
            fields[self.field_name(f.key)] = forms.CharField(
                label=f.title,
                help_text=f.help_text,
                required=False,
                max_length=MAX_TEXT_LENGTH,
                widget=widget or forms.TextInput(attrs=attrs),
            )
            value = content["fields"].get(f.key)
            initial[self.field_name(f.key)] = "" if value is None else value
        data = args[0] if args else kwargs.get("data")
        for t in kind.tables:
            rows = content["tables"].get(t.key, [])
            count = self._posted_rows(data, t.key) if data is not None else None
            if count is None:
                count = max(len(rows) + EXTRA_ROWS, t.min_rows)
            self.table_rows[t.key] = count
            for number in range(1, count + 1):
                row = rows[number - 1] if number <= len(rows) else {}
                for c in t.columns:
                    name = self.cell_name(t.key, number, c.key)
                    widget_attrs = {"type": "date"} if c.type == "date" else {}
                    cell_widget: forms.Widget = forms.TextInput(attrs=widget_attrs)
                    if c.choices:  # the kind checks the value; the list offers the choices
                        cell_widget = forms.Select(choices=[("", "Choose"), *c.choices])
                    fields[name] = forms.CharField(
                        label=f"{c.title}, row {number}",
                        required=False,
                        max_length=MAX_TEXT_LENGTH,
                        widget=cell_widget,
                    )
                    value = row.get(c.key)
                    initial[name] = "" if value is None else value
        super().__init__(*args, initial=initial, **kwargs)
        self.fields.update(fields)
        self.style_widgets()

    @staticmethod
    def section_name(key: str) -> str:
        return f"section-{key}"

    @staticmethod
    def field_name(key: str) -> str:
        return f"field-{key}"

    @staticmethod
    def cell_name(table: str, number: int, column: str) -> str:
        return f"{table}-{number}-{column}"

    @staticmethod
    def _posted_rows(data: Any, table: str) -> int:
        pattern = re.compile(rf"^{re.escape(table)}-(\d+)-\w+$")
        numbers = [int(m.group(1)) for key in data for m in [pattern.match(key)] if m]
        return max(numbers, default=0)

    # -- what the templates iterate over --------------------------------------------------

    def section_fields(self) -> list[forms.BoundField]:
        return [self[self.section_name(s.key)] for s in self.kind.sections]

    def value_fields(self) -> list[forms.BoundField]:
        return [self[self.field_name(f.key)] for f in self.kind.fields]

    def table_forms(self) -> list[dict[str, Any]]:
        return [
            {
                "table": t,
                "rows": [
                    (
                        number,
                        [self[self.cell_name(t.key, number, c.key)] for c in t.columns],
                    )
                    for number in range(1, self.table_rows[t.key] + 1)
                ],
            }
            for t in self.kind.tables
        ]

    # -- to and from the content ------------------------------------------------------------

    def _kept_rows(self, table: str) -> list[int]:
        """The form row numbers of the rows that are not blank, in order."""
        t = next(t for t in self.kind.tables if t.key == table)
        return [
            number
            for number in range(1, self.table_rows[table] + 1)
            if any(
                str(self.cleaned_data.get(self.cell_name(table, number, c.key)) or "").strip()
                for c in t.columns
            )
        ]

    def content(self) -> dict[str, Any]:
        """The content as the document services take it (the services clean and check it)."""
        data = self.cleaned_data
        return {
            "sections": {s.key: data[self.section_name(s.key)] for s in self.kind.sections},
            "fields": {f.key: data[self.field_name(f.key)] for f in self.kind.fields},
            "tables": {
                t.key: [
                    {c.key: data[self.cell_name(t.key, n, c.key)] for c in t.columns}
                    for n in self._kept_rows(t.key)
                ]
                for t in self.kind.tables
            },
        }

    def add_content_error(self, exc: DomainError) -> None:
        """Put a content error beside its field, naming the section, field or row as the
        editor sees it (``tables.milestones[2].planned_date`` becomes "Milestones, row 2,
        Planned date"), the row being the one on the form."""
        where = exc.field or ""
        name: str | None = None
        label = ""
        if where.startswith("sections."):
            key = where.removeprefix("sections.")
            if self.section_name(key) in self.fields:
                name, label = self.section_name(key), self.kind.section(key).title
        elif where.startswith("fields."):
            key = where.removeprefix("fields.")
            if self.field_name(key) in self.fields:
                name = self.field_name(key)
                label = str(self.fields[name].label)
        elif match := _TABLE_ERROR.match(where):
            t = next((t for t in self.kind.tables if t.key == match["table"]), None)
            kept = self._kept_rows(t.key) if t else []
            index = int(match["row"]) - 1
            if t is not None and 0 <= index < len(kept):
                number = kept[index]
                column = match["column"] or t.columns[0].key
                titles = {c.key: c.title for c in t.columns}
                name = self.cell_name(t.key, number, column)
                label = f"{t.title}, row {number}, {titles.get(column, column)}"
        message = exc.message
        if label and where and message.startswith(f"{where}: "):
            message = f"{label}: {message.removeprefix(f'{where}: ')}"
        self.add_domain_error(DomainError(message, code=exc.code, field=name), field=name)
