"""Serve anonymous readers' pages from the cache, and fill it (see the package's docstring).

It sits right after the security headers and whitenoise: a hit skips sessions, the locale,
CSRF, the user and everything after; the headers of the middleware before it (the CSP,
Permissions-Policy, HSTS …) are added on the way out to a hit as to any answer, so they are
never stored.
"""

import logging
import time

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from . import collector, store

logger = logging.getLogger("portal.pagecache")

# Headers an answer keeps in the cache. Cookies never (an answer that sets one is not stored);
# the Date and the security headers are the server's and the outer middleware's.
STORED_HEADERS = {
    "content-type",
    "content-disposition",
    "content-language",
    "link",
    "vary",
    "x-frame-options",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
}
# What is stored: pages, and the calendars and feeds that calendar apps and feed readers poll.
STORED_TYPES = (
    "text/html",
    "text/calendar",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",  # the sitemaps
)
BODY_HEADERS = {"content-type", "content-language"}  # not on a 304, which has no body
# Under the language prefix, yet never cached: search results change with every query, and
# its suggestions are per keystroke.
UNCACHED_SEGMENTS = ("search",)
# Outside the language prefixes, only the sitemaps are readers' pages (crawlers'): the index
# and one sitemap per language and page (/sitemap-ru-1.xml).
SITEMAP_PREFIX, SITEMAP_SUFFIX = "/sitemap", ".xml"


def language_prefixes():
    return tuple(f"/{code}/" for code, _name in settings.LANGUAGES)


def prefix_language(path):
    return path.split("/", 2)[1]


def is_sitemap(path):
    return (
        path.startswith(SITEMAP_PREFIX)
        and path.endswith(SITEMAP_SUFFIX)
        and path.count("/") == 1
        and path[len(SITEMAP_PREFIX)] in ".-"
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not getattr(settings, "PORTAL_PAGE_CACHE", False):
            return self.get_response(request)
        if not self.is_public_request(request):
            response = self.get_response(request)
            return self.mark_private(request, response)
        query = list(request.GET.lists())
        if any(len(values) != 1 for _name, values in query):
            return self.get_response(request)
        query = [(name, values[0]) for name, values in query]
        answer_key = store.key(request.scheme, request.get_host(), request.path, query)
        try:
            entry = store.get(answer_key)
        except Exception:
            logger.warning("The page cache did not answer; rendering %s", request.path)
            entry = None
        if entry is not None:
            return self.answer(request, entry, hit=True)
        began = time.time_ns()
        found, token = collector.start()
        if not is_sitemap(request.path_info):
            collector.record(collector.locale_tag(prefix_language(request.path_info)))
        try:
            response = self.get_response(request)
        finally:
            collector.stop(token)
        if request.method == "GET" and self.is_storable(request, response, found, query):
            try:
                entry = self.entry(response, found, began)
                if entry is not None:
                    store.put(answer_key, entry, entry["seconds"])
            except Exception:
                logger.warning("The page cache did not answer; %s not stored", request.path)
                entry = None
            if entry is not None:
                return self.answer(request, entry, hit=False)
        return response

    # Which requests and answers

    def is_public_request(self, request):
        """An anonymous reader's GET or HEAD of a page under a language prefix, or of a sitemap."""
        if request.method not in ("GET", "HEAD"):
            return False
        if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
            return False  # a preview, rendered by the admin on a made-up request
        path = request.path_info
        prefix = next((p for p in language_prefixes() if path.startswith(p)), None)
        if prefix is None and not is_sitemap(path):
            return False
        if prefix is not None and path[len(prefix) :].split("/", 1)[0] in UNCACHED_SEGMENTS:
            return False
        # A session (signed in, or an anonymous one: a password-protected page let in) or
        # a CSRF cookie a form of this request may need: the page may be someone's own.
        return settings.SESSION_COOKIE_NAME not in request.COOKIES

    def is_storable(self, request, response, found, query):
        if found.uncacheable or response.status_code != 200 or response.streaming:
            return False
        if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            return False  # a cookie set, or a CSRF token printed in a form
        if not response.get("Content-Type", "").startswith(STORED_TYPES):
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",")}
        if "cookie" in vary:
            return False  # it read the session
        control = response.get("Cache-Control", "").lower()
        if any(word in control for word in ("private", "no-cache", "no-store")):
            return False
        return self.uses_only(found, query)

    def uses_only(self, found, query):
        """Whether every query parameter is one a listing of the page read, with the value it
        would write itself (so junk values never fill the cache with copies of a page)."""
        if not query:
            return True
        canonical = {}
        for form in found.filters:
            canonical.update(form.canonical_query())
        for name, value in query:
            if name == "page":
                if not found.page_numbers or value not in {str(n) for n in found.page_numbers}:
                    return False
            elif canonical.get(name) != value:
                return False
        return True

    # Answers

    def entry(self, response, found, began):
        seconds = settings.PORTAL_PAGE_CACHE_SECONDS
        if found.expires is not None:
            left = int(found.expires.timestamp() - time.time())
            seconds = min(seconds, left)
        if seconds <= 0:
            return None
        tokens = store.generations(found.tags, began)
        if tokens is None:
            return None
        content = response.content
        return {
            "tags": tokens,
            "seconds": seconds,
            "stored": time.time(),
            "content": content,
            "etag": store.etag_of(content),
            "headers": [
                (name, value) for name, value in response.items() if name.lower() in STORED_HEADERS
            ],
        }

    def answer(self, request, entry, *, hit):
        left = entry["seconds"] - int(time.time() - entry["stored"])
        etags = parse_etags(request.headers.get("If-None-Match", ""))
        if entry["etag"] in etags or "*" in etags:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(entry["content"])
            response["Content-Length"] = str(len(entry["content"]))
        for name, value in entry["headers"]:
            if response.status_code == 200 or name.lower() not in BODY_HEADERS:
                response[name] = value
        response["ETag"] = entry["etag"]
        patch_cache_control(response, public=True, max_age=0, s_maxage=max(left, 0))
        response["X-Page-Cache"] = "hit" if hit else "miss"
        return response

    def mark_private(self, request, response):
        """A signed-in reader's page (or a preview) is theirs alone: no shared cache keeps it."""
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and "Cache-Control" not in response
            and response.get("Content-Type", "").startswith("text/html")
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
        return response
