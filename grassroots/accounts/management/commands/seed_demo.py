"""Fill the database with demo data: the core's people and places, then each installed app's ``demo.seed``."""
from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

from grassroots.accounts import demo


def _demo_module(app_name: str) -> ModuleType | None:
    module_name = f"{app_name}.demo"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:  # the app has no demo; a missing import *inside* a demo is a real error
            return None
        raise


class Command(BaseCommand):
    help = (
        "Create demo areas, organisations, community groups and logins (all sharing one printed password), "
        "then run each installed app's demo.seed(ctx). Safe to run twice. Refuses to run when DEBUG is false "
        "(production) unless --force is given, because it creates accounts with a published password."
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
            for app_config in apps.get_app_configs():  # INSTALLED_APPS order
                if app_config.name == "grassroots.accounts":
                    continue
                module = _demo_module(app_config.name)
                if module is not None and hasattr(module, "seed"):
                    self.stdout.write(f"Seeding demo data for {app_config.verbose_name}…")
                    module.seed(ctx)
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
