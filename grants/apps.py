from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"

    def ready(self) -> None:
        from grants import jobs, navigation  # noqa: F401  (register export jobs, nav and dashboard panels)
