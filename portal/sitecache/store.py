"""The generation counter and the cached entries that hang from it."""

import collections
import contextvars
import logging
import pickle
import secrets
import threading

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger("portal.sitecache")

GENERATION_KEY = "portal:sitecache:generation"
# An entry of an old generation is never read again; it only waits to expire.
TIMEOUT = 60 * 60 * 24

_MISSING = object()

# The request being answered (set by ``SiteMiddleware``): code that asks for the generation
# without a request in hand still reads it once per request, not once per call.
current_request = contextvars.ContextVar("portal_sitecache_request", default=None)


class LocalCopies:
    """The entries this process read last, pickled, by key. A key names its generation, so an
    entry under it never changes (one that ``fresh`` refuses is checked here as in the shared
    cache): a request reads the generation from the shared cache and its entries from here,
    each unpickled afresh as if it came from the cache, so no request sees another's objects."""

    def __init__(self, limit):
        self.limit = limit
        self.entries = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            data = self.entries.get(key)
            if data is None:
                return _MISSING
            self.entries.move_to_end(key)
        return pickle.loads(data)  # noqa: S301 - our own entries, pickled in this process

    def put(self, key, value):
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        with self.lock:
            self.entries[key] = data
            self.entries.move_to_end(key)
            while len(self.entries) > self.limit:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


local = LocalCopies(limit=512)


def generation(request=None):
    """The current generation, read once per request (remembered on it)."""
    if request is None:
        request = current_request.get()
    if request is not None and hasattr(request, "_portal_generation"):
        return request._portal_generation
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            # A counter lost (a flushed or restarted cache) starts again at random, far from
            # any earlier one: the processes' own copies of the generations before must never
            # match it (not the clock: a test may stop it, and two flushes meet one instant).
            cache.add(GENERATION_KEY, secrets.randbits(62), timeout=None)
            value = cache.get(GENERATION_KEY)
    except Exception:
        # The cache is unreachable: every value is built from the database for this request
        # (slower, never wrong) rather than the page failing.
        logger.warning("The shared cache did not answer; reading the site from the database")
        value = None
    if request is not None:
        request._portal_generation = value
    return value


def bump():
    """Start a new generation: everything cached before is out of date."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no counter yet (or it expired): any fresh value differs from the old
            cache.set(GENERATION_KEY, 1_000_000 + (generation() or 0) + 1, timeout=None)
    except Exception:
        # Unreachable: the change is saved all the same; entries cached before it expire
        # (TIMEOUT), and while the cache is down nothing is read from it.
        logger.exception("The shared cache could not be told of a change")


def bump_now_and_on_commit():
    """Bump at once, and again once the change is committed: a request that read the old rows
    between the two (the change not yet visible to it) cached them under a generation that the
    second bump leaves behind."""
    bump()
    transaction.on_commit(bump)


def cached(name, build, request=None, fresh=None):
    """``build()``'s value, kept under ``name`` for the current generation.

    ``name`` must be made of bounded things (a Site id, a language code, a page id), never of
    what a client sent. Within one request the value is read from the cache once. ``fresh``,
    when given, says whether a kept value still holds (one that changes with time, not only
    with publications): one that does not is built again.
    """
    memo = None
    if request is not None:
        memo = request.__dict__.setdefault("_portal_sitecache", {})
    current = generation(request)
    key = f"portal:sitecache:{current}:{name}"
    if memo is not None and key in memo:
        return memo[key]
    if current is None:  # the cache is unreachable
        value = build()
    else:
        value = local.get(key)
        if value is not _MISSING and fresh is not None and not fresh(value):
            value = _MISSING
        if value is _MISSING:
            value = _read(key)
            if value is not _MISSING and fresh is not None and not fresh(value):
                value = _MISSING
            if value is _MISSING:
                value = build()
                _write(key, value)
            local.put(key, value)
    if memo is not None:
        memo[key] = value
    return value


def _read(key):
    try:
        return cache.get(key, _MISSING)
    except Exception:
        logger.warning("The shared cache did not answer; building %s", key)
        return _MISSING


def _write(key, value):
    try:
        cache.set(key, value, TIMEOUT)
    except Exception:
        logger.warning("The shared cache did not answer; %s not kept", key)
