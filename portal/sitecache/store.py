"""The generation counter and the cached entries that hang from it."""

from django.core.cache import cache
from django.db import transaction

GENERATION_KEY = "portal:sitecache:generation"
# An entry of an old generation is never read again; it only waits to expire.
TIMEOUT = 60 * 60 * 24

_MISSING = object()


def generation(request=None):
    """The current generation, read once per request (remembered on it)."""
    if request is not None and hasattr(request, "_portal_generation"):
        return request._portal_generation
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY) or 1
    if request is not None:
        request._portal_generation = value
    return value


def bump():
    """Start a new generation: everything cached before is out of date."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # no counter yet (or it expired): any fresh value differs from the old
        cache.set(GENERATION_KEY, 1_000_000 + generation() + 1, timeout=None)


def bump_now_and_on_commit():
    """Bump at once, and again once the change is committed: a request that read the old rows
    between the two (the change not yet visible to it) cached them under a generation that the
    second bump leaves behind."""
    bump()
    transaction.on_commit(bump)


def cached(name, build, request=None):
    """``build()``'s value, kept under ``name`` for the current generation.

    ``name`` must be made of bounded things (a Site id, a language code, a page id), never of
    what a client sent. Within one request the value is read from the cache once.
    """
    memo = None
    if request is not None:
        memo = request.__dict__.setdefault("_portal_sitecache", {})
    key = f"portal:sitecache:{generation(request)}:{name}"
    if memo is not None and key in memo:
        return memo[key]
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, TIMEOUT)
    if memo is not None:
        memo[key] = value
    return value
