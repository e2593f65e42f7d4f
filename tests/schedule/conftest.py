from __future__ import annotations

import pytest

from schedule.models import Schedule
from tests.conftest import World

from .factories import make_schedule


@pytest.fixture
def schedule(world: World) -> Schedule:
    """alpha's schedule (the sample IMS), imported by the provider's program manager."""
    return make_schedule(world.program, world.user("provider.program_manager"))
