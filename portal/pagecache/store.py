"""Stored answers and the generations of their tags, in Django's default cache.

A tag's generation is a token written when something it names changes. An answer is stored
with the tokens of its tags as they were when it was rendered, and is served only while every
one of them (and the site-wide one) is the same: a change moves a token, and every answer that
showed the changed thing is stale at once, in every process that shares the cache. A token the
cache lost (evicted) counts as changed, never as unchanged.
"""

import collections
import functools
import hashlib
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache

GLOBAL_TAG = "site"
_GENERATION = "pagecache:g:"
_ANSWER = "pagecache:a:"


# A token is an integer (Redis keeps it as digits, read back without unpickling): the time it
# was made in nanoseconds, then random digits, so that a render can tell whether a token moved
# after it began and two processes making one at once still differ.
_RANDOM_DIGITS = 10**9


def _token():
    return time.time_ns() * _RANDOM_DIGITS + secrets.randbelow(_RANDOM_DIGITS)


def _born(token):
    return token // _RANDOM_DIGITS if isinstance(token, int) else 0


def bump(tags):
    """Everything that showed one of ``tags`` is stale from now on."""
    tags = set(tags)
    if tags:
        cache.set_many({_GENERATION + tag: _token() for tag in tags}, timeout=None)


def generations(tags, since_ns):
    """``{tag: token}``: the tokens of ``tags`` and the site-wide one (made where missing), or
    None when one moved after ``since_ns``: a change landed while the page was being rendered,
    so what it shows may be the old state."""
    keys = {_GENERATION + tag: tag for tag in {*tags, GLOBAL_TAG}}
    found = cache.get_many(keys)
    if any(_born(token) > since_ns for token in found.values()):
        return None
    for key in keys.keys() - found.keys():
        token = _token()
        # ``add``: another process may have just written it (a change): theirs wins, and
        # this answer, older than that change, is not stored.
        if not cache.add(key, token, timeout=None):
            return None
        found[key] = token
    return {keys[key]: token for key, token in found.items()}


# What the pages are made with: a new release (templates, code, translations, collected static
# files' names) renders them differently, so it starts from an empty page cache of its own.
RELEASE_SOURCES = ("templates", "portal", "home", "news", "resources")
RELEASE_SUFFIXES = (".py", ".html", ".txt", ".xml", ".mo", ".json")


@functools.cache
def release():
    digest = hashlib.sha256()
    for folder in RELEASE_SOURCES:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if (
                path.suffix in RELEASE_SUFFIXES
                and "migrations" not in path.parts
                and path.is_file()
            ):
                digest.update(path.relative_to(settings.BASE_DIR).as_posix().encode())
                digest.update(path.read_bytes())
    for path in sorted((settings.BASE_DIR / "locale").rglob("*.mo")):
        digest.update(path.read_bytes())
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    if manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


def key(scheme, host, path, query):
    """The cache key of an address: scheme, host, path (the language is its first segment)
    and the query string's parameters in order, for this release."""
    raw = "\n".join(
        [release(), scheme, host.lower(), path, "&".join(f"{k}={v}" for k, v in sorted(query))]
    )
    return _ANSWER + hashlib.sha256(raw.encode()).hexdigest()


def etag_of(content):
    return '"' + hashlib.md5(content, usedforsecurity=False).hexdigest() + '"'


class LocalCopies:
    """The answers this process served last, at most ``limit`` bytes of them, so that a hit
    reads only the tokens of its tags from the shared cache, not the answer again. A copy is
    served under the same rule as the shared answer (every token unchanged, not expired), so
    a change made through any process makes it stale here too; a flushed cache, whose tokens
    are gone, as well."""

    def __init__(self, limit):
        self.limit, self.size = limit, 0
        self.entries = collections.OrderedDict()
        self.lock = threading.Lock()

    def get(self, answer_key):
        with self.lock:
            entry = self.entries.get(answer_key)
            if entry is not None:
                self.entries.move_to_end(answer_key)
            return entry

    def put(self, answer_key, entry):
        size = len(entry["content"])
        if size > self.limit // 8:
            return  # a big calendar file would push out dozens of pages
        with self.lock:
            self._drop(answer_key)
            self.entries[answer_key] = entry
            self.size += size
            while self.size > self.limit:
                self._drop(next(iter(self.entries)))

    def drop(self, answer_key):
        with self.lock:
            self._drop(answer_key)

    def _drop(self, answer_key):
        entry = self.entries.pop(answer_key, None)
        if entry is not None:
            self.size -= len(entry["content"])


local = LocalCopies(limit=16 * 1024 * 1024)


def put(answer_key, entry, seconds):
    cache.set(answer_key, entry, seconds)
    local.put(answer_key, entry)


def _current_tokens(keys):
    """``{key: token}`` for ``keys`` (our own, valid keys). On Redis one MGET of the keys as
    the backend names them: Django's ``get_many`` checks each key for memcached's rules first,
    which cost a cache hit of a page showing thirty things more than the round trip."""
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        return cache.get_many(keys)
    names = [backend.make_key(key) for key in keys]
    found = backend._cache.get_many(names)
    return {key: found[name] for key, name in zip(keys, names, strict=True) if name in found}


def is_current(entry):
    """Whether nothing ``entry`` showed has changed since and it has not expired."""
    if time.time() >= entry["stored"] + entry["seconds"]:
        return False
    tags = entry["tags"]
    current = _current_tokens([_GENERATION + tag for tag in tags])
    return all(current.get(_GENERATION + tag) == token for tag, token in tags.items())


def get(answer_key):
    """The stored entry, or None when missing or stale: this process's copy when it still
    holds, else the shared one."""
    entry = local.get(answer_key)
    if entry is not None:
        if is_current(entry):
            return entry
        local.drop(answer_key)
    entry = cache.get(answer_key)
    if entry is None or not is_current(entry):
        return None
    local.put(answer_key, entry)
    return entry
