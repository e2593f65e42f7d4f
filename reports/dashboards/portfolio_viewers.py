"""Portfolio viewers: people a portal administrator lets read the portfolio of every program
(statuses and ratings in words; costs still only where a membership shows them). The flag is
membership of one Django group, granted and taken back only by administrators through
``reports.services.portfolio_viewers``, which audits it."""

from __future__ import annotations

from django.contrib.auth.models import Group, User

from programs import policy

GROUP = "Portfolio viewers"


def is_portfolio_viewer(user: policy.AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    cached = getattr(user, "_pmo_portfolio_viewer", None)
    if cached is None:
        cached = Group.objects.filter(name=GROUP, user__pk=user.pk).exists()
        setattr(user, "_pmo_portfolio_viewer", cached)  # noqa: B010
    return bool(cached)


def portfolio_viewers() -> list[User]:
    return list(User.objects.filter(groups__name=GROUP).order_by("username"))


def viewer_group() -> Group:
    group, _ = Group.objects.get_or_create(name=GROUP)
    return group
