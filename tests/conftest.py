import ipaddress
import socket

import pytest
from django.core.cache import cache

from api.counters import tally
from articles.models import Article, Section
from caching import pagecache
from caching.outage import breaker
from tests.factories import YOUTUBE_URL, AuthorFactory, uploaded_image

_LOCAL_HOSTS = {"localhost", "testserver"}


def _is_local(host):
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode()
    if host in _LOCAL_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


class NetworkBlocked(RuntimeError):
    """Raised when code under test tries to reach another machine."""


@pytest.fixture(scope="session", autouse=True)
def _static_root_before_the_live_server(tmp_path_factory):
    """The live server (browser tests, tests/test_api_schema.py) starts once, before any
    test's settings fixture runs.

    WhiteNoise reads STATIC_ROOT when the server builds its handler and warns (an error
    here) if the folder is missing; static files themselves come from the app folders.
    """
    from django.conf import settings

    before = settings.STATIC_ROOT
    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")
    yield
    settings.STATIC_ROOT = before


@pytest.fixture(autouse=True)
def _each_test_on_its_own(monkeypatch, settings, tmp_path):
    """What every test gets afresh; the rest of the test configuration is tests/settings.py.

    - No network: any connection off this machine fails loudly, since the site must
      render without one. Loopback stays open for the local PostgreSQL and Redis.
    - Uploads go to a folder of the test's own, never the repository's media/.
      STATIC_ROOT must exist, or WhiteNoise warns "No directory at" on the first request.
    - An empty cache: no pages, purge numbers or site settings that a rolled-back test
      left behind (the in-process cache outlives a test).
    """
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def guarded_connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):
            raise NetworkBlocked(f"test tried to connect to {address!r}")
        return real_connect(sock, address)

    def guarded_getaddrinfo(host, *args, **kwargs):
        if not _is_local(host):
            raise NetworkBlocked(f"test tried to look up {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)

    settings.MEDIA_ROOT = tmp_path / "media"
    static_root = tmp_path / "static"
    static_root.mkdir()
    settings.STATIC_ROOT = static_root

    cache.clear()
    breaker.reset()  # a test that found the cache "down" leaves the next one a working cache
    pagecache._keys_of.clear()  # and no guesses about its pages' keys
    tally.counters.clear()  # nor requests counted towards the API's limits


@pytest.fixture
def author():
    return AuthorFactory(name="Maya Okafor", slug="maya-okafor")


@pytest.fixture
def post_data(author):
    """What an editor fills in on the add form for the featurette."""
    return {
        "headline": "Tom Cruise leaps from a plane in new Dead Reckoning featurette",
        "slug": "tom-cruise-skydive-featurette",
        "standfirst": "The star does his own skydive, and thanks the audience on the way down.",
        "body": "<p>Whatever you think of Tom Cruise, he does it <strong>for real</strong>.</p>",
        "hero_image": uploaded_image("skydive.jpg", size=(160, 90)),
        "hero_alt": "A lone skydiver in free fall against a wide evening sky.",
        "hero_caption": "The stunt was filmed for real, in the air.",
        "hero_credit": "Paramount",
        "trailer_url": YOUTUBE_URL,
        "section": Section.objects.get(slug="movies").pk,
        "authors": [author.pk],
        "tags": "Tom Cruise, Stunts, Mission: Impossible",
        "status": Article.Status.PUBLISHED,
        "publish_at_0": "",
        "publish_at_1": "",
        "_save": "Save",
    }


@pytest.fixture
def page_cache_off(settings):
    """Query budgets measure the page itself, not the page cache."""
    settings.NEWSROOM_PAGE_CACHE = False
