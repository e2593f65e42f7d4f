"""The result's task and assignment times, built column by column through an unfrozen twin,
are the frozen dataclasses themselves."""

from __future__ import annotations

import pickle
from dataclasses import FrozenInstanceError, fields, replace
from datetime import datetime

import pytest

from schedule.engine.cpm import compute
from schedule.engine.model import (
    Assignment,
    AssignmentTimes,
    Project,
    Resource,
    ResourceType,
    Task,
    TaskTimes,
)


def test_times_are_frozen_dataclasses_like_any_other() -> None:
    result = compute(
        Project(
            start=datetime(2027, 3, 1, 8, 0),
            tasks=(Task(1, "Build", duration=960),),
            resources=(Resource(1, "Person"), Resource(2, "Steel", type=ResourceType.MATERIAL)),
            assignments=(Assignment(1, 1, 1, work=960), Assignment(2, 1, 2)),
        )
    )
    everything: list[TaskTimes | AssignmentTimes] = [
        *result.tasks.values(),
        *result.assignments.values(),
    ]
    assert {type(times) for times in everything} == {TaskTimes, AssignmentTimes}
    for times in everything:
        kind = type(times)
        built = kind(**{field.name: getattr(times, field.name) for field in fields(kind)})
        assert times == built and hash(times) == hash(built) and repr(times) == repr(built)
        assert pickle.loads(pickle.dumps(times)) == times
        assert replace(times, uid=99).uid == 99
        with pytest.raises(FrozenInstanceError):
            times.uid = 99  # type: ignore[misc]
