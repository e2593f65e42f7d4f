"""The demo world gives its people something in My work: the provider's Program Manager of
drc-hr findings and a corrective action request to answer and the change request the
customer proposed in the current month, and the provider's Program Manager of biw-fm the
change request proposed there."""

from __future__ import annotations

from django.contrib.auth.models import User

from reports.my_work.selectors import my_work_for


def kinds(username: str) -> dict[str, list[str]]:
    work = my_work_for(user=User.objects.get(username=username))
    return {g.kind: [i.title for i in g.items] for g in work.groups if g.items}


def test_the_demo_fills_my_work(seeded_once: None, db: None) -> None:
    provider_pm = kinds("prov.pm")
    assert provider_pm["answer_finding"]
    assert provider_pm["answer_car"]
    assert provider_pm["decide_change"] == ["CR-2: A third payroll parallel run before go-live"]
    assert "decide_change" not in kinds("cust.pm")  # the customer has decided its side
    assert kinds("fin.prov.pm")["decide_change"] == [
        "CR-1: Extend platform configuration for the fixed-assets module"
    ]
    assert kinds("prov.sponsor")["sign"]
