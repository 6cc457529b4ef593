from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"

    def ready(self) -> None:
        self.register()

    def register(self) -> None:
        """Tell the core what reports adds: the PDF job and the navigation. Keyed registries: twice adds nothing."""
        from grassroots.accounts.access import Capacity
        from grassroots.navigation import add_nav
        from reports import jobs, tasks

        jobs.register()
        tasks.register()
        add_nav("Reports", "reports:list", Capacity.HOST, Capacity.COMMISSIONER, Capacity.GROUP, order=60)
