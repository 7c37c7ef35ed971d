from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background work"

    def ready(self):
        from . import retries  # noqa: F401  (connects the retry receiver)
