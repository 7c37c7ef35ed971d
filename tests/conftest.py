import ipaddress
import socket

import pytest
from django.core.cache import cache

from articles.models import Article, Section
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


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """The site must render with no network: any connection off this machine fails loudly.

    Loopback stays open for the local PostgreSQL server (psycopg uses libpq's own
    sockets anyway).
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


@pytest.fixture(autouse=True)
def _tmp_media_and_static(settings, tmp_path):
    """Uploads go to a per-test folder, never the repository's media/.

    Tests run with DEBUG off, where settings pick whitenoise's manifest storage; without
    a collectstatic manifest ``{% static %}`` would fail, so the plain storage is used
    here (tests/test_static.py checks the shipped storage). STATIC_ROOT must exist, or
    WhiteNoise warns "No directory at" on the first request.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    static_root = tmp_path / "static"
    static_root.mkdir()
    settings.STATIC_ROOT = static_root
    storages = {name: dict(value) for name, value in settings.STORAGES.items()}
    storages["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = storages


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """admin_client signs in a new superuser per test; PBKDF2 would cost ~0.4 s each time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no pages, fragments or site settings that a
    rolled-back test left behind (the in-process cache outlives a test)."""
    cache.clear()


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


@pytest.fixture(autouse=True)
def _fragment_cache_on(settings):
    """Cards and story texts come from the cache in tests, as in production with Redis,
    so a change that failed to show on a page would fail a test."""
    settings.NEWSROOM_FRAGMENT_CACHE = True


@pytest.fixture
def page_cache_off(settings):
    """Query budgets measure the page itself, not the page cache."""
    settings.NEWSROOM_PAGE_CACHE = False


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, test in a file rather than in memory.

    Django hands an in-memory database's one connection to the live server's
    threads too, so the browser tests' overlapping requests (an autocomplete
    still answering while the form posts) could use it at once and fail at
    random. A file gives each thread its own connection.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        test_file = tmp_path_factory.mktemp("database") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(test_file)
