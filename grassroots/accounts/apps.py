from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "grassroots.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self) -> None:
        self.register()

    def register(self) -> None:
        """The core's pages in the navigation, its dashboard panels and its organisations export. Harmless if
        repeated."""
        from grassroots.accounts import jobs, panels
        from grassroots.navigation import add_nav

        add_nav("Dashboard", "dashboard", order=0)
        add_nav("Organisations", "accounts:organisation_list", order=95)
        panels.register()
        jobs.register()
