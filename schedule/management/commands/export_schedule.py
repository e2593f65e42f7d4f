"""``manage.py export_schedule PROGRAM_CODE FILE``"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from programs.errors import DomainError
from schedule.interchange.errors import InterchangeError
from schedule.models import Schedule
from schedule.services.files import export_schedule_file, file_format

from .import_schedule import program


class Command(BaseCommand):
    help = (
        "Export a program's schedule to Microsoft Project XML (.xml, with the computed early "
        "and late dates, slack and critical flags) or the portal's Excel layout (.xlsx)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program_code")
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        target = program(options["program_code"])
        schedule = Schedule.objects.filter(program=target).first()
        if schedule is None:
            raise CommandError(f"{target.code} has no schedule.")
        try:
            suffix = file_format(path.name)
            content = export_schedule_file(schedule, suffix)
        except (InterchangeError, DomainError) as error:
            raise CommandError(str(error)) from error
        path.write_bytes(content)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {target.code}'s schedule ({schedule.tasks.count()} tasks) to {path}."
            )
        )
