"""``/healthz``: what a load balancer asks before sending readers to this app server."""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger("newsroom.health")


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key, value = "newsroom:healthz", secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was just stored")


CHECKS = {"database": _database, "cache": _cache}
# Without the cache server pages are built from the database: slower, still right (every
# reader URL answers 200). Taking every app server out of rotation for it would turn a
# slow site into no site, so only the database decides the status.
REQUIRED = {"database"}


@never_cache
def healthz(request):
    """200 when the database answers (the cache is reported, not required), 503 otherwise.

    The body names each check as "ok" or "error" and nothing more: the details
    (hosts, error messages) go to the log, never to whoever asks.
    """
    report = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:
            # One line, no traceback: load balancers ask every few seconds.
            logger.error("Health check failed: %s: %r", name, error)
            report[name] = "error"
        else:
            report[name] = "ok"
    healthy = all(report[name] == "ok" for name in REQUIRED)
    return JsonResponse(report, status=200 if healthy else 503)
