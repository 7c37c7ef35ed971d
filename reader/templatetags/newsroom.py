from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def iso(value):
    """A datetime as HTML's ``datetime`` attribute wants it: local time, whole seconds."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()
