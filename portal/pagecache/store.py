"""Stored answers and the generations of their tags, in Django's default cache.

A tag's generation is a token written when something it names changes. An answer is stored
with the tokens of its tags as they were when it was rendered, and is served only while every
one of them (and the site-wide one) is the same: a change moves a token, and every answer that
showed the changed thing is stale at once, in every process that shares the cache. A token the
cache lost (evicted) counts as changed, never as unchanged.
"""

import functools
import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache

GLOBAL_TAG = "site"
_GENERATION = "pagecache:g:"
_ANSWER = "pagecache:a:"


def _token():
    # Time first, so that a render can tell whether a token moved after it began.
    return f"{time.time_ns()}-{secrets.token_hex(4)}"


def _born(token):
    try:
        return int(token.split("-", 1)[0])
    except (AttributeError, ValueError):
        return 0


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


def put(answer_key, entry, seconds):
    cache.set(answer_key, entry, seconds)


def get(answer_key):
    """The stored entry, or None when missing or stale."""
    entry = cache.get(answer_key)
    if entry is None:
        return None
    tags = entry["tags"]
    current = cache.get_many([_GENERATION + tag for tag in tags])
    for tag, token in tags.items():
        if current.get(_GENERATION + tag) != token:
            return None
    return entry
