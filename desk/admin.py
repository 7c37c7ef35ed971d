"""The desk: Django's admin, one module per part of it (imported here to be registered)."""

from . import api_keys, background, entities, filing, images, site_settings, stories, tags  # noqa: F401
