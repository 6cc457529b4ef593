from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "engagement"

    def ready(self) -> None:
        self.register()

    def register(self) -> None:
        """Tell the core what engagement adds (navigation, dashboard panels, job renderers, demo data). Every
        registry is keyed, so calling this twice adds nothing."""
        from engagement import exports, navigation, tallies, tasks

        navigation.register()
        tallies.register()  # the hourly compaction of the feedback tally
        tasks.register()
        exports.register()
