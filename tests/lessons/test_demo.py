"""The demo: DRC Core HR's lessons (one from a RAID item, one from an IV&V finding, one
validated by both parties, one applied), BIW's one, and the self-assessments."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from lessons.models import Lesson, PlayLessonAssessment

pytestmark = pytest.mark.usefixtures("seeded_once")


def test_the_demo_lessons(db: None) -> None:
    hr = {x.reference: x for x in Lesson.objects.filter(program__code="drc-hr")}
    assert len(hr) == 4
    assert hr["LL-001"].raid_item is not None and hr["LL-001"].raid_item.reference == "I-1"
    assert hr["LL-002"].finding is not None and hr["LL-002"].finding.reference == "IVV-001"
    assert hr["LL-003"].status == "validated"
    assert hr["LL-004"].status == "applied" and hr["LL-004"].where_applied
    assert {v.party for v in hr["LL-003"].validations.all()} == {"customer", "provider"}
    assert Lesson.objects.filter(program__code="biw-fm").count() == 1
    assessed = set(PlayLessonAssessment.objects.values_list("lesson", "party"))
    assert {(1, "customer"), (1, "provider"), (6, "provider")} <= assessed


def test_the_demo_search_and_eight_lessons_for_cust_pm_and_the_outsider(
    client: Client, db: None
) -> None:
    client.force_login(User.objects.get(username="cust.pm"))
    found = client.get("/programs/drc-hr/lessons/search/?q=payroll").content.decode()
    assert "Plan payroll parallel runs" in found
    play = client.get("/programs/drc-hr/lessons/play/").content.decode()
    assert "Glossary terms agreed by both parties" in play
    client.force_login(User.objects.get(username="outsider"))
    found = client.get("/programs/biw-fm/lessons/search/?q=payroll").content.decode()
    assert "Plan payroll parallel runs" not in found
    assert client.get("/programs/drc-hr/lessons/").status_code == 404
