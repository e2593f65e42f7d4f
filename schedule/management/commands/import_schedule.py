"""``manage.py import_schedule PROGRAM_CODE FILE [--replace] [--as USERNAME]``"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from programs.errors import DomainError
from programs.models import Program
from programs.uploads import check_size
from schedule.services.files import import_schedule_file
from schedule.services.imports import UPLOAD_KIND


def acting_user(username: str | None) -> User:
    """Who the audit trail names: ``--as USERNAME``, or the first active portal
    administrator."""
    users = User.objects.filter(is_active=True)
    user = (
        users.filter(username=username).first()
        if username
        else users.filter(is_superuser=True).order_by("pk").first()
    )
    if user is None:
        raise CommandError(
            f"No active user “{username}”."
            if username
            else "Create a portal administrator "
            "(createsuperuser) or name the acting user with --as USERNAME."
        )
    return user


def program(code: str) -> Program:
    found = Program.objects.filter(code=code).first()
    if found is None:
        raise CommandError(f"No program with the code “{code}”.")
    return found


class Command(BaseCommand):
    help = (
        "Import a schedule into a program from Microsoft Project XML (.xml) or the portal's "
        "Excel layout (.xlsx). All or nothing: a bad file changes nothing. A program that "
        "already has a schedule keeps it unless --replace is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("program_code")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--replace", action="store_true", help="Replace the program's existing schedule."
        )
        parser.add_argument(
            "--as",
            dest="username",
            help="The user the audit trail names (default: the first portal administrator).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        target = program(options["program_code"])
        user = acting_user(options["username"])
        try:
            # In process, with the limits the pages and the API apply (size, tasks, workbook).
            check_size(kind=UPLOAD_KIND, size=path.stat().st_size)
            schedule, warnings = import_schedule_file(
                acting_user=user,
                program=target,
                data=path.read_bytes(),
                filename=path.name,
                replace=options["replace"],
            )
        except DomainError as error:
            problems = error.extra.get("problems") or []
            lines = [error.message] + [
                f"  {p.get('location') or 'task ' + str(p.get('task_uid') or '')}: {p['message']}"
                for p in problems
                if p.get("location") or p.get("task_uid")
            ]
            raise CommandError("\n".join(lines)) from error
        except PermissionDenied as error:
            raise CommandError(
                f"{user.get_username()} may not change {target.code}'s schedule."
            ) from error
        for warning in warnings:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name} into {target.code}: {schedule.tasks.count()} tasks, "
                f"{schedule.dependencies.count()} dependencies, finish "
                f"{schedule.finish:%Y-%m-%d}."
            )
        )
