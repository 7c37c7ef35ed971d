"""The article body: what the editor offers and what the sanitiser keeps.

Both sides are read from ``BODY_EXTENSIONS``, so the toolbar can never produce
markup that the server would then throw away, and nothing outside it (scripts,
event handlers, inline styles, iframes, ``javascript:`` links) reaches a reader.
"""

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
}

_allowlist = allowlist_from_extensions(BODY_EXTENSIONS)


def _drop_empty_titles(tag, attribute, value):
    """The editor's link dialog writes ``title=""`` when no title is typed: dropped."""
    if attribute == "title" and not value.strip():
        return None
    return value


_cleaner = nh3.Cleaner(
    tags=_allowlist["tags"],
    attributes={tag: attrs - {"target", "rel"} for tag, attrs in _allowlist["attributes"].items()},
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=_drop_empty_titles,
)


def sanitize_html(html):
    """Return ``html`` with everything outside the body's allow-list removed."""
    cleaned = _cleaner.clean(html or "").strip()
    # The editor always leaves one empty paragraph behind; an empty body is "".
    return "" if cleaned in {"", "<p></p>"} else cleaned
