"""Performance benchmarks of the portal, against the targets of DESIGN.md.

    .venv/bin/python benchmarks/run.py                  # every benchmark
    .venv/bin/python benchmarks/run.py charter_exports  # only the named ones
    .venv/bin/python benchmarks/run.py --check          # exit 1 when a target is missed

A benchmark is a function registered with ``@benchmark`` that returns its ``Result`` rows.
Those that need the database call ``django_world()`` first: it sets Django up on a throwaway
SQLite database (migrated quietly, deleted at exit), so a run never touches the portal's data.
Timings are printed, never asserted by the test suite.
"""

from __future__ import annotations

import argparse
import atexit
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Timings:
    wall_ms: tuple[float, ...]
    cpu_ms: tuple[float, ...]


@dataclass(frozen=True)
class Result:
    name: str
    timings: Timings
    target_ms: float | None = None
    note: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.timings.wall_ms)

    @property
    def max_ms(self) -> float:
        return max(self.timings.wall_ms)

    @property
    def cpu_median_ms(self) -> float:
        """Process CPU time: what the run costs when other processes share the machine."""
        return statistics.median(self.timings.cpu_ms)

    @property
    def met(self) -> bool | None:
        """Whether the median is within the target (None when there is no target)."""
        return None if self.target_ms is None else self.median_ms <= self.target_ms


BENCHMARKS: dict[str, Callable[[], list[Result]]] = {}


def benchmark(fn: Callable[[], list[Result]]) -> Callable[[], list[Result]]:
    BENCHMARKS[fn.__name__] = fn
    return fn


def measure(fn: Callable[[], Any], *, runs: int = 10, warmup: int = 1) -> Timings:
    """Wall-clock and CPU milliseconds of ``runs`` calls of ``fn``, after ``warmup`` unmeasured
    ones (first calls pay for imports, template compilation and font loading)."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return Timings(tuple(wall), tuple(cpu))


# -- Django on a throwaway database --------------------------------------------------------

_django_ready = False


def django_world() -> None:
    """Set Django up once, on a fresh SQLite file, with nothing sent by email."""
    global _django_ready
    if _django_ready:
        return
    scratch = tempfile.mkdtemp(prefix="pmo-bench-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["EMAIL_URL"] = "memorymail://"
    # Jobs run in process; the in-memory broker's connection notices are not wanted here.
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmo_portal.settings")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # Building the world creates users; their password hashing is not what is measured.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("migrate", verbosity=0, interactive=False)
    _django_ready = True


# -- exports ------------------------------------------------------------------------------

CHARTER_SECTIONS = {
    "purpose": (
        "The {name} program moves the {customer} core human-resources and payroll services "
        "onto {provider}, a federal shared-service provider, under M3 Phase 3.\n\n"
        "**Vision:** one integrated PMO, one schedule, one set of numbers that both parties "
        "trust, from Engagement to Operations."
    ),
    "justification": (
        "The agency runs three legacy HR systems past end of support. Options considered:\n\n"
        "1. Modernise in place (highest cost, highest risk).\n"
        "2. Commercial software as a service, agency-managed.\n"
        "3. Migrate to a designated shared-service provider (selected).\n\n"
        "Expected benefits: a 28% lower cost per employee serviced, consolidated payroll "
        "processing, and retirement of 14 interfaces."
    ),
    "objectives": (
        "| Objective | Success criterion |\n|---|---|\n"
        "| Retire legacy payroll | Last legacy pay run by the end of Phase 4 |\n"
        "| Accurate pay | Fewer than 0.5% pay errors for three consecutive periods |\n"
        "| Timely transition | Go-live within 30 days of the baselined date |\n"
        "| Workforce readiness | 95% of HR staff trained before go-live |"
    ),
    "scope_in": (
        "- Personnel action processing and position management\n"
        "- Payroll, time and attendance interfaces\n- Benefits enrolment\n"
        "- Data conversion of active and separated employees (7 years)\n"
        "- Organisational change management and training"
    ),
    "scope_out": (
        "- Recruitment and onboarding systems (separate acquisition)\n"
        "- Learning management\n- Financial-system changes beyond the payroll interface"
    ),
    "governance": (
        "An Executive Steering Committee (both executive sponsors) meets monthly and decides "
        "scope, budget and baseline changes. The integrated PMO meets weekly, reviews the "
        "IMS, the RAID log and expenditure to date, and escalates within five working days "
        "what it cannot resolve.\n\n"
        + "\n\n".join(
            f"Decision class {i}: authority, quorum and the escalation path are recorded in "
            "the PMO role agreement; the IV&V agent attends as an observer and reports "
            "independently to the customer's executive sponsor."
            for i in range(1, 6)
        )
    ),
    "budget_narrative": (
        "The budget is phased by fiscal year: FY26 $1.6M (engagement, design), FY27 $2.1M "
        "(migration), FY28 $0.55M (operations, close-out). The provider reports expenditure "
        "to date monthly against the planned value."
    ),
    "assumptions": (
        "- Agency subject-matter experts are available 50% of their time during Fit-Gap.\n"
        "- The provider's release calendar holds through go-live.\n"
        "- Funding is appropriated on time each fiscal year."
    ),
    "constraints": (
        "- Pay periods cannot be skipped or delayed.\n"
        "- Go-live avoids the last quarter of the calendar year (open season, W-2).\n"
        "- Data stays within FedRAMP Moderate boundaries."
    ),
    "risks": (
        "| Risk | Owner | Response |\n|---|---|---|\n"
        "| Data quality of legacy records delays conversion | Customer PMO Lead | Mitigate |\n"
        "| Provider capacity shared with other migrations | Provider PM | Mitigate |\n"
        "| Union notification timeline | Customer HR | Accept |\n"
        "| Interface changes by the payroll bureau | Shared | Transfer |"
    ),
}

MILESTONES = [
    ("Integrated PMO stood up", "2026-03-02"),
    ("Charter version approved by both sponsors", "2026-03-16"),
    ("Fit-Gap sessions complete", "2026-05-29"),
    ("Integrated Master Schedule baselined", "2026-06-15"),
    ("Data conversion mock 1", "2026-08-14"),
    ("Interface testing complete", "2026-10-30"),
    ("Data conversion mock 2", "2026-11-20"),
    ("User acceptance testing complete", "2027-01-29"),
    ("Parallel payroll runs complete", "2027-03-12"),
    ("Go-live of core HR services", "2027-04-05"),
    ("Legacy systems decommissioned", "2027-07-30"),
    ("Program close-out review", "2027-09-24"),
]


def build_approved_charter() -> Any:
    """A program with a full roster and its charter, version 1, approved by both sponsors,
    made through the services as the portal makes it."""
    from charter.definition import CHARTER, CHARTER_KIND
    from programs.choices import Party, Role
    from programs.services import documents as document_services
    from tests.factories import make_member, make_program

    program = make_program(
        "bench", name="Human Capital Shared Services Migration", description="Benchmark."
    )
    roster = [
        ("cust.sponsor", Party.CUSTOMER, Role.EXECUTIVE_SPONSOR, True),
        ("cust.owner", Party.CUSTOMER, Role.BUSINESS_OWNER, True),
        ("cust.pm", Party.CUSTOMER, Role.PROGRAM_MANAGER, False),
        ("cust.lead", Party.CUSTOMER, Role.PMO_LEAD, False),
        ("prov.sponsor", Party.PROVIDER, Role.EXECUTIVE_SPONSOR, True),
        ("prov.pm", Party.PROVIDER, Role.PROGRAM_MANAGER, False),
        ("prov.lead", Party.PROVIDER, Role.PMO_LEAD, False),
        ("ivv.agent", Party.INDEPENDENT, Role.IVV_AGENT, False),
    ]
    roster += [(f"cust.team{i}", Party.CUSTOMER, Role.PMO_TEAM, False) for i in range(6)]
    roster += [(f"prov.team{i}", Party.PROVIDER, Role.PMO_TEAM, False) for i in range(6)]
    users = {
        name: make_member(program, name, party, role, signatory=signatory).user
        for name, party, role, signatory in roster
    }
    editor = users["cust.pm"]
    words = {
        "name": program.name,
        "customer": program.customer.name,
        "provider": program.provider.name,
    }
    content = CHARTER_KIND.empty_content()
    content["sections"] = {k: v.format(**words) for k, v in CHARTER_SECTIONS.items()}
    content["fields"] = {"budget": "4250000.00", "funding_source": "Working Capital Fund"}
    content["tables"] = {
        "milestones": [{"name": name, "planned_date": day} for name, day in MILESTONES]
    }
    document = document_services.document_create(
        acting_user=editor, program=program, kind=CHARTER, content=content
    )
    version = document_services.version_submit(acting_user=editor, version=document.versions.get())
    for signer in (users["cust.sponsor"], users["prov.sponsor"]):
        document_services.version_sign(acting_user=signer, version=version)
    version.refresh_from_db()
    return version


@benchmark
def charter_exports() -> list[Result]:
    """DESIGN.md: a charter PDF under 1 s."""
    django_world()
    from pypdf import PdfReader

    from programs.exports import render_document_pdf, render_document_xlsx
    from programs.models import DocumentVersion

    version = build_approved_charter()

    def fresh() -> DocumentVersion:
        # As a view would: the version comes from the database on each request.
        return DocumentVersion.objects.get(pk=version.pk)

    pdf = render_document_pdf(fresh())
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return [
        Result(
            "charter PDF (approved, 12 milestones, 20 stakeholders)",
            measure(lambda: render_document_pdf(fresh())),
            target_ms=1000,
            note=f"{pages} pages, {len(pdf) // 1024} KiB",
        ),
        Result(
            "charter Excel (same version)",
            measure(lambda: render_document_xlsx(fresh())),
            note="no target in DESIGN.md",
        ),
    ]


# -- running ------------------------------------------------------------------------------


def report(results: list[Result]) -> str:
    header = f"{'benchmark':<56} {'median':>9} {'max':>9} {'cpu med.':>9} {'target':>9}  verdict"
    lines = [header]
    for r in results:
        target = f"{r.target_ms:.0f} ms" if r.target_ms is not None else "-"
        verdict = {True: "ok", False: "MISSED", None: ""}[r.met]
        note = f"  ({r.note})" if r.note else ""
        lines.append(
            f"{r.name:<56} {r.median_ms:>6.0f} ms {r.max_ms:>6.0f} ms "
            f"{r.cpu_median_ms:>6.0f} ms {target:>9}  {verdict}{note}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("names", nargs="*", help=f"benchmarks to run: {', '.join(BENCHMARKS)}")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    unknown = set(args.names) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")
    results: list[Result] = []
    for name in args.names or list(BENCHMARKS):
        results += BENCHMARKS[name]()
    print(report(results))
    return 1 if args.check and any(r.met is False for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
