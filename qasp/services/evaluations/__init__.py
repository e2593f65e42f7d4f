"""Writes of performance evaluations: create one for a quarter or a year with the portal's
proposal per rating area, refresh the proposal, rate and narrate, open it to the provider's
comment, the provider's comment, and the evaluator's signature. Each takes ``acting_user=``,
checks who may act first (``qasp.evaluation_rules``), validates with a message naming the
field, writes and audits in one transaction; a refusal changes nothing. A signed evaluation
never changes."""

from .drafting import (
    NARRATIVE_REQUIRED,
    evaluation_create,
    evaluation_open,
    evaluation_rate,
    evaluation_refresh,
)
from .review import canonical, content_hash, evaluation_comment, evaluation_sign

__all__ = [
    "NARRATIVE_REQUIRED",
    "canonical",
    "content_hash",
    "evaluation_comment",
    "evaluation_create",
    "evaluation_open",
    "evaluation_rate",
    "evaluation_refresh",
    "evaluation_sign",
]
