from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"

    def ready(self) -> None:
        self.register()

    def register(self) -> None:
        """Tell the core what grants adds: navigation and dashboard panels, export renderers, demo data and the
        daily report reminders. Every registry is keyed, so calling this twice adds nothing."""
        from grants import demo, jobs, navigation, tasks
        from grants.access import hosting_organisations
        from grassroots.accounts.access import register_hosting_provider
        from grassroots.demo import add_seeder

        register_hosting_provider(hosting_organisations)
        navigation.register()
        jobs.register()
        tasks.register()
        add_seeder(self.label, demo.seed)
