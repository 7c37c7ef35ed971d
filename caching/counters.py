"""Counters kept in the cache, for limits that need not survive the cache (api/)."""

from django.core.cache import cache


def hit(key, seconds):
    """Count one more for ``key``: a new counter starts at 1 and lasts ``seconds``.

    With Redis one round trip (``RedisCache.incr_expiring``); elsewhere an ``add``
    for the first hit and an ``incr`` after it.
    """
    incr_expiring = getattr(cache, "incr_expiring", None)
    if incr_expiring is not None:
        return incr_expiring(key, seconds)
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # gone between the two calls: this is its first hit again
        cache.set(key, 1, seconds)
        return 1
