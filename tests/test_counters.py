"""The API's rate-limit counters: shared by every process, with few round trips."""

import pytest
from django.core.cache import cache

from api import counters
from api.counters import Tally


@pytest.fixture
def round_trips(monkeypatch):
    """Every addition made to the shared counters, as (key, delta)."""
    made = []
    real = counters.add

    def add(key, delta, seconds):
        made.append((key, delta))
        return real(key, delta, seconds)

    monkeypatch.setattr(counters, "add", add)
    return made


class Clock:
    now = 100.0

    def __call__(self):
        return self.now


def test_far_below_the_limit_a_process_adds_its_hits_once_a_second(round_trips):
    clock = Clock()
    tally = Tally(clock)
    counts = [tally.hit("ip:1", 120, limit=1000) for _ in range(100)]
    assert counts == list(range(1, 101))
    assert round_trips == [("ip:1", 1)]  # the first hit, then nothing for a second
    clock.now += 1.5
    assert tally.hit("ip:1", 120, limit=1000) == 101
    assert round_trips == [("ip:1", 1), ("ip:1", 100)]
    assert cache.get("ip:1") == 101


def test_near_the_limit_every_hit_is_shared_at_once(round_trips):
    tally = Tally(Clock())
    counts = [tally.hit("key:7", 120, limit=10) for _ in range(12)]
    assert counts == list(range(1, 13))
    assert len(round_trips) == 12 - 3  # the first, then from the fifth hit on (half of 10)


def test_two_processes_together_reach_the_limit(round_trips):
    first, second = Tally(Clock()), Tally(Clock())
    for _ in range(20):
        first.hit("ip:2", 120, limit=40)
    # The second process sees the first one's hits once it shares its own.
    seen = [second.hit("ip:2", 120, limit=40) for _ in range(21)]
    assert seen[-1] > 40


def test_a_hit_the_cache_could_not_take_is_added_later(monkeypatch):
    tally = Tally(Clock())
    refuse = True
    real = counters.add

    def add(key, delta, seconds):
        if refuse:
            raise ConnectionError("refused")
        return real(key, delta, seconds)

    monkeypatch.setattr(counters, "add", add)
    with pytest.raises(ConnectionError):
        tally.hit("ip:3", 120, limit=4)
    refuse = False
    assert tally.hit("ip:3", 120, limit=4) == 2
    assert cache.get("ip:3") == 2
