"""The article body: what the editor offers and what the sanitiser keeps.

Both sides are read from ``BODY_EXTENSIONS``, so the toolbar can never produce
markup that the server would then throw away, and nothing outside it (scripts,
event handlers, inline styles, iframes, ``javascript:`` links) reaches a reader.
"""

import re

import nh3
from django_prose_editor.config import allowlist_from_extensions

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    # A quote marked "Spoiler" in the editor's Block style menu: readers see it closed
    # (reader/spoilers.py), and no summary of the story ever quotes the body.
    "NodeClass": {
        "cssClasses": {
            "blockquote": {
                "title": "Quote",
                "cssClasses": [{"className": "spoiler", "title": "Spoiler, closed until opened"}],
            }
        }
    },
}
SPOILER_CLASS = "spoiler"

_allowlist = allowlist_from_extensions(BODY_EXTENSIONS)


def _drop_empty_titles(tag, attribute, value):
    """The editor's link dialog writes ``title=""`` when no title is typed: dropped."""
    if attribute == "title" and not value.strip():
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=_allowlist["tags"],
    # A class is kept only where it means something: "spoiler" on a quote.
    attributes={
        tag: attrs - {"target", "rel", "class"} for tag, attrs in _allowlist["attributes"].items()
    },
    allowed_classes={"blockquote": {SPOILER_CLASS}},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_drop_empty_titles,
)


# What nh3 leaves of a class it does not allow.
_EMPTY_CLASS = re.compile(r'(<[a-z][a-z0-9]*) class=""')


def sanitize_html(html):
    """Return ``html`` with everything outside the body's allow-list removed."""
    cleaned = _EMPTY_CLASS.sub(r"\1", _cleaner.clean(html or "")).strip()
    # The editor always leaves one empty paragraph behind; an empty body is "".
    return "" if cleaned in {"", "<p></p>"} else cleaned
