from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "grassroots.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
