"""Helpers of the review comment tests (the version in review is ``version_in_review``)."""

from __future__ import annotations

from typing import Any

from programs.choices import CommentType
from programs.models import DocumentVersion, ReviewComment
from programs.services import reviews

from ..conftest import World

EDITOR = "customer.program_manager"
REVIEWER = "independent.ivv_agent"


def comment(
    world: World, version: DocumentVersion, who: str = REVIEWER, **values: Any
) -> ReviewComment:
    values = {
        "anchor": "sections.purpose",
        "type": CommentType.SUBSTANTIVE,
        "text": "The vision does not name the end state's date.",
        **values,
    }
    return reviews.comment_create(acting_user=world.user(who), version=version, **values)
