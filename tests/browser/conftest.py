"""A real Chromium, driven by Playwright, against pytest-django's live server.

Debian's ``chromium`` package is used as it is (``NEWSROOM_CHROMIUM`` names another
binary); Playwright's own browser downloads are never needed. Without a browser the
tests are skipped with a message saying how to get one.
"""

import os
import shutil
import time
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}

try:
    from playwright import sync_api
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_api = None

if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
    MISSING = (
        f"browser tests skipped: no Chromium at {CHROMIUM} "
        "(apt-get install chromium, or set NEWSROOM_CHROMIUM to a Chromium binary)"
    )
elif sync_api is None:
    MISSING = "browser tests skipped: playwright is not installed (pip install -e '.[dev]')"
else:
    MISSING = None


def pytest_collection_modifyitems(config, items):
    if MISSING:
        for item in items:
            if item.get_closest_marker("browser"):
                item.add_marker(pytest.mark.skip(reason=MISSING))


def is_local(url):
    return urlsplit(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:", "about:"))


@pytest.fixture(scope="module")
def chromium():
    """One browser per test module.

    Playwright's sync API keeps an event loop running in this thread, which makes
    Django refuse plain ORM calls; the tests' own ones are safe, so they are allowed
    for as long as the browser runs, and no longer.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            yield browser
            browser.close()


class Watched:
    """What a page did: every request, console errors, script errors, CSP violations."""

    def __init__(self, page):
        self.page = page
        self.requests = []
        self.errors = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda message: message.type == "error" and self.errors.append(message.text),
        )
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        # Offline and private: nothing leaves this machine, whatever a page asks for.
        page.route(
            "**/*",
            lambda route: route.continue_() if is_local(route.request.url) else route.abort(),
        )
        page.add_init_script(
            "window.__csp = [];"
            "document.addEventListener('securitypolicyviolation', e =>"
            " window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
        )

    def third_party(self):
        return [url for url in self.requests if not is_local(url)]

    def csp_violations(self):
        return self.page.evaluate("window.__csp")


@pytest.fixture
def page(chromium, live_server, transactional_db):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.watched = Watched(page)
    yield page
    context.close()
    # Let the live server finish what the last page had asked of it (its pictures, a
    # script's request) before the test's tables are emptied: on PostgreSQL a
    # request still writing when the TRUNCATE starts can deadlock with it.
    time.sleep(0.3)


@pytest.fixture
def phone(chromium, live_server, transactional_db):
    """A 390x844 phone at twice the pixels, watched as ``page`` is."""
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    phone.watched = Watched(phone)
    yield phone
    context.close()
    time.sleep(0.3)  # as ``page`` does: let the server finish before the tables go
