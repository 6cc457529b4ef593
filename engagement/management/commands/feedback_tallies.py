"""Compare the feedback and tag tallies with a fresh count (``--check``), recount them (``--rebuild``) or fold
their rows (``--compact``, what the hourly task does)."""
from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from engagement import tallies


class Command(BaseCommand):
    help = ("Check that the feedback and tag tallies equal a fresh count of the items and tags (exit status 1 when "
            "they differ), rebuild them, or compact them.")

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--check", action="store_true", help="report every difference; exit 1 if any")
        group.add_argument("--rebuild", action="store_true", help="recount the tally from scratch")
        group.add_argument("--compact", action="store_true", help="fold the tally's rows into one per key")

    def handle(self, *args: Any, check: bool, rebuild: bool, compact: bool, **options: Any) -> None:
        if rebuild:
            tallies.rebuild()
            self.stdout.write("Recounted the feedback and tag tallies.")
            return
        if compact:
            tallies.compact()
            self.stdout.write("Compacted the feedback and tag tallies.")
            return
        problems = tallies.verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            sys.exit(1)
        self.stdout.write("The feedback and tag tallies agree with a fresh count.")
