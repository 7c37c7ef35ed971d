"""deploy/varnish.vcl, run by a real Varnish in front of a stand-in for the app.

The stand-in answers every page with the headers reader pages carry and numbers
its answers per page ("/a #2"), so a page from the edge's store shows the number
of the answer it kept. Skipped where Varnish is not installed (tests/varnish_server.py).
"""

import http.client
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import urlsplit

import pytest

from caching.edge import EdgePurgeError, VarnishPurger
from tests.varnish_server import needs_varnish, varnish

pytestmark = needs_varnish

SECRET = "edge-test-secret"
# What reader pages send: a minute for browsers, a day (and a day stale) for the edge.
READER_HEADERS = {
    "Cache-Control": "public, max-age=60, stale-while-revalidate=300",
    "Surrogate-Control": "max-age=86400, stale-while-revalidate=86400, stale-if-error=86400",
    "CDN-Cache-Control": "max-age=86400, stale-while-revalidate=86400, stale-if-error=86400",
}


class Origin:
    """The app, as far as the edge can tell: pages with keys, numbered answers.

    ``pages`` maps a path to its keys and any headers that differ from a reader
    page's (None drops one); other paths get the key "site". ``failing`` makes every
    answer a 500, ``stop()`` takes the server away altogether.
    """

    def __init__(self):
        self.pages = {}
        self.served = Counter()
        self.cookies = []  # the Cookie header of each request that reached us
        self.failing = False
        origin = self

        class Handler(BaseHTTPRequestHandler):
            # HTTP/1.0: one request a connection, so nothing lingers when we stop.
            def do_GET(self):
                origin.cookies.append(self.headers.get("Cookie"))
                if origin.failing:
                    self.answer(500, {"Content-Type": "text/plain"}, "the app is failing")
                    return
                path = urlsplit(self.path).path
                keys, changes = origin.pages.get(path, ("site", {}))
                origin.served[path] += 1
                headers = {**READER_HEADERS, "xkey": keys, "Surrogate-Key": keys, **changes}
                self.answer(200, headers, f"{path} #{origin.served[path]}")

            do_POST = do_GET

            def answer(self, status, headers, text):
                body = text.encode()
                self.send_response(status)
                for name, value in headers.items():
                    if value is not None:
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_port
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.thread.start()

    def page(self, path, keys, **changes):
        self.pages[path] = (
            keys,
            {name.replace("_", "-"): value for name, value in changes.items()},
        )

    def stop(self):
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()
            self.thread.join()


@dataclass
class Answer:
    status: int
    reason: str
    headers: object
    text: str


def ask(edge, path, method="GET", headers=None):
    """One request to Varnish, on a connection of its own."""
    parts = urlsplit(edge)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.reason, response.headers, response.read().decode())
    finally:
        connection.close()


@pytest.fixture
def origin():
    server = Origin()
    yield server
    server.stop()


@pytest.fixture
def edge(origin):
    with varnish("127.0.0.1", origin.port, SECRET) as url:
        yield url


def test_a_page_is_fetched_once_then_served_from_the_edge(edge, origin):
    first, second = ask(edge, "/a"), ask(edge, "/a")
    assert (first.status, first.headers["X-Cache"], first.text) == (200, "MISS", "/a #1")
    assert (second.status, second.headers["X-Cache"], second.text) == (200, "HIT", "/a #1")
    assert origin.served["/a"] == 1


def test_purging_a_key_refetches_the_pages_with_it_and_no_others(edge, origin):
    origin.page("/a", "site s1")
    origin.page("/b", "home s1 section-3")
    origin.page("/c", "site s2")
    for path in ("/a", "/b", "/c"):
        ask(edge, path)

    VarnishPurger(edge, SECRET).purge(["s1"])

    a, b, c = ask(edge, "/a"), ask(edge, "/b"), ask(edge, "/c")
    assert (a.headers["X-Cache"], a.text) == ("MISS", "/a #2")
    assert (b.headers["X-Cache"], b.text) == ("MISS", "/b #2")
    assert (c.headers["X-Cache"], c.text) == ("HIT", "/c #1")
    # And the new copies are kept in turn.
    assert ask(edge, "/a").headers["X-Cache"] == "HIT"


def test_a_purge_answers_with_how_many_pages_it_marked(edge, origin):
    origin.page("/a", "s1")
    origin.page("/b", "s1")
    ask(edge, "/a")
    ask(edge, "/b")
    answer = ask(edge, "/", "PURGE", {"xkey-purge": "s1 nobody", "X-Purge-Secret": SECRET})
    assert (answer.status, answer.text) == (200, "Purged 2\n")
    no_keys = ask(edge, "/", "PURGE", {"X-Purge-Secret": SECRET})
    assert no_keys.status == 400


def test_a_purge_without_the_secret_is_refused_and_purges_nothing(edge, origin):
    origin.page("/a", "s1")
    ask(edge, "/a")

    missing = ask(edge, "/", "PURGE", {"xkey-purge": "s1"})
    wrong = ask(edge, "/", "PURGE", {"xkey-purge": "s1", "X-Purge-Secret": "guess"})
    assert (missing.status, missing.reason) == (403, "Wrong secret")
    assert (wrong.status, wrong.reason) == (403, "Wrong secret")
    with pytest.raises(EdgePurgeError, match="refused the purge: 403 Wrong secret"):
        VarnishPurger(edge, "guess").purge(["s1"])

    kept = ask(edge, "/a")
    assert (kept.headers["X-Cache"], kept.text) == ("HIT", "/a #1")


def test_other_methods_of_changing_the_cache_are_not_allowed(edge, origin):
    assert ask(edge, "/", "BAN", {"X-Purge-Secret": SECRET}).status == 405


def test_with_the_app_down_the_kept_page_is_served_even_after_a_soft_purge(edge, origin):
    origin.page("/a", "s1")
    ask(edge, "/a")
    VarnishPurger(edge, SECRET).purge(["s1"])
    origin.stop()

    stale = ask(edge, "/a")
    assert (stale.status, stale.text) == (200, "/a #1")
    # A page the edge never had can only fail.
    assert ask(edge, "/never-seen").status == 503


def test_with_the_app_failing_the_kept_page_is_served_until_it_recovers(edge, origin):
    origin.page("/a", "s1")
    ask(edge, "/a")
    VarnishPurger(edge, SECRET).purge(["s1"])
    origin.failing = True

    stale = ask(edge, "/a")
    assert (stale.status, stale.text) == (200, "/a #1")
    # Without a copy, the app's own error page, not kept.
    failed = ask(edge, "/never-seen")
    assert (failed.status, failed.text) == (500, "the app is failing")

    origin.failing = False
    fresh = ask(edge, "/a")
    assert (fresh.status, fresh.headers["X-Cache"], fresh.text) == (200, "MISS", "/a #2")


def test_a_signed_in_editor_always_reaches_the_app(edge, origin):
    cookie = {"Cookie": "csrftoken=abc; sessionid=k3y"}
    first, second = ask(edge, "/a", headers=cookie), ask(edge, "/a", headers=cookie)
    assert (first.text, second.text) == ("/a #1", "/a #2")
    assert second.headers["X-Cache"] == "MISS"
    assert origin.cookies == [cookie["Cookie"]] * 2
    # Nor is what the editor saw kept for readers.
    assert ask(edge, "/a").text == "/a #3"


def test_the_desk_the_admin_and_the_health_check_always_reach_the_app(edge, origin):
    paths = ["/desk/", "/desk/login/?next=/desk/", "/admin/", "/admin", "/healthz"]
    for path in paths:
        answers = [ask(edge, path) for _ in range(2)]
        assert [answer.headers["X-Cache"] for answer in answers] == ["MISS", "MISS"], path
    assert origin.served == {
        "/desk/": 2,
        "/desk/login/": 2,
        "/admin/": 2,
        "/admin": 2,
        "/healthz": 2,
    }
    # Only those: a section whose name starts the same is a reader page.
    ask(edge, "/administration/")
    assert ask(edge, "/administration/").headers["X-Cache"] == "HIT"


def test_a_post_always_reaches_the_app_with_its_cookies(edge, origin):
    for _ in range(2):
        ask(edge, "/search", "POST", {"Cookie": "csrftoken=abc", "Content-Length": "0"})
    assert origin.served["/search"] == 2
    assert origin.cookies == ["csrftoken=abc"] * 2


def test_a_readers_other_cookies_are_dropped_and_the_page_shared(edge, origin):
    ask(edge, "/a", headers={"Cookie": "csrftoken=abc; _ga=GA1.2.3"})
    second = ask(edge, "/a", headers={"Cookie": "_ga=GA1.9.9; theme=dark"})
    assert (second.headers["X-Cache"], second.text) == ("HIT", "/a #1")
    assert origin.cookies == [None]


def test_a_response_not_for_sharing_is_never_kept(edge, origin):
    not_for_sharing = [
        {"Set_Cookie": "csrftoken=abc; Path=/"},
        # Private wins, even with a Surrogate-Control that would allow a day.
        {"Cache_Control": "private, max-age=60"},
        {"Cache_Control": "no-store"},
        {"Surrogate_Control": "no-store"},
        # Nothing saying it may be kept at all.
        {"Cache_Control": None, "Surrogate_Control": None},
        {"Vary": "*"},
    ]
    for number, changes in enumerate(not_for_sharing):
        path = f"/page-{number}"
        origin.page(path, "site", **changes)
        answers = [ask(edge, path) for _ in range(2)]
        assert [answer.text for answer in answers] == [f"{path} #1", f"{path} #2"], changes


def test_readers_see_neither_the_keys_nor_the_edges_own_headers(edge, origin):
    origin.page("/a", "site s12 home section-3")
    for answer in (ask(edge, "/a"), ask(edge, "/a")):
        assert "xkey" not in answer.headers
        assert "Surrogate-Key" not in answer.headers
        assert "Surrogate-Control" not in answer.headers
        assert answer.headers["Cache-Control"] == READER_HEADERS["Cache-Control"]
    # Except when the site's own people ask, from where purges come.
    debug = ask(edge, "/a", headers={"X-Newsroom-Debug": "1"})
    assert debug.headers["xkey"] == "site s12 home section-3"
    assert debug.headers["Surrogate-Key"] == "site s12 home section-3"
    assert debug.headers["Surrogate-Control"] == READER_HEADERS["Surrogate-Control"]


def test_the_edge_keeps_a_page_for_as_long_as_surrogate_control_says(edge, origin):
    origin.page(
        "/long", "site", Cache_Control="public, max-age=1", Surrogate_Control="max-age=3600"
    )
    origin.page("/short", "site", Cache_Control="public, max-age=60", Surrogate_Control="max-age=1")
    ask(edge, "/long")
    ask(edge, "/short")
    time.sleep(1.6)

    long, short = ask(edge, "/long"), ask(edge, "/short")
    assert (long.headers["X-Cache"], long.text) == ("HIT", "/long #1")
    assert (short.headers["X-Cache"], short.text) == ("MISS", "/short #2")
    # Browsers count their minute from now: the edge's copy is current, however old.
    assert long.headers["Age"] == "0"
