"""The served site behind a real Varnish (deploy/varnish.vcl): pages named by their keys,
purged by the worker's task when a story changes, kept while the app is down.

tests/test_varnish.py checks the VCL against a stand-in origin; here the origin is the
site itself, on Django's live server, behind a small relay this test can cut.
"""

import contextlib
import http.client
import socket
import threading
from urllib.parse import urlsplit

import pytest
from django.db import connections, transaction

from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, SectionFactory
from tests.varnish_server import needs_varnish, varnish

pytestmark = [needs_varnish, pytest.mark.django_db(transaction=True)]

SECRET = "edge-test-secret"


class Relay:
    """Forwards TCP connections from a port of its own to the live server; ``cut()``
    makes the origin unreachable, as an app server that went down."""

    def __init__(self, host, port):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.open = True
        self.sockets = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.open:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.open = False
        self.listener.close()
        for sock in self.sockets:
            with contextlib.suppress(OSError):
                sock.close()


def ask(edge, path, method="GET", headers=None):
    parts = urlsplit(edge)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("X-Cache"), response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def site(live_server, settings, monkeypatch):
    # Varnish keeps its connections to the app open between requests, and the live
    # server's thread for one would keep its database connection too: on PostgreSQL
    # the test database could then not be dropped at the end. Closed after each request.
    monkeypatch.setitem(connections["default"].settings_dict, "CONN_MAX_AGE", 0)
    origin = urlsplit(live_server.url)
    relay = Relay(origin.hostname, origin.port)
    with varnish("127.0.0.1", relay.port, SECRET) as edge:
        # The worker's purges go to this Varnish (tasks run at once in tests).
        settings.NEWSROOM_EDGE_PURGE = f"varnish+http://{edge.removeprefix('http://')}"
        settings.NEWSROOM_EDGE_SECRET = SECRET
        settings.ALLOWED_HOSTS = ["*"]
        yield edge, relay
        relay.cut()  # the app's side of every kept connection closes with it


@pytest.fixture
def stories():
    movies, tv = SectionFactory(slug="movies"), SectionFactory(slug="tv", name="TV")
    a = ArticleFactory(
        published=True,
        headline="Cruise jumps again",
        section=movies,
        authors=[AuthorFactory(name="Maya Okafor", slug="maya-okafor")],
        tags=["Stunts"],
    )
    b = ArticleFactory(
        published=True,
        headline="A quiet drama renewed",
        section=tv,
        authors=[AuthorFactory(name="Ines Duarte", slug="ines-duarte")],
        tags=["Renewals"],
    )
    # B's neighbour in TV: B's page leads to it, not to the site's latest (which A is).
    ArticleFactory(published=True, headline="Another renewal", section=tv, tags=["Renewals"])
    return a, b


def kept(edge, path):
    """Fetch ``path`` until the edge keeps it; its second answer is a hit."""
    first = ask(edge, path)
    assert first[0] == 200, (path, first[:2])
    second = ask(edge, path)
    assert second[1] == "HIT", (path, second[:2])
    return second[2]


def test_editing_a_story_purges_its_pages_and_lists_and_no_others(site, stories):
    edge, _relay = site
    a, b = stories
    lists_with_a = ["/", "/movies/", "/tag/stunts/", "/author/maya-okafor/", "/feed/"]
    for path in [a.get_absolute_url(), *lists_with_a, b.get_absolute_url(), "/tv/"]:
        kept(edge, path)

    with transaction.atomic():  # as the desk's save: the purge follows the commit
        a.headline = "Cruise jumps once more"
        a.save()

    for path in [a.get_absolute_url(), *lists_with_a]:
        status, cache, body = ask(edge, path)
        assert (status, cache) == (200, "MISS"), path
        assert "Cruise jumps once more" in body, path
    # B shares none of A's keys: still the edge's copy.
    for path in [b.get_absolute_url(), "/tv/"]:
        assert ask(edge, path)[1] == "HIT", path


def test_a_takedown_leaves_the_edge_at_once(site, stories):
    edge, _relay = site
    a, _b = stories
    kept(edge, a.get_absolute_url())
    assert "Cruise jumps again" in kept(edge, "/")
    with transaction.atomic():
        a.status = Article.Status.DRAFT
        a.save()
    assert ask(edge, a.get_absolute_url())[0] == 404
    assert "Cruise jumps again" not in ask(edge, "/")[2]


def test_a_purge_without_the_secret_is_refused(site, stories):
    edge, _relay = site
    a, _b = stories
    kept(edge, a.get_absolute_url())
    for headers in ({}, {"X-Purge-Secret": "guessed"}):
        status = ask(edge, "/", "PURGE", {**headers, "xkey-purge": f"s{a.pk} site"})[0]
        assert status == 403
    assert ask(edge, a.get_absolute_url())[1] == "HIT"


def test_with_the_app_down_the_edge_still_serves_the_kept_page(site, stories):
    edge, relay = site
    a, _b = stories
    body = kept(edge, a.get_absolute_url())
    relay.cut()
    status, _cache, served = ask(edge, a.get_absolute_url())
    assert status == 200
    assert served == body
