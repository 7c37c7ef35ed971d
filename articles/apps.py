from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = "Newsroom"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals
        from .search import ensure_sqlite_index

        signals.connect()
        post_migrate.connect(ensure_sqlite_index, sender=self, dispatch_uid="articles-fts")
