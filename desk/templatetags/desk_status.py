"""What the desk tells editors about the site's machinery, on every desk page."""

from django import template

from caching.invalidation import late_for_the_edge, pending_count

register = template.Library()


@register.simple_tag
def changes_waiting_for_the_cache():
    """How many saved changes readers may not see yet (the cache server was unreachable)."""
    return pending_count()


@register.simple_tag
def changes_late_for_the_edge():
    """How many saved changes the edge (Varnish, the CDN) has not been told of for a while."""
    return late_for_the_edge()
