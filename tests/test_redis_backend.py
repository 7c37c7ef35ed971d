"""The Redis cache backend (caching/backends.py) against a real server, when one runs here."""

import socket

import pytest
from django.core.cache.backends.redis import RedisCacheClient

from caching.backends import RedisCache

LOCATION = "redis://127.0.0.1:6379/9"


def redis_runs():
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", 6379)) == 0


pytestmark = pytest.mark.skipif(not redis_runs(), reason="no Redis server on 127.0.0.1:6379")


@pytest.fixture
def redis_cache():
    cache = RedisCache(LOCATION, {"KEY_PREFIX": "newsroom-test", "OPTIONS": {"socket_timeout": 1}})
    yield cache
    cache.clear()
    # Closed here rather than by the garbage collector, which warns of an open socket.
    for pool in cache._cache._pools.values():
        pool.disconnect()


def test_it_stores_and_reads_like_djangos_own(redis_cache):
    redis_cache.set_many({"a": {"page": 1}, "b": [2]}, timeout=30)
    assert redis_cache.get_many(["a", "b", "missing"]) == {"a": {"page": 1}, "b": [2]}
    assert redis_cache.add("a", "other") is False
    redis_cache.delete("a")
    assert redis_cache.get("a") is None


def test_one_client_serves_every_call(redis_cache):
    client = redis_cache._cache
    assert isinstance(client, RedisCacheClient)
    assert client.get_client() is client.get_client(write=True)


def test_a_counter_counts_in_one_call_and_expires(redis_cache):
    assert [redis_cache.incr_expiring("hits", 30) for _ in range(3)] == [1, 2, 3]
    assert redis_cache.incr_expiring("hits", 30, 5) == 8
    client = redis_cache._cache.get_client()
    key = redis_cache.make_and_validate_key("hits")
    assert 0 < client.ttl(key) <= 30
    redis_cache.incr_expiring("hits", 300)  # a later hit leaves the expiry alone
    assert client.ttl(key) <= 30
    assert redis_cache.get("hits") == 9
