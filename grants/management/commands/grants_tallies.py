"""Compare the kept status counts with a fresh count (``--check``), or recount them (``--rebuild``)."""
from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from grants import tallies


class Command(BaseCommand):
    help = ("Check that the kept application and review counts equal a fresh count (exit status 1 when they "
            "differ), or rebuild them after rows were imported past the services.")

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="report every difference; exit 1 if any")
        group.add_argument("--rebuild", action="store_true", help="recount both tallies from scratch")

    def handle(self, *args: Any, check: bool, rebuild: bool, **options: Any) -> None:
        if rebuild:
            tallies.rebuild()
            self.stdout.write("Recounted the application and review tallies.")
            return
        problems = tallies.verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            sys.exit(1)
        self.stdout.write("The kept tallies agree with a fresh count.")
