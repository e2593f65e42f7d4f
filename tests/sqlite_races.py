"""Two people doing the same thing at the same moment on the embedded SQLite database.

Run as ``python -m tests.sqlite_races <database file> <rounds>`` in a fresh process (the
settings read ``DATABASE_URL`` once): it migrates the empty file, builds a program per round,
then runs each race in two threads released together by a barrier, each thread with its own
connection as two web requests would have. It prints, as JSON, per race and round what each
thread got (``ok``, a domain error code, or the exception that escaped) and the state after.
tests/test_sqlite_concurrency.py asserts on that.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from typing import Any

Outcome = str


def race(*calls: Callable[[], Any]) -> list[Outcome]:
    from django.db import connection

    from programs.errors import DomainError

    barrier = threading.Barrier(len(calls))
    outcomes: list[Outcome] = ["" for _ in calls]

    def run(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            call()
            outcomes[i] = "ok"
        except DomainError as error:
            outcomes[i] = str(error.code)
        except Exception as error:  # what a request would answer 500 for
            outcomes[i] = f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def one_round(n: int) -> list[dict[str, Any]]:
    from django.contrib.auth.models import User

    from programs.choices import Party, Role
    from programs.models import DocumentVersion
    from programs.services import documents as document_services
    from schedule.choices import ChangeRequestStatus
    from schedule.models import ChangeRequest
    from schedule.services import change_requests as cr_services
    from tests.factories import charter_content, make_charter, make_member, make_program
    from tests.schedule.factories import make_schedule

    results: list[dict[str, Any]] = []
    program = make_program(f"race{n}")
    users: dict[str, User] = {}
    for name, party, role, signatory in [
        ("cpm", Party.CUSTOMER, Role.PROGRAM_MANAGER, False),
        ("cpm2", Party.CUSTOMER, Role.PROGRAM_MANAGER, False),
        ("ppm", Party.PROVIDER, Role.PROGRAM_MANAGER, False),
        ("ces", Party.CUSTOMER, Role.EXECUTIVE_SPONSOR, True),
        ("cbo", Party.CUSTOMER, Role.BUSINESS_OWNER, True),
    ]:
        users[name] = make_member(program, f"{name}{n}", party, role, signatory=signatory).user

    # Two editors save the same draft from the same revision.
    draft = make_charter(program, state="draft", editor=users["cpm"])
    base = draft.revision
    outcomes = race(
        *(
            lambda who=who: document_services.version_update_content(
                acting_user=users[who],
                version=draft,
                content=charter_content(purpose=f"Purpose as {who} wrote it."),
                base_revision=base,
            )
            for who in ("cpm", "ppm")
        )
    )
    draft.refresh_from_db()
    results.append(
        {
            "race": "save the same draft",
            "outcomes": outcomes,
            "revision_gain": draft.revision - base,
            "purpose": draft.content["sections"]["purpose"],
        }
    )

    # The customer's two signatories sign the charter in review at once.
    version = document_services.version_submit(acting_user=users["cpm"], version=draft)
    outcomes = race(
        *(
            lambda who=who: document_services.version_sign(acting_user=users[who], version=version)
            for who in ("ces", "cbo")
        )
    )
    version = DocumentVersion.objects.get(pk=version.pk)
    results.append(
        {
            "race": "sign the same version",
            "outcomes": outcomes,
            "signatures": version.signatures.filter(voided_at__isnull=True).count(),
            "status": version.status,
        }
    )

    # The provider has approved; the customer's two program managers decide at once, one
    # approving, the other rejecting.
    schedule = make_schedule(program, users["ppm"])
    duration_before = schedule.tasks.get(uid=7).duration
    request = cr_services.change_request_propose(
        acting_user=users["ppm"],
        schedule=schedule,
        title="Longer configuration",
        description="Configuration takes 20 days.",
        justification="A new interface was found in fit-gap.",
        changes=[{"op": "update_task", "uid": 7, "duration_days": 20}],
    )
    cr_services.change_request_decide(
        acting_user=users["ppm"], change_request=request, decision="approve"
    )
    outcomes = race(
        lambda: cr_services.change_request_decide(
            acting_user=users["cpm"], change_request=request, decision="approve"
        ),
        lambda: cr_services.change_request_decide(
            acting_user=users["cpm2"],
            change_request=request,
            decision="reject",
            comment="Not in this release.",
        ),
    )
    request = ChangeRequest.objects.get(pk=request.pk)
    results.append(
        {
            "race": "decide the same change request",
            "outcomes": outcomes,
            "decisions": sorted(request.decisions.values_list("party", "decision")),
            "status": request.status,
            "applied": schedule.tasks.get(uid=7).duration != duration_before,
            "approved": request.status == ChangeRequestStatus.APPROVED,
        }
    )
    return results


def main(rounds: int) -> list[dict[str, Any]]:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    results: list[dict[str, Any]] = []
    for n in range(rounds):
        results.extend(one_round(n))
    return results


if __name__ == "__main__":
    database, rounds = sys.argv[1], int(sys.argv[2])
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    print(json.dumps(main(rounds)))
