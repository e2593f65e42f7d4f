"""Factories. Programs and memberships are made through the services, as the portal makes
them, so that the board, the onboarding checklist and the object permissions exist."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.contrib.auth.models import User

from programs.choices import OrganisationKind, Party
from programs.models import Membership, Organisation, Program
from programs.services import memberships as membership_services
from programs.services import programs as program_services

PASSWORD = "pmo-test-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.save()  # type: ignore[attr-defined]

    @factory.post_generation
    def organisation(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``UserFactory(organisation=org)`` records the organisation the person works for."""
        if create and extracted is not None:
            set_organisation(self, extracted)  # type: ignore[arg-type]


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("acronym",)

    name = factory.Sequence(lambda n: f"Department of Examples {n}")
    acronym = factory.Sequence(lambda n: f"DOE{n}")
    kind = OrganisationKind.FEDERAL_AGENCY


def set_organisation(user: User, organisation: Organisation | None) -> None:
    from accounts.services import profile_set_organisation

    profile_set_organisation(acting_user=superuser(), user=user, organisation=organisation)


def ivv_firm() -> Organisation:
    return OrganisationFactory.create(
        name="Independent Verification Partners", acronym="IVP", kind=OrganisationKind.IVV_FIRM
    )


def organisation_for(program: Program, party: str) -> Organisation:
    """The organisation whose people join ``program`` as ``party``."""
    if party == Party.CUSTOMER:
        return program.customer
    if party == Party.PROVIDER:
        return program.provider
    return ivv_firm()


def superuser() -> User:
    user, _ = User.objects.get_or_create(
        username="root-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def make_program(code: str = "alpha", **values: Any) -> Program:
    customer: Organisation = values.pop("customer", None) or OrganisationFactory.create(
        name=f"Customer agency {code}", acronym=f"CA-{code}"[:20]
    )
    provider: Organisation = values.pop("provider", None) or OrganisationFactory.create(
        name=f"Provider {code}",
        acronym=f"SP-{code}"[:20],
        kind=OrganisationKind.SHARED_SERVICE_PROVIDER,
    )
    defaults: dict[str, Any] = {
        "name": f"Program {code.title()}",
        "start_date": dt.date(2026, 1, 5),
        "planned_end_date": dt.date(2027, 9, 30),
        "status_date": dt.date(2026, 11, 20),
    }
    defaults.update(values)
    return program_services.program_create(
        acting_user=superuser(), code=code, customer=customer, provider=provider, **defaults
    )


def make_member(
    program: Program, username: str, party: str, role: str, *, signatory: bool = False
) -> Membership:
    user: Any = UserFactory(username=username)
    set_organisation(user, organisation_for(program, party))
    return membership_services.membership_create(
        acting_user=superuser(),
        program=program,
        user=user,
        party=party,
        role=role,
        is_signatory=signatory,
    )


def charter_content(**sections: str) -> dict[str, Any]:
    """A complete charter: every required section, field and a milestone filled in."""
    from charter.definition import CHARTER_KIND

    content = CHARTER_KIND.empty_content()
    for section in CHARTER_KIND.sections:
        content["sections"][section.key] = sections.get(
            section.key, f"The {section.title.lower()} of the program, agreed by both parties."
        )
    content["fields"] = {"budget": "4250000.00", "funding_source": "Working Capital Fund"}
    content["tables"] = {
        "milestones": [
            {"name": "Integrated PMO stood up", "planned_date": "2026-03-02"},
            {"name": "Go-live of core HR services", "planned_date": "2027-04-05"},
        ]
    }
    return content


def make_charter(
    program: Program, *, state: str = "approved", editor: Any = None, signers: tuple = ()
) -> Any:
    """The program's charter with version 1 in ``state`` (draft, in_review or approved).
    ``editor`` (a user who may change shared artifacts) writes it; ``signers`` are one
    signatory per party, who sign when ``state`` is approved. Returns the version."""
    from charter.definition import CHARTER
    from programs.services import documents as document_services

    editor = editor or superuser()
    document = document_services.document_create(acting_user=editor, program=program, kind=CHARTER)
    version = document.versions.get()
    version = document_services.version_update_content(
        acting_user=editor, version=version, content=charter_content(), base_revision=1
    )
    if state == "draft":
        return version
    version = document_services.version_submit(acting_user=editor, version=version)
    if state == "approved":
        for signer in signers:
            document_services.version_sign(acting_user=signer, version=version)
        version.refresh_from_db()
    return version
