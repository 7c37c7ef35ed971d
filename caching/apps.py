from django.apps import AppConfig
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


class CachingConfig(AppConfig):
    name = "caching"
    verbose_name = "Caching"

    def ready(self):
        from . import invalidation

        invalidation.connect()
        checks.register(edge_settings)


def edge_settings(app_configs=None, **kwargs):
    """A mistyped NEWSROOM_EDGE_PURGE said at start-up, not first by a failing purge."""
    from .edge import purger

    try:
        purger()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="newsroom.E001")]
    return []
