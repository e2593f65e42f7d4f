"""A governance meeting and its minutes as a tagged PDF: the meeting's facts, attendees,
agenda and minutes (Markdown, sanitised) and the decisions and actions it recorded."""

from __future__ import annotations

from functools import cache

from django.template.loader import render_to_string
from django.utils import dateformat, timezone

from programs.documents import render_markdown
from programs.exports import html_to_pdf

from .models import Meeting


def meeting_pdf(meeting: Meeting, *, generated_by: str = "") -> bytes:
    context = {
        "program": meeting.program,
        "meeting": meeting,
        "attendees": meeting.attendees.select_related("user").order_by("party", "user__last_name"),
        "agenda_html": render_markdown(meeting.agenda),
        "minutes_html": render_markdown(meeting.minutes),
        "records": meeting.raid_items.select_related("owner__user").order_by("kind", "number"),
        "generated_by": generated_by,
        "generated_on": dateformat.format(timezone.localtime(), "F j, Y"),
    }
    html = render_to_string("pmp/governance/meeting_pdf.html", context)
    return html_to_pdf(html, _stylesheet())


@cache
def _stylesheet() -> str:
    return render_to_string("programs/exports/register.css") + render_to_string(
        "pmp/governance/meeting_pdf.css"
    )
