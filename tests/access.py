"""The access model of DESIGN.md, written out independently of ``programs.policy``, for the
tests to compare the portal against."""

from __future__ import annotations

from .conftest import OUTSIDER

CUSTOMER, PROVIDER, INDEPENDENT = "customer", "provider", "independent"
EDITORS = {"program_manager", "pmo_lead", "pmo_team"}
MANAGERS = {"program_manager", "pmo_lead"}
SIGNATORIES = {"executive_sponsor", "business_owner"}  # as the test world makes them


def expected(username: str, action: str, owner: str = "shared") -> bool:
    """May ``username`` (``<party>.<role>`` or the outsider) do ``action`` on something
    owned by ``owner`` (customer, provider, shared; for ``manage``, the member's party; for
    ``concur``, the party of the comment's author)?"""
    if username == OUTSIDER:
        return False
    party, role = username.split(".")
    if action == "view":
        return True
    if action == "change":
        return role in EDITORS and party != INDEPENDENT and owner in ("shared", party)
    if action == "void_signatures":  # return a signed version to draft: its owners' managers
        return role in MANAGERS and party != INDEPENDENT and owner in ("shared", party)
    if action == "sign":
        return role in SIGNATORIES and party != INDEPENDENT and owner in ("shared", party)
    if action == "manage":  # add a member of ``owner``'s party
        manager_party = CUSTOMER if owner == INDEPENDENT else owner
        return role in MANAGERS and party == manager_party
    if action == "change_member":  # change or remove a Viewer of ``owner``'s party
        manager_party = CUSTOMER if owner == INDEPENDENT else owner
        sponsor = role == "executive_sponsor" and owner in (CUSTOMER, PROVIDER)
        return (role in MANAGERS and party == manager_party) or (sponsor and party == owner)
    if action == "comment":  # on a version in review: every member but viewers; the agent
        return role != "viewer"
    if action == "concur":  # with the disposition of a comment made by ``owner``'s party
        if role == "viewer":
            return False
        if owner == INDEPENDENT:  # only the IV&V agent (the world has one: the author)
            return party == INDEPENDENT and role == "ivv_agent"
        return party == owner
    if action == "accept":  # glossary wording: a customer or provider editor or signatory
        return party in (CUSTOMER, PROVIDER) and (role in EDITORS or role in SIGNATORIES)
    raise AssertionError(action)
