from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "Search"

    def ready(self):
        from .sqlite_index import ensure_sqlite_index

        # After the stories' own migrations: a table rebuilt by one loses its triggers.
        post_migrate.connect(
            ensure_sqlite_index, sender=apps.get_app_config("articles"), dispatch_uid="search-fts"
        )
