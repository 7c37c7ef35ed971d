"""Purging reader pages from the edge: the shared cache in front of the app servers.

The edge (Varnish on our own machines, or a CDN: Fastly, Cloudflare) keeps reader
pages for a day and serves them without asking the app. Each page names the keys of
what it shows (``xkey: site s12 home section-3``, and the same in ``Surrogate-Key``),
so when content changes the project works out the keys it touched and the worker
asks the edge to forget every page carrying any of them. ``purger()`` gives the
object that does so for ``NEWSROOM_EDGE_PURGE``, one class per kind of edge:

- ``VarnishPurger``: ``PURGE /`` to our Varnish (deploy/varnish.vcl), keys in an
  ``xkey-purge`` header, the shared secret in ``X-Purge-Secret``; a soft purge,
  so Varnish can still serve the old page while the app is down.
- ``FastlyPurger``: Fastly's API, by surrogate key, soft as well.
- ``CloudflarePurger``: Cloudflare's API, by cache tag.

Each sends the keys in batches of what its edge takes in one request, and raises
``EdgePurgeError`` at the first batch the edge does not accept. It never retries
itself: purges run in a background task, and the caller tries the whole list
again until every batch is accepted (purging a key twice does no harm).
"""

import json
import re
import ssl
from http.client import HTTPConnection, HTTPException, HTTPSConnection
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TIMEOUT = 5  # seconds per request: a task waits, never a reader
# What the app writes in its headers, and what every edge takes: no quoting needed.
KEY = re.compile(r"[a-z0-9-]+")
# Fastly's limit on one key; Cloudflare's on one tag is the same.
MAX_KEY_LENGTH = 1024
# An error's answer is quoted in the message, not kept whole.
QUOTED_ANSWER = 300


class EdgePurgeError(Exception):
    """The edge did not accept a purge (unreachable, or it said no); the message says why."""


def _checked(keys):
    """``keys`` once each, in order; ValueError for one the edge could not take as is.

    A bad key is a bug in whoever computed it: failing loudly beats purging less than
    was changed.
    """
    if isinstance(keys, str):
        raise ValueError("purge() takes a list of keys, not one string")
    unique = list(dict.fromkeys(keys))
    for key in unique:
        if not isinstance(key, str) or not KEY.fullmatch(key) or len(key) > MAX_KEY_LENGTH:
            raise ValueError(f"not a purge key (a-z, 0-9 and -, at most {MAX_KEY_LENGTH}): {key!r}")
    return unique


def _batches(keys, size):
    for start in range(0, len(keys), size):
        yield keys[start : start + size]


def _send(method, url, body=None, headers=None):
    """``(status, reason, answer)`` for one request; EdgePurgeError when there is no answer.

    http.client rather than urllib: no redirects followed and no proxy settings from
    the environment, so a purge reaches the edge it names or fails.
    """
    parts = urlsplit(url)
    if parts.scheme == "https":
        connection = HTTPSConnection(
            parts.hostname, parts.port, timeout=TIMEOUT, context=ssl.create_default_context()
        )
    else:
        connection = HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
    target = parts.path or "/"
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.reason, response.read()
    except (OSError, HTTPException) as error:
        reason = str(error) or type(error).__name__
        raise EdgePurgeError(f"{method} {url}: no answer from the edge ({reason})") from error
    finally:
        connection.close()


def _quoted(answer):
    """The start of an answer's body on one line, for a message."""
    text = " ".join(answer.decode("utf-8", "replace").split())
    return text[:QUOTED_ANSWER] + ("..." if len(text) > QUOTED_ANSWER else "")


class VarnishPurger:
    """Soft purges on our Varnish running deploy/varnish.vcl.

    The keys go in one header, and Varnish refuses a header line longer than 8 KB
    (``http_req_hdr_len``): each request carries as many keys as fit under that.
    """

    header = "xkey-purge"
    max_line = 8000  # bytes of "xkey-purge: k1 k2 ...", under Varnish's 8192

    def __init__(self, url, secret):
        self.url = url
        self.secret = secret

    def batches(self, keys):
        room = self.max_line - len(f"{self.header}: ")
        batch, length = [], 0
        for key in keys:
            extra = len(key) + (1 if batch else 0)
            if batch and length + extra > room:
                yield batch
                batch, length = [], 0
                extra = len(key)
            batch.append(key)
            length += extra
        if batch:
            yield batch

    def purge(self, keys):
        for batch in self.batches(_checked(keys)):
            headers = {self.header: " ".join(batch), "X-Purge-Secret": self.secret}
            status, reason, answer = _send("PURGE", self.url, headers=headers)
            if status != 200:
                hint = ""
                if status == 403:
                    hint = (
                        " (is NEWSROOM_EDGE_SECRET the secret in varnish.vcl, and this"
                        " machine in its purgers ACL?)"
                    )
                elif status in (404, 405, 501):
                    hint = " (is deploy/varnish.vcl the VCL Varnish runs?)"
                raise EdgePurgeError(
                    f"Varnish at {self.url} refused the purge: {status} {reason}{hint}"
                )


class FastlyPurger:
    """Purges by surrogate key through Fastly's API, 256 keys a call (Fastly's limit).

    Soft by default: Fastly marks the pages stale rather than dropping them, so with
    stale-if-error it can still serve them while the app is down.
    """

    api = "https://api.fastly.com"
    batch_size = 256

    def __init__(self, service_id, token, soft=True, api=None):
        self.service_id = service_id
        self.token = token
        self.soft = soft
        if api is not None:
            self.api = api.rstrip("/")

    def purge(self, keys):
        url = f"{self.api}/service/{self.service_id}/purge"
        headers = {
            "Fastly-Key": self.token,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        if self.soft:
            headers["Fastly-Soft-Purge"] = "1"
        for batch in _batches(_checked(keys), self.batch_size):
            body = json.dumps({"surrogate_keys": batch}).encode()
            status, reason, answer = _send("POST", url, body=body, headers=headers)
            if status != 200:
                raise EdgePurgeError(
                    f"Fastly refused the purge for service {self.service_id}: "
                    f"{status} {reason}: {_quoted(answer)}"
                )


class CloudflarePurger:
    """Purges by cache tag through Cloudflare's API, 30 tags a call (Cloudflare's limit).

    Cloudflare says whether it took the purge in the answer's ``success``, which is
    what counts, whatever the status.
    """

    api = "https://api.cloudflare.com/client/v4"
    batch_size = 30

    def __init__(self, zone_id, token, api=None):
        self.zone_id = zone_id
        self.token = token
        if api is not None:
            self.api = api.rstrip("/")

    def purge(self, keys):
        url = f"{self.api}/zones/{self.zone_id}/purge_cache"
        headers = {
            "Authorization": f"Bearer {self.token}",
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        for batch in _batches(_checked(keys), self.batch_size):
            body = json.dumps({"tags": batch}).encode()
            status, reason, answer = _send("POST", url, body=body, headers=headers)
            try:
                result = json.loads(answer)
            except ValueError:
                result = None
            if status == 200 and isinstance(result, dict) and result.get("success") is True:
                continue
            raise EdgePurgeError(
                f"Cloudflare refused the purge for zone {self.zone_id}: {status} {reason}: "
                f"{_cloudflare_errors(result) or _quoted(answer)}"
            )


def _cloudflare_errors(result):
    """Cloudflare's own words for what went wrong: "1234 message; ...", or ""."""
    if not isinstance(result, dict) or not isinstance(result.get("errors"), list):
        return ""
    return "; ".join(
        f"{error.get('code', '?')} {error.get('message', '')}".strip()
        for error in result["errors"]
        if isinstance(error, dict)
    )


def purger():
    """The purger for ``NEWSROOM_EDGE_PURGE``, or None when there is no edge."""
    where = settings.NEWSROOM_EDGE_PURGE.strip()
    if not where:
        return None
    secret = settings.NEWSROOM_EDGE_SECRET.strip()
    scheme, _, rest = where.partition("://")
    expected = (
        "varnish+http://HOST:PORT (or varnish+https://), fastly://SERVICE_ID"
        " or cloudflare://ZONE_ID"
    )
    if not rest:
        raise ImproperlyConfigured(f"NEWSROOM_EDGE_PURGE={where!r}: expected {expected}")
    if scheme in ("varnish+http", "varnish+https"):
        url = where.removeprefix("varnish+")
        try:
            urlsplit(url).port  # noqa: B018 - raises for a port that is not a number
        except ValueError as error:
            raise ImproperlyConfigured(f"NEWSROOM_EDGE_PURGE={where!r}: {error}") from error
        if not urlsplit(url).hostname:
            raise ImproperlyConfigured(f"NEWSROOM_EDGE_PURGE={where!r} names no Varnish host")
        return VarnishPurger(url, _required(secret, "the X-Purge-Secret set in varnish.vcl"))
    if scheme in ("fastly", "cloudflare"):
        name = "service" if scheme == "fastly" else "zone"
        identifier = rest.strip("/")
        if not re.fullmatch(r"[A-Za-z0-9]+", identifier):
            raise ImproperlyConfigured(
                f"NEWSROOM_EDGE_PURGE={where!r}: {identifier!r} is not a {scheme} {name} id"
            )
        token = _required(secret, f"a {scheme.title()} API token allowed to purge")
        if scheme == "fastly":
            return FastlyPurger(identifier, token)
        return CloudflarePurger(identifier, token)
    raise ImproperlyConfigured(
        f"NEWSROOM_EDGE_PURGE={where!r}: unknown kind of edge {scheme!r}; expected {expected}"
    )


def _required(secret, what):
    """The secret, checked: present, and fit for an HTTP header."""
    if not secret:
        raise ImproperlyConfigured(
            f"NEWSROOM_EDGE_PURGE is set but NEWSROOM_EDGE_SECRET is empty: it must be {what}"
        )
    if not (secret.isascii() and secret.isprintable()) or " " in secret:
        raise ImproperlyConfigured(
            "NEWSROOM_EDGE_SECRET must be one word of printable ASCII (no spaces)"
        )
    return secret
