"""What the desk tells editors about the site's machinery, on every desk page."""

from django import template

from caching.invalidation import pending_count

register = template.Library()


@register.simple_tag
def changes_waiting_for_the_cache():
    """How many saved changes readers may not see yet (the cache server was unreachable)."""
    return pending_count()
