from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"

    def ready(self) -> None:
        self.register()

    def register(self) -> None:
        """Tell the core what grants adds: navigation and dashboard panels, export renderers, demo data and the
        daily report reminders. Every registry is keyed, so calling this twice adds nothing."""
        from grants import demo, jobs, navigation, tasks
        from grassroots.demo import add_seeder

        navigation.register()
        jobs.register()
        tasks.register()
        add_seeder(self.label, demo.seed)
