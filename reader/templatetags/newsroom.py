from django import template
from django.utils import timezone

from caching.fragments import for_request

register = template.Library()


@register.filter
def iso(value):
    """A datetime as HTML's ``datetime`` attribute wants it: local time, whole seconds."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


@register.tag
def kept(parser, token):
    """``{% kept "name" value… %}…{% endkept %}``: the enclosed HTML, cached per values.

    Kept until a section, tag, author or the site settings change (the labels
    version of ``caching/versions.py``); rendered afresh when the cache is off
    or down, or when there is no request.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("kept needs a name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class KeptNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        fragments = for_request(request)
        key = fragments.site_key("kept", *(part.resolve(context) for part in self.parts))
        html = fragments.get(key)
        if html is None:
            html = self.nodelist.render(context)
            fragments.keep({key: html})
        return html
