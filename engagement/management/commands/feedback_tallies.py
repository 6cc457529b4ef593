"""Compare the feedback tally with a fresh count (``--check``), recount it (``--rebuild``) or fold its rows
(``--compact``, what the hourly task does)."""
from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from engagement import tallies


class Command(BaseCommand):
    help = ("Check that the feedback tally equals a fresh count of the items (exit status 1 when it differs), "
            "rebuild it, or compact it.")

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="report every difference; exit 1 if any")
        group.add_argument("--rebuild", action="store_true", help="recount the tally from scratch")
        group.add_argument("--compact", action="store_true", help="fold the tally's rows into one per key")

    def handle(self, *args: Any, check: bool, rebuild: bool, compact: bool, **options: Any) -> None:
        if rebuild:
            tallies.rebuild()
            self.stdout.write("Recounted the feedback tally.")
            return
        if compact:
            tallies.compact()
            self.stdout.write("Compacted the feedback tally.")
            return
        problems = tallies.verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            sys.exit(1)
        self.stdout.write("The feedback tally agrees with a fresh count.")
