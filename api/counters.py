"""Counters kept in the cache, shared by every process: the API's rate limits (api/).

Counting each request in Redis costs a round trip, which is most of what a kept API
answer costs. So each process tallies its own hits and adds them to the shared
counter now and then (``Tally``): at once while a counter is near its limit, else at
least every ``SYNC_SECONDS``. A limit is then exact near it, and a process can run
ahead of the others by at most a second's requests while far below it.
"""

import threading
import time

from django.core.cache import cache

SYNC_SECONDS = 1.0


def add(key, delta, seconds):
    """Add ``delta`` to the shared counter ``key`` (made to last ``seconds``); its new value.

    With Redis one round trip (``RedisCache.incr_expiring``); elsewhere an ``add`` for
    a new counter, an ``incr`` for one that exists.
    """
    incr_expiring = getattr(cache, "incr_expiring", None)
    if incr_expiring is not None:
        return incr_expiring(key, seconds, delta)
    if cache.add(key, delta, seconds):
        return delta
    try:
        return cache.incr(key, delta)
    except ValueError:  # expired between the two calls: it starts again
        cache.set(key, delta, seconds)
        return delta


class Tally:
    """This process's hits on each counter, added to the shared ones as said above."""

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self.lock = threading.Lock()
        self.counters = {}  # key: [shared value when last read, hits since, read at]

    def hit(self, key, seconds, limit):
        """Count a hit on ``key``; the count across processes, as far as known here.

        Raises whatever the cache raises (``guarded`` turns it into ``CacheDown``);
        the hit stays counted here and is added at the next try.
        """
        now = self.clock()
        with self.lock:
            if len(self.counters) > 10_000:  # old windows' counters, mostly
                self.counters.clear()
            counter = self.counters.setdefault(key, [0, 0, float("-inf")])
            counter[1] += 1
            shared, mine, read_at = counter
            if shared + mine < limit / 2 and now - read_at < SYNC_SECONDS:
                return shared + mine
            counter[1] = 0
        try:
            shared = add(key, mine, seconds)
        except Exception:
            with self.lock:
                counter[1] += mine
            raise
        with self.lock:
            counter[0], counter[2] = shared, now
            return shared + counter[1]


tally = Tally()
