"""The production cache backend: Redis, whose outage the pages never see (misses instead of
errors), that counters and the health check do see, and that comes back by itself."""

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.cache import ResilientRedisCache
from tests.helpers import redis_is_up

NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1
REDIS = "redis://127.0.0.1:6379/9"


def backend(location):
    return ResilientRedisCache(
        location,
        {"KEY_PREFIX": "portal-tests-backend", "OPTIONS": {"socket_connect_timeout": 0.2}},
    )


def test_an_unreachable_redis_reads_as_an_empty_cache():
    cache = backend(NOWHERE)

    assert cache.get("page", "missing") == "missing"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set("page", "html") is None
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]  # neither stored
    assert cache.add("page", "html") is False
    assert cache.delete("page") is False
    assert cache.has_key("page") is False


def test_counters_and_the_health_check_are_told_the_truth():
    cache = backend(NOWHERE)

    with pytest.raises(RedisConnectionError):
        cache.incr("ratelimit")
    with pytest.raises(RedisConnectionError):
        cache.check()


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379")
def test_after_a_failure_redis_is_left_alone_then_used_again():
    cache = backend(REDIS)
    cache.set("key", "value")
    assert cache.get("key") == "value"

    cache._failed(RedisConnectionError("a blip"))
    assert cache.get("key") is None  # Redis not asked during the pause

    cache.RETRY_AFTER = 0
    cache._failed(RedisConnectionError("another blip"))
    assert cache.get("key") == "value"  # asked again once the pause is over
    cache.check()
    cache.delete("key")
