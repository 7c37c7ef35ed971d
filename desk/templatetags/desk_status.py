"""What the desk tells editors about the site's machinery, on every desk page."""

from django import template

from caching.invalidation import waiting_for_the_desk

register = template.Library()


@register.simple_tag
def changes_waiting():
    """Saved changes readers may not see yet: ``cache``, those the page cache has not
    taken (its server was unreachable), ``edge``, those the edge has not been told of
    for half a minute (the worker, or the purge settings)."""
    return waiting_for_the_desk()
