"""Small helpers shared by the tests."""

import re
from html.parser import HTMLParser

from django.conf import settings

# A published story's form carries the notes-to-readers formset; none added here.
NO_NOTES = {"notes-TOTAL_FORMS": "0", "notes-INITIAL_FORMS": "0"}


def text(response):
    """The decoded body of a response."""
    return response.content.decode(response.charset or "utf-8")


def story_body(page):
    """The HTML inside the article page's story body."""
    match = re.search(r'<div class="story__body">(.*?)</div>', page, re.DOTALL)
    assert match, "the article page has no story body"
    return match.group(1)


def assert_site_404(response):
    """A 404 rendered with the site's own template: its header, navigation and message."""
    assert response.status_code == 404
    page = text(response)
    assert "We can’t find that page" in page
    assert f'<a class="site-name" href="/">{settings.NEWSROOM_SITE_NAME}</a>' in page
    assert 'href="/movies/"' in page  # the section navigation


def card_for(page, url):
    """The story card in ``page`` whose headline links to ``url``."""
    for card in re.findall(r'<article class="card.*?</article>', page, re.DOTALL):
        if f'href="{url}"' in card:
            return card
    raise AssertionError(f"no card links to {url}")


def changes_applied():
    """Mark stale the pages of the changes made so far, as their commit would.

    Tests run in a transaction that never commits, so the changes a test makes wait
    in the outbox until the next request applies them; a test that counts a page's
    queries calls this first, to count what a reader's request costs.
    """
    import time

    from caching import invalidation

    invalidation.apply_pending()
    # As if this process had just looked for pending changes: the look it makes every
    # few seconds is not what a page costs, and would make counts depend on timing.
    invalidation._last_check, invalidation._written_here = time.monotonic(), False


class _FormReader(HTMLParser):
    """The fields of the form with id ``form_id`` as a browser would send them."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.fields, self._select, self._textarea, self._done, self._in_form = (
            {},
            None,
            None,
            False,
            False,
        )

    def _add(self, name, value):
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._done:
            return
        if tag == "form" and attrs.get("id") == self.form_id:
            self._in_form = True
        if not self._in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._add(name, attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")
        elif tag == "select" and name:
            self._select, self._first_option = name, None
            self._multiple = "multiple" in attrs
            self.fields.setdefault(name, [])
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = attrs.get("value", "")
            if "selected" in attrs:
                self._add(self._select, attrs.get("value", ""))

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea:
            # Browsers drop the newline that may follow <textarea>.
            value = self.fields[self._textarea][-1]
            self.fields[self._textarea][-1] = value.removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select:
            # A single select with nothing marked sends its first option.
            if (
                not self.fields[self._select]
                and not self._multiple
                and self._first_option is not None
            ):
                self._add(self._select, self._first_option)
            self._select = None
        elif tag == "form" and self._in_form:
            self._done, self._in_form = True, False


def form_fields(page, form_id="article_form"):
    """The form ``form_id`` in ``page`` as a dict for the test client: one value, or a list."""
    reader = _FormReader(form_id)
    reader.feed(page)
    return {
        name: values[0] if len(values) == 1 else values for name, values in reader.fields.items()
    }
