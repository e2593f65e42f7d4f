from typing import Any

from django.apps import AppConfig


class LessonsConfig(AppConfig):
    """The lessons learned register of each program (searchable across the programs a person
    is a member of), the eight Play 3.1 lessons as guidance with both parties'
    self-assessments, and the lessons-learned report that feeds the Phase 3 progress review."""

    name = "lessons"
    verbose_name = "Lessons learned"
    #: The demo lessons cite RAID items and findings of those apps' demos.
    seed_demo_after = ("pmp", "ivv", "raci", "schedule")

    def seed_demo(self, seeded: Any) -> None:
        from .demo import seed

        seed(seeded.programs, seeded.users)
