from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "grants"

    def ready(self) -> None:
        from grants import jobs, navigation  # noqa: F401  (jobs registers the export renderers on import)
        from grants.access import hosting_organisations
        from grassroots.accounts.access import register_hosting_provider

        navigation.register()
        register_hosting_provider(hosting_organisations)
