"""What every request under /api/ goes through, before the page cache.

- **Keys and limits.** A request with an API key (``Authorization: Bearer nr_…`` or
  ``X-Api-Key``) is counted against the key's own limit, any other against its
  address's (``NEWSROOM_API_ANONYMOUS_PER_MINUTE``); over it, 429 with
  ``Retry-After``. An unknown or revoked key is a 401, not a quiet downgrade. Counts
  are kept in the cache, per minute (``api/counters.py``: each process adds its
  hits to the shared count at least every second, and at once near the limit); with
  the cache down nobody is limited.
- **HEAD** is answered as GET without the body.
- **Errors** from anywhere below (no such route, a wrong method, the database down)
  leave as problem details (``problems.py``).
"""

import logging
import time

from django.conf import settings
from django.db import DatabaseError
from django.utils.module_loading import import_string

from caching.outage import CacheDown, call

from . import counters, problems
from .models import ApiKey

logger = logging.getLogger(__name__)
WINDOW = 60


def _given_key(request):
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.headers.get("X-Api-Key", "").strip()


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.NEWSROOM_API_PATH
        self.client_ip = import_string(settings.AXES_CLIENT_IP_CALLABLE)

    def __call__(self, request):
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        given = _given_key(request)
        key = None
        if given:
            try:
                key = ApiKey.objects.for_key(given)
            except DatabaseError as error:
                logger.warning("Could not check an API key: %s", error)
                return problems.response(request, 503, problems.DETAILS[503])
            if key is None:
                return problems.response(
                    request,
                    401,
                    "This API key is not known or has been revoked.",
                    headers={"WWW-Authenticate": 'Bearer realm="api"'},
                )
        limit = key.requests_per_minute if key else settings.NEWSROOM_API_ANONYMOUS_PER_MINUTE
        who = f"key:{key.pk}" if key else f"ip:{self.client_ip(request)}"
        used, reset = _count(request, who, limit)
        headers = {}
        if used is not None:
            headers = {
                "RateLimit-Limit": str(limit),
                "RateLimit-Remaining": str(max(limit - used, 0)),
                "RateLimit-Reset": str(reset),
            }
            if used > limit:
                return problems.response(
                    request,
                    429,
                    f"Over the limit of {limit} requests a minute"
                    + ("" if key else "; an API key lifts it")
                    + f". Try again in {reset} seconds.",
                    headers={**headers, "Retry-After": str(reset)},
                )
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        answer = self.get_response(request)
        if head:
            answer.content = b""
        if answer.status_code >= 400:
            answer = problems.as_problem(request, answer)
        for name, value in headers.items():
            answer[name] = value
        return answer


def _count(request, who, limit):
    """This minute's requests by ``who``, this one included, and the seconds left in the
    minute; (None, None) when the cache cannot count."""
    now = time.time()
    window = int(now // WINDOW)
    key = f"api-rate:{who}:{window}"
    try:
        used = call(request, counters.tally.hit, key, WINDOW * 2, limit)
    except CacheDown:
        return None, None
    return used, max(int((window + 1) * WINDOW - now), 1)
