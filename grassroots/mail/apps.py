from django.apps import AppConfig


class MailConfig(AppConfig):
    name = "grassroots.mail"
    label = "mail"
    verbose_name = "Outgoing e-mail"

    def ready(self) -> None:
        self.register()

    def register(self) -> None:
        """The outbox dispatcher in beat and at every worker start. Harmless if repeated."""
        from grassroots.celery import add_periodic

        add_periodic("mail-dispatch", "mail.dispatch", 60, at_worker_start=True)
