from typing import Any

from programs.choices import ActivityStatus, DocumentStatus

from ..conftest import World


def test_approved_charter_marks_activity_done(world: World, approved_charter: Any) -> None:
    assert approved_charter.status == DocumentStatus.APPROVED
    activity = world.program.activities.get(key="update_program_charter")
    assert activity.status == ActivityStatus.DONE
