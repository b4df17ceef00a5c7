"""The shared cache in production: Django's Redis cache, which a Redis outage turns into misses.

Everything the portal and Wagtail keep in the cache (the site's root paths, the shared per-page
work, whole pages, sessions' copies) can be rebuilt from the database, so while Redis does not
answer readers get pages built from the database instead of errors. After a failure Redis is
left alone for ``RETRY_AFTER`` seconds: one request of a worker waits for the connection
timeout, the others in that time do not wait at all. ``incr`` and ``decr`` still raise (their
callers must know that nothing was counted), and ``check()`` asks Redis itself, for the health
check.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("portal.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per connection pool: Django makes a new one
    for every call, and setting one up costs more than a cache hit's own round trip."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    RETRY_AFTER = 5.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._down_until = 0.0
        self._lock = threading.Lock()

    def _is_down(self):
        return time.monotonic() < self._down_until

    def _failed(self, error):
        with self._lock:
            first = not self._is_down()
            self._down_until = time.monotonic() + self.RETRY_AFTER
        if first:
            logger.warning(
                "The cache (Redis) did not answer (%s): serving without it for %s s",
                error.__class__.__name__,
                self.RETRY_AFTER,
            )

    def _guarded(self, fallback, operation, *args, **kwargs):
        if self._is_down():
            return fallback
        try:
            return operation(*args, **kwargs)
        except UNREACHABLE as error:
            self._failed(error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        if self._is_down():
            raise RedisConnectionError("the cache is not answering")
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            self._failed(error)
            raise

    def check(self):
        """Ask Redis itself (whatever the last failure): raises when it does not answer."""
        try:
            self._cache.get_client(write=True).ping()
        except UNREACHABLE as error:
            self._failed(error)
            raise
        self._down_until = 0.0
