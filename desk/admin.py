"""The desk: Django's admin, one module per part of it (imported here to be registered)."""

from . import background, filing, images, site_settings, stories  # noqa: F401
