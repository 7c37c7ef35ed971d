"""caching/edge.py: purges as each edge wants them, and failures that say why.

The edges are played by a local stand-in that records what it is sent and answers
what the test tells it to (tests/test_varnish.py purges a real Varnish).
"""

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ImproperlyConfigured

from caching import edge
from caching.edge import CloudflarePurger, EdgePurgeError, FastlyPurger, VarnishPurger, purger
from tests.varnish_server import free_port


@dataclass
class Sent:
    method: str
    path: str
    headers: object  # the request's headers, looked up without regard to case
    body: bytes

    def json(self):
        return json.loads(self.body)


class StandIn:
    """An HTTP server on 127.0.0.1 that keeps every request and answers ``self.answer``."""

    def __init__(self):
        self.sent = []
        self.answer = (200, b"ok")
        self.delay = 0
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                stand_in.sent.append(Sent(self.command, self.path, self.headers, body))
                time.sleep(stand_in.delay)
                status, content = stand_in.answer
                self.send_response(status)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_PURGE = do_POST = handle_any

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # A short poll, so closing it takes a moment rather than half a second.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def stand_in():
    server = StandIn()
    yield server
    server.close()


def keys(count, prefix="article"):
    return [f"{prefix}-{number}" for number in range(count)]


# Choosing the edge from the settings


def test_no_edge_configured_means_no_purger(settings):
    settings.NEWSROOM_EDGE_PURGE = ""
    assert purger() is None


@pytest.mark.parametrize(
    ("where", "kind", "attributes"),
    [
        ("varnish+http://127.0.0.1:6081", VarnishPurger, {"url": "http://127.0.0.1:6081"}),
        ("varnish+https://edge.internal", VarnishPurger, {"url": "https://edge.internal"}),
        ("fastly://SU1Z0isxPaozGVKXdv0eY", FastlyPurger, {"service_id": "SU1Z0isxPaozGVKXdv0eY"}),
        (
            "cloudflare://023e105f4ecef8ad9ca31a8372d0c353",
            CloudflarePurger,
            {"zone_id": "023e105f4ecef8ad9ca31a8372d0c353"},
        ),
    ],
)
def test_each_kind_of_edge_gets_its_purger(settings, where, kind, attributes):
    settings.NEWSROOM_EDGE_PURGE = where
    settings.NEWSROOM_EDGE_SECRET = "token-1"
    found = purger()
    assert type(found) is kind
    for name, value in attributes.items():
        assert getattr(found, name) == value


def test_the_apis_are_the_real_ones_unless_told_otherwise(settings):
    settings.NEWSROOM_EDGE_SECRET = "token-1"
    settings.NEWSROOM_EDGE_PURGE = "fastly://abc"
    assert purger().api == "https://api.fastly.com"
    settings.NEWSROOM_EDGE_PURGE = "cloudflare://abc"
    assert purger().api == "https://api.cloudflare.com/client/v4"


@pytest.mark.parametrize(
    ("where", "secret", "says"),
    [
        ("varnish://127.0.0.1:6081", "s", "unknown kind of edge 'varnish'"),
        ("akamai://abc", "s", "unknown kind of edge 'akamai'"),
        ("127.0.0.1:6081", "s", "expected varnish+http://HOST:PORT"),
        ("varnish+http://", "s", "expected varnish+http://HOST:PORT"),
        ("varnish+http://:6081", "s", "names no Varnish host"),
        ("varnish+http://127.0.0.1:varnish", "s", "Port could not be cast"),
        ("fastly://", "s", "expected"),
        ("cloudflare://zone/../other", "s", "is not a cloudflare zone id"),
        ("varnish+http://127.0.0.1:6081", "", "NEWSROOM_EDGE_SECRET is empty"),
        ("fastly://abc", "  ", "NEWSROOM_EDGE_SECRET is empty"),
        ("cloudflare://abc", "two words", "one word of printable ASCII"),
    ],
)
def test_a_bad_setting_stops_the_site_with_a_reason(settings, where, secret, says):
    settings.NEWSROOM_EDGE_PURGE = where
    settings.NEWSROOM_EDGE_SECRET = secret
    with pytest.raises(ImproperlyConfigured, match="NEWSROOM_EDGE") as raised:
        purger()
    assert says in str(raised.value)


# Keys


@pytest.mark.parametrize(
    "bad",
    [["Site"], ["two words"], ["a,b"], [""], ["s12\r\nX-Evil: 1"], [12], ["é"], ["x" * 1025]],
)
def test_a_key_no_edge_could_take_is_refused_before_anything_is_sent(stand_in, bad):
    with pytest.raises(ValueError, match="not a purge key"):
        VarnishPurger(stand_in.url, "s").purge(["home", *bad])
    assert stand_in.sent == []


def test_one_string_is_not_taken_for_a_list_of_keys(stand_in):
    with pytest.raises(ValueError, match="list of keys"):
        VarnishPurger(stand_in.url, "s").purge("home")


def test_nothing_to_purge_sends_nothing(stand_in):
    VarnishPurger(stand_in.url, "s").purge([])
    FastlyPurger("svc", "t", api=stand_in.url).purge([])
    CloudflarePurger("zone", "t", api=stand_in.url).purge([])
    assert stand_in.sent == []


# Varnish


def test_varnish_gets_the_keys_and_the_secret_in_headers(stand_in):
    VarnishPurger(stand_in.url, "s3cret").purge(["site", "s12", "home", "s12", "section-3"])
    [sent] = stand_in.sent
    assert (sent.method, sent.path) == ("PURGE", "/")
    assert sent.headers["xkey-purge"] == "site s12 home section-3"
    assert sent.headers["X-Purge-Secret"] == "s3cret"


def test_varnish_gets_many_keys_in_headers_under_its_8_kb_limit(stand_in):
    many = keys(3000)
    VarnishPurger(stand_in.url, "s3cret").purge(many)
    lines = [f"xkey-purge: {sent.headers['xkey-purge']}" for sent in stand_in.sent]
    assert len(lines) > 1
    assert all(len(line) < 8192 for line in lines)
    # Full batches, not one key a request.
    assert all(len(line) > 7900 for line in lines[:-1])
    sent_keys = [key for sent in stand_in.sent for key in sent.headers["xkey-purge"].split(" ")]
    assert sent_keys == many


def test_varnish_refusing_says_so(stand_in):
    stand_in.answer = (403, b"Wrong secret\n")
    with pytest.raises(EdgePurgeError) as raised:
        VarnishPurger(stand_in.url, "s3cret").purge(["home"])
    message = str(raised.value)
    assert f"Varnish at {stand_in.url} refused the purge: 403" in message
    assert "NEWSROOM_EDGE_SECRET" in message
    assert "s3cret" not in message


def test_varnish_failing_says_so(stand_in):
    stand_in.answer = (500, b"boom")
    with pytest.raises(EdgePurgeError, match="refused the purge: 500"):
        VarnishPurger(stand_in.url, "s3cret").purge(["home"])


def test_a_purge_stops_at_the_first_batch_refused(stand_in):
    stand_in.answer = (503, b"")
    with pytest.raises(EdgePurgeError):
        VarnishPurger(stand_in.url, "s3cret").purge(keys(3000))
    assert len(stand_in.sent) == 1


def test_an_edge_that_is_not_there_is_an_error_not_a_hang():
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(EdgePurgeError, match="no answer from the edge .*refused") as raised:
        VarnishPurger(url, "s3cret").purge(["home"])
    assert url in str(raised.value)


def test_an_edge_that_does_not_answer_in_time_is_an_error(stand_in, monkeypatch):
    monkeypatch.setattr(edge, "TIMEOUT", 0.1)
    stand_in.delay = 0.5
    with pytest.raises(EdgePurgeError, match="no answer from the edge .*timed out"):
        VarnishPurger(stand_in.url, "s3cret").purge(["home"])


# Fastly


def test_fastly_gets_256_keys_a_call_with_the_token(stand_in):
    many = keys(600)
    FastlyPurger("SU1Z0isxPaozGVKXdv0eY", "fastly-token", api=stand_in.url).purge(many)
    assert [len(sent.json()["surrogate_keys"]) for sent in stand_in.sent] == [256, 256, 88]
    assert [key for sent in stand_in.sent for key in sent.json()["surrogate_keys"]] == many
    for sent in stand_in.sent:
        assert (sent.method, sent.path) == ("POST", "/service/SU1Z0isxPaozGVKXdv0eY/purge")
        assert sent.headers["Fastly-Key"] == "fastly-token"
        assert sent.headers["Fastly-Soft-Purge"] == "1"
        assert sent.headers["Content-Type"] == "application/json"


def test_fastly_hard_purges_when_asked(stand_in):
    FastlyPurger("svc", "fastly-token", soft=False, api=stand_in.url).purge(["home"])
    [sent] = stand_in.sent
    assert "Fastly-Soft-Purge" not in sent.headers


def test_the_api_address_can_be_moved_for_a_whole_class(stand_in, monkeypatch):
    monkeypatch.setattr(FastlyPurger, "api", stand_in.url)
    FastlyPurger("svc", "fastly-token").purge(["home"])
    assert stand_in.sent[0].path == "/service/svc/purge"


def test_fastly_refusing_says_what_it_said(stand_in):
    stand_in.answer = (401, b'{"msg": "Provided credentials are missing or invalid"}')
    with pytest.raises(EdgePurgeError) as raised:
        FastlyPurger("svc", "fastly-token", api=stand_in.url).purge(keys(600))
    message = str(raised.value)
    assert "Fastly refused the purge for service svc: 401" in message
    assert "Provided credentials are missing or invalid" in message
    assert "fastly-token" not in message
    assert len(stand_in.sent) == 1


def test_fastly_failing_says_so(stand_in):
    stand_in.answer = (500, b"Internal Server Error")
    with pytest.raises(EdgePurgeError, match="Fastly refused .*: 500 .*Internal Server Error"):
        FastlyPurger("svc", "fastly-token", api=stand_in.url).purge(["home"])


# Cloudflare


def cloudflare_answer(success, errors=()):
    return json.dumps({"success": success, "errors": list(errors), "result": {}}).encode()


def test_cloudflare_gets_30_tags_a_call_with_the_token(stand_in):
    stand_in.answer = (200, cloudflare_answer(True))
    many = keys(61)
    CloudflarePurger("zone1", "cf-token", api=stand_in.url).purge(many)
    assert [len(sent.json()["tags"]) for sent in stand_in.sent] == [30, 30, 1]
    assert [tag for sent in stand_in.sent for tag in sent.json()["tags"]] == many
    for sent in stand_in.sent:
        assert (sent.method, sent.path) == ("POST", "/zones/zone1/purge_cache")
        assert sent.headers["Authorization"] == "Bearer cf-token"


def test_cloudflare_saying_no_in_a_200_is_an_error(stand_in):
    stand_in.answer = (200, cloudflare_answer(False, [{"code": 1134, "message": "Rate limited"}]))
    with pytest.raises(EdgePurgeError) as raised:
        CloudflarePurger("zone1", "cf-token", api=stand_in.url).purge(["home"])
    assert (
        str(raised.value)
        == "Cloudflare refused the purge for zone zone1: 200 OK: 1134 Rate limited"
    )


def test_cloudflare_refusing_says_what_it_said(stand_in):
    errors = [{"code": 10000, "message": "Authentication error"}]
    stand_in.answer = (403, cloudflare_answer(False, errors))
    with pytest.raises(EdgePurgeError, match="zone1: 403 Forbidden: 10000 Authentication error"):
        CloudflarePurger("zone1", "cf-token", api=stand_in.url).purge(["home"])


def test_cloudflare_answering_something_else_is_an_error(stand_in):
    stand_in.answer = (200, b"<html>Bad gateway</html>")
    with pytest.raises(EdgePurgeError, match="zone1: 200 OK: <html>Bad gateway</html>"):
        CloudflarePurger("zone1", "cf-token", api=stand_in.url).purge(["home"])


def test_a_mistyped_edge_is_said_by_the_system_checks(settings):
    from caching.apps import edge_settings

    settings.NEWSROOM_EDGE_PURGE = "varnish://127.0.0.1:6081"
    settings.NEWSROOM_EDGE_SECRET = "edge-secret"
    [error] = edge_settings()
    assert error.id == "newsroom.E001"
    assert "varnish+http://HOST:PORT" in error.msg
    settings.NEWSROOM_EDGE_PURGE = "varnish+http://127.0.0.1:6081"
    assert edge_settings() == []
