from django.apps import AppConfig


class LibraryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "library"
    verbose_name = "Picture library"

    def ready(self):
        from . import receivers  # noqa: F401 - connects the rendition receivers
