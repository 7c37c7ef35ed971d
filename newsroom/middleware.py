"""Project-wide middleware: headers Django has no setting for, and a database outage."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("newsroom.db")


class PermissionsPolicyMiddleware:
    """Send ``settings.PERMISSIONS_POLICY`` as the ``Permissions-Policy`` header.

    A view that sets the header itself keeps its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}={allow}" for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class SharedPageGZipMiddleware(GZipMiddleware):
    """Gzip the pages every reader gets alike, and nothing else.

    Compressing a page that holds a secret (a CSRF token, a signed-in editor's
    data) beside text an attacker can put in it lets them guess the secret from the
    sizes (BREACH). A response marked ``public`` (``caching.pagecache.reader_page``:
    an anonymous reader's page, which sets no cookie) is the same for everyone and
    holds none; the desk, previews and forms' answers are never public, so never
    compressed. Static files are compressed ahead by WhiteNoise.
    """

    def process_response(self, request, response):
        cache_control = response.get("Cache-Control", "")
        if "public" not in cache_control or "private" in cache_control or response.cookies:
            return response
        return super().process_response(request, response)


class DatabaseUnavailableMiddleware:
    """A friendly 503 instead of a 500 when the database cannot be reached.

    Nothing is remembered between requests: each one tries the database again,
    so the site recovers by itself the moment the database is back. The page
    is rendered without a request, so no context processor touches the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable: %s",
            exception,
            extra={"request": request, "status_code": 503},
        )
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response
