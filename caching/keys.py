"""Keys: the short names of what a page shows, and of what a change touches.

While a reader page, feed, sitemap or API answer is made, the code that reads a
thing names it with ``shows(request, key…)``. The page is kept under those keys
(``pagecache.py``) and sent with them to the edge (``xkey`` / ``Surrogate-Key``).
A change names the keys it touches (``invalidation.py``); purging a key makes every
page that showed it stale, and no other.

=================  ==========================================================
``site``           every page (the header's sections, the site's settings)
``s<id>``          story <id>: its page, its card, a link to it, its item in a
                   feed or an API list
``section-<id>``   which stories a section lists, in which order; also
``tag-<id>``       what the label's own page says of it. A story joining or
``author-<id>``    leaving one, or moving in its order, purges the list
``entity-<id>``
``latest``         the newest stories of the whole site: home, the main feeds,
                   the news sitemap, the hub indexes
``stories``        anything any story's change may move: search, sitemaps,
                   API lists
``corrections``    the corrections page and feeds
``entities``       the indexes of people, films and shows
=================  ==========================================================
"""

SITE = "site"
LATEST = "latest"
STORIES = "stories"
CORRECTIONS = "corrections"
ENTITIES = "entities"

# Past this many keys a page's header names ``stories`` instead of each story:
# Fastly drops a Surrogate-Key header over 16 KB, Varnish's default limit is 8 KB.
MOST_KEYS = 300


def story(pk):
    return f"s{pk}"


def section(pk):
    return f"section-{pk}"


def tag(pk):
    return f"tag-{pk}"


def author(pk):
    return f"author-{pk}"


def entity(pk):
    return f"entity-{pk}"


def stories(pks):
    return [story(pk) for pk in pks]


def shows(request, *keys):
    """Note that the page being made for ``request`` shows what ``keys`` name."""
    if request is None:
        return
    found = getattr(request, "_page_keys", None)
    if found is None:
        found = request._page_keys = {SITE}
    found.update(keys)


def shown(request):
    """What the page made for ``request`` named, as one sorted list (``site`` always)."""
    found = getattr(request, "_page_keys", None) or {SITE}
    if len(found) > MOST_KEYS:
        found = {key for key in found if not is_story(key)} | {STORIES}
    return sorted(found)


def is_story(key):
    return key[:1] == "s" and key[1:].isdigit()
