"""Which Play 3.1 activities take their status from an artifact, and how.

An activity with an artifact rule shows the status its evidence gives: the board never says
"Done" for an activity whose artifact is not there. People may still set another status by
hand (the work is done on paper, the charter is signed but not yet in the portal), but that
is an override: it states a reason, the board shows who set it, why and when, and clearing it
returns the activity to the status its evidence gives.

Each app declares the rules of the activities its artifacts evidence, as it registers its
document kinds: ``register_artifact_rule`` in its ``AppConfig.ready``. Activities without a
rule (so far only 9, managing the schedule) are moved by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .choices import ActivityStatus, DocumentStatus
from .models import Document, DocumentVersion, OnboardingItem, Program

ONBOARDING_ACTIVITY_KEY = "onboard_provider_pmo"


@dataclass(frozen=True)
class ArtifactRule:
    """How an activity's status follows from its artifact.

    ``derive`` reads the program's evidence and answers Not started, In progress or Done;
    ``evidence`` names what it reads, in the words the board and its refusals use.
    """

    activity_key: str
    evidence: str
    derive: Callable[[Program], str]
    #: Pages of the activity's artifacts the board links to besides its evidence, as
    #: (label, URL): the RACI matrix beside the Resource Management Plan.
    links: Callable[[Program], list[tuple[str, str]]] | None = field(default=None, compare=False)
    #: A line the board shows under the links, such as the RACI matrix's rule results.
    note: Callable[[Program], str] | None = field(default=None, compare=False)


_RULES: dict[str, ArtifactRule] = {}


def register_artifact_rule(rule: ArtifactRule) -> ArtifactRule:
    _RULES[rule.activity_key] = rule
    return rule


def artifact_rule(activity_key: str) -> ArtifactRule | None:
    """The rule of the activity, or None when people set its status by hand."""
    return _RULES.get(activity_key)


def document_rule(
    *,
    activity_key: str,
    kind: str,
    evidence: str,
    links: Callable[[Program], list[tuple[str, str]]] | None = None,
    note: Callable[[Program], str] | None = None,
) -> ArtifactRule:
    """An activity evidenced by a versioned document: done while a version made in the
    program's current phase is approved (a later draft does not undo that), in progress while
    the document exists, not started before."""

    def derive(program: Program) -> str:
        versions = DocumentVersion.objects.filter(document__program=program, document__kind=kind)
        if versions.filter(status=DocumentStatus.APPROVED, phase=program.phase).exists():
            return ActivityStatus.DONE
        if Document.objects.filter(program=program, kind=kind).exists():
            return ActivityStatus.IN_PROGRESS
        return ActivityStatus.NOT_STARTED

    return ArtifactRule(
        activity_key=activity_key, evidence=evidence, derive=derive, links=links, note=note
    )


def _onboarding_status(program: Program) -> str:
    items = OnboardingItem.objects.filter(program=program)
    total = items.count()
    done = items.filter(done_date__isnull=False).count()
    if total and done == total:
        return ActivityStatus.DONE
    return ActivityStatus.IN_PROGRESS if done else ActivityStatus.NOT_STARTED


#: Activity 1: done once every item of the provider's onboarding checklist is ticked off.
ONBOARDING_RULE = ArtifactRule(
    activity_key=ONBOARDING_ACTIVITY_KEY,
    evidence="the onboarding checklist",
    derive=_onboarding_status,
)
