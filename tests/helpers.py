"""Small helpers shared by the tests."""

import re

from django.conf import settings


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
