"""Demo governance and communications plan of the DRC Core HR program: its three joint bodies
with six months of meetings (minutes, decisions and actions recorded in the RAID log) and a
communications plan of a dozen items, two of them overdue. Called by ``seed_demo``."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.utils import timezone

from programs import limits
from programs.models import Membership, Program

from .models import CommunicationItem, GovernanceBody, Meeting
from .services import communications as comms
from .services import governance as gov
from .services import governance_raid as records
from .services import raid_workflow

HR = "drc-hr"
MONTHS = 6

#: Body name -> (cadence, chair, members, weekday, hour).
BODIES = {
    "Executive Steering Committee": (
        "monthly",
        "cust.sponsor",
        ["cust.sponsor", "cust.owner", "cust.pm", "prov.sponsor", "prov.pm"],
        1,
        14,
    ),
    "Joint PMO": (
        "biweekly",
        "cust.pmolead",
        ["cust.pm", "cust.pmolead", "cust.team", "prov.pm", "prov.pmolead", "prov.team"],
        2,
        10,
    ),
    "Change Control Board": (
        "monthly",
        "prov.pm",
        ["cust.pm", "cust.pmolead", "prov.pm", "prov.pmolead", "cust.owner"],
        3,
        13,
    ),
}

_TOPICS = [
    "Fit-Gap sessions for personnel actions and benefits",
    "mock conversion 1 of employee master data",
    "payroll parallel test planning",
    "interface inventory with the agency finance system",
    "time and attendance configuration workshops",
    "training needs analysis for HR specialists",
    "mock conversion 2 reconciliation",
]
_MINUTES = {
    "Executive Steering Committee": """## Summary

The sponsors reviewed the integrated status report and the RAID log ahead of the OMB
submission. Focus this month: {topic}.

## Discussion

- Schedule: the IMS shows the Engagement milestones holding; float on the payroll parallel
  test path is down to {slack} working days.
- Cost: the provider reported expenditure to date against the task order; cumulative CPI 0.97.
- Workforce: union notification for the time and attendance change is on track.

## Escalations

{escalation}
""",
    "Joint PMO": """## Status by workstream

- **Program management**: IMS updated Monday; {count} tasks slipped less than a week.
- **Technology**: {topic} under way; the interface team confirmed file layouts for the
  benefits feeds.
- **Process & service delivery**: personnel action request (SF-52) routing reviewed with
  the servicing HR offices.
- **Workforce**: change champions named in three of five bureaus.

## RAID review

Open actions and risks due for review were walked through; owners updated dates in the log.

## Next steps

Both PMO leads to prepare the consolidated status report inputs by Thursday.
""",
    "Change Control Board": """## Change requests reviewed

- CR for {topic}: impact on schedule {slack} days, no cost impact beyond the task order
  ceiling. Reviewed against the agreed baseline.
- Data retention rule for separated employees' records: deferred pending the records officer.

## Baseline

The IMS baseline stays as agreed; the board noted the dependencies on the finance system
interface.
""",
}
_ESCALATIONS = [
    "None this month.",
    "The provider asked for a decision on the number of cutover waves; see decisions below.",
    "Access to PERSONA production extracts for mock conversion was escalated to the CIO.",
]
_DECISIONS = [
    ("Cut over in three waves by bureau", "Three waves: headquarters, field offices, overseas."),
    ("Freeze PERSONA customisations", "No new customisations of the legacy system after June."),
    ("Adopt the provider's standard leave codes", "Agency-specific leave codes map to standard."),
    ("Run two payroll parallel tests", "Two full parallel payroll cycles before go-live."),
]
_ACTIONS = [
    ("Send the employee master extract for mock conversion", "prov.team", 10),
    ("Confirm the union notification date", "cust.pm", 14),
    ("Update the interface inventory with file layouts", "prov.pmolead", 7),
    ("Book training rooms for HR specialists", "cust.team", 21),
    ("Circulate the revised cutover approach", "prov.pm", 14),
    ("Name a records officer contact for data retention", "cust.owner", 10),
]

# (what, audience, purpose, channel, frequency, owner, days since last done or None, start)
_PLAN = [
    (
        "Status report to OMB",
        "OMB desk officer",
        "Quarterly M3 status and risks",
        "report",
        "monthly",
        "cust.pm",
        20,
        None,
    ),
    (
        "Executive briefing",
        "DRC Deputy Secretary",
        "Decisions and escalations",
        "briefing",
        "monthly",
        "cust.sponsor",
        25,
        None,
    ),
    (
        "Town hall",
        "All DRC employees",
        "What changes and when",
        "town_hall",
        "quarterly",
        "cust.owner",
        60,
        None,
    ),
    (
        "HR migration newsletter",
        "DRC HR staff",
        "Progress, training dates, FAQs",
        "newsletter",
        "monthly",
        "cust.team",
        40,
        None,
    ),
    (
        "RAID review",
        "Joint PMO",
        "Walk the risks, actions, issues and decisions",
        "meeting",
        "biweekly",
        "prov.pmolead",
        6,
        None,
    ),
    (
        "Integrated status report",
        "Executive Steering Committee",
        "Schedule, cost, risks",
        "report",
        "monthly",
        "prov.pmolead",
        28,
        None,
    ),
    (
        "Expenditure to date report",
        "Customer PMO and budget office",
        "Provider spending against the task order",
        "report",
        "monthly",
        "prov.pm",
        12,
        None,
    ),
    (
        "Change champion huddle",
        "Bureau change champions",
        "Readiness and feedback",
        "meeting",
        "biweekly",
        "cust.pmolead",
        20,
        None,
    ),
    (
        "Union consultation",
        "AFGE local",
        "Notification of working-condition changes",
        "meeting",
        "per_event",
        "cust.pm",
        45,
        30,
    ),
    (
        "Portal announcement of milestones",
        "All program members",
        "Milestones met and coming",
        "portal",
        "per_event",
        "cust.team",
        None,
        9,
    ),
    (
        "IV&V report readout",
        "Both PMOs and sponsors",
        "IV&V findings and answers",
        "briefing",
        "quarterly",
        "cust.pmolead",
        50,
        None,
    ),
    (
        "Cutover readiness checklist",
        "Bureau HR directors",
        "Readiness for wave 1",
        "email",
        "weekly",
        "prov.team",
        None,
        3,
    ),
]


def _members(program: Program) -> dict[str, Membership]:
    return {
        m.user.get_username(): m
        for m in Membership.objects.filter(program=program).select_related("user")
    }


def _first_weekday(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _meeting_days(cadence: str, weekday: int, since: dt.date, until: dt.date) -> list[dt.date]:
    days, day = [], _first_weekday(since, weekday)
    while day <= until:
        days.append(day)
        if cadence == "biweekly":
            day += dt.timedelta(days=14)
        else:
            day = _first_weekday(comms.add_months(day.replace(day=1), 1), weekday)
    return days


def _seed_meetings(program: Program, user: User, people: dict[str, Membership]) -> None:
    today = limits.today()
    since = max(comms.add_months(today, -MONTHS), program.start_date)
    decisions, actions = iter(_DECISIONS), iter(_ACTIONS)
    for n, body in enumerate(GovernanceBody.objects.filter(program=program)):
        cadence, chair, names, weekday, hour = BODIES[body.name]
        gov.body_update(
            acting_user=user,
            body=body,
            name=body.name,
            purpose=body.purpose,
            cadence=cadence,
            chair=people[chair],
            members=[people[x] for x in names],
        )
        for i, day in enumerate(_meeting_days(cadence, weekday, since, today + dt.timedelta(28))):
            starts = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
            held = day <= today
            minutes = _MINUTES[body.name].format(
                topic=_TOPICS[(i + n) % len(_TOPICS)],
                slack=3 + (i * 2) % 9,
                count=2 + i % 5,
                escalation=_ESCALATIONS[i % len(_ESCALATIONS)],
            )
            meeting = gov.meeting_create(
                acting_user=user,
                program=program,
                body=body,
                starts_at=starts,
                duration_minutes=90 if n == 0 else 60,
                location="DRC HQ, room 4120 and video" if n != 1 else "Video call",
                attendees=[people[x] for x in names if (i + len(x)) % 7],
                minutes=minutes if held else "",
                status="held" if held else "planned",
            )
            if not held:
                continue
            if n == 0 and i % 2 == 1:
                title, text = next(decisions, (None, None))
                if title and text:
                    records.meeting_record_decision(
                        acting_user=user,
                        meeting=meeting,
                        title=title,
                        decision=text,
                        rationale="Agreed by both sponsors after the joint PMO's analysis.",
                    )
            if n == 1 and i % 3 == 0:
                action = next(actions, None)
                if action:
                    what, owner, days = action
                    item = records.meeting_record_action(
                        acting_user=user,
                        meeting=meeting,
                        title=what,
                        owner=people[owner],
                        due_on=day + dt.timedelta(days=days),
                    )
                    if item.due_on and item.due_on < today - dt.timedelta(days=30):
                        # The older ones were done by their due date.
                        raid_workflow.action_complete(
                            acting_user=user, item=item, done_on=item.due_on
                        )


def _seed_plan(program: Program, user: User, people: dict[str, Membership]) -> None:
    today = limits.today()
    for what, audience, purpose, channel, frequency, owner, since, start in _PLAN:
        comms.item_create(
            acting_user=user,
            program=program,
            title=what,
            audience=audience,
            purpose=purpose,
            channel=channel,
            frequency=frequency,
            owner=people[owner],
            last_done_on=today - dt.timedelta(days=since) if since is not None else None,
            starts_on=today + dt.timedelta(days=start) if start is not None else None,
        )


def seed(programs: dict[str, Program], users: dict[str, User]) -> None:
    """Called by ``seed_demo`` for the programs it has just created."""
    program = programs.get(HR)
    if program is None or Meeting.objects.filter(program=program).exists():
        return
    user = users["cust.pm"]
    people = _members(program)
    gov.bodies_seed(acting_user=user, program=program)
    _seed_meetings(program, user, people)
    if not CommunicationItem.objects.filter(program=program).exists():
        _seed_plan(program, user, people)
