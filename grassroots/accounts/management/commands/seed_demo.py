"""Fill the database with demo data: the core's people and places, then each app's registered demo seeder."""
from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from grassroots.accounts import demo
from grassroots.demo import seeder_for


class Command(BaseCommand):
    help = (
        "Create demo areas, organisations, community groups and logins (all sharing one printed password), "
        "then run each app's registered demo seeder (see grassroots/demo.py). Safe to run twice. Refuses to run "
        "when DEBUG is false (production) unless --force is given, because it creates accounts with a published "
        "password."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true",
                            help="Run even though DEBUG is false. Never use this on a live service.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is false, so this looks like production: demo accounts share a published password. "
                "Use --force only on a throwaway or test database."
            )
        ctx = demo.DemoContext()
        # Demo people have made-up addresses: the e-mails the services send while seeding go nowhere.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            demo.seed(ctx)
            for app_config in apps.get_app_configs():  # INSTALLED_APPS order: grants before engagement
                seed = seeder_for(app_config.label)
                if seed is not None:
                    self.stdout.write(f"Seeding demo data for {app_config.verbose_name}…")
                    seed(ctx)
        self._print_logins(ctx)

    def _print_logins(self, ctx: demo.DemoContext) -> None:
        self.stdout.write(self.style.SUCCESS(
            f"Demo data ready: {len(ctx.areas)} areas, {len(ctx.groups)} community groups."))
        rows = [("Role", "Email", "Password"), *((lg.role, lg.email, lg.password) for lg in ctx.logins)]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
