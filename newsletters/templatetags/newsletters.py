"""The sign-up form's words, for ``newsletters/signup.html`` on reader pages."""

from django import template

from caching.site import site_settings

from ..consent import wording

register = template.Library()


@register.simple_tag
def signup_wording(kind="", followed=None):
    return wording(site_settings().name, kind, followed)
