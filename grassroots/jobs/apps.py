from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "grassroots.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        self.register()

    def register(self) -> None:
        """The downloads page in the navigation, the dispatcher (beat and worker start) and the two clean-ups in beat.
        Harmless if repeated."""
        from celery.schedules import crontab

        from grassroots.celery import add_periodic
        from grassroots.navigation import add_nav

        add_nav("Your downloads", "jobs:list", order=90)
        add_periodic("jobs-dispatch", "jobs.dispatch", 60, at_worker_start=True)
        add_periodic("jobs-fail-abandoned", "jobs.fail_abandoned", 5 * 60)
        add_periodic("jobs-expire-results", "jobs.expire_results", crontab(hour=3, minute=30))
