from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"

    def ready(self) -> None:
        from grants import jobs, navigation  # noqa: F401  (jobs registers the export renderers on import)

        navigation.register()
