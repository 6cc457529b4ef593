from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "grassroots.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        from grassroots.accounts import jobs  # noqa: F401  (registers the organisations export)
        from grassroots.accounts.panels import register

        register()
