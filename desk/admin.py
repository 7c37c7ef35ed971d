"""The desk: Django's admin, one module per part of it (imported here to be registered)."""

from . import (  # noqa: F401
    api_keys,
    background,
    entities,
    filing,
    images,
    newsletters,
    pages,
    site_settings,
    stories,
    tags,
)
