"""The sitemap: an index (/sitemap.xml) of one paginated sitemap per language
(/sitemap-ru-1.xml, /sitemap-en-1.xml …), each page of it listing at most ``URLS_PER_SITEMAP``
pages with their translations as alternates.

Wagtail's own sitemap lists only the tree of the Site's root page (the Russian one), and
``Page.get_full_url`` reverses a URL pattern for each page: at thousands of pages that alone
took most of a second. Here every address is made from the page's ``url_path`` and the site
root of its language (Wagtail's site root paths, cached), so a sitemap page costs the same few
queries and little time whatever the number of pages.
"""

import math
from urllib.parse import quote

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS

from wagtail.models import Page, Site

from portal.pagecache import collector as page_cache
from portal.sitecache.sites import locales
from portal.sitecache.store import cached

URLS_PER_SITEMAP = 2000

# Django's reverse() quotes a path with these characters kept, and so does this module.
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"


def readable_pages():
    """Every page readers can see, in every language (the view restrictions read once)."""
    return Page.objects.live().public().filter(depth__gt=1)


def record_shown(request):
    """A sitemap shows the pages of every language (their translations are its alternates):
    a publish, unpublish, move or delete of any page makes a stored copy stale."""
    page_cache.record(*(page_cache.listing_tag(Page, pk) for pk in locales(request)))


def index_entries(request):
    """``[(language code, page number)]`` of every sitemap page, in the order of LANGUAGES.
    One grouped count, made once per publication (the shared cache starts again at each)."""

    def count():
        return dict(
            readable_pages()
            .order_by()
            .values("locale__language_code")
            .annotate(pages=Count("pk"))
            .values_list("locale__language_code", "pages")
        )

    record_shown(request)
    counts = cached("sitemap-counts", count, request)
    return [
        (code, number)
        for code, _name in settings.LANGUAGES
        for number in range(1, math.ceil(counts.get(code, 0) / URLS_PER_SITEMAP) + 1)
    ]


class Addresses:
    """Full addresses of pages from their ``url_path``, as ``Page.get_full_url`` makes them,
    without a reverse() for each page: the language prefix is reversed once per language."""

    def __init__(self, request):
        self.request = request
        self.roots = Site.get_site_root_paths()  # cached by Wagtail until a site changes
        self.prefixes = {}
        self.request_site = None
        if len({root.site_id for root in self.roots}) > 1:
            self.request_site = Site.find_for_request(request)

    def prefix(self, language_code):
        if language_code not in self.prefixes:
            with translation.override(language_code):
                self.prefixes[language_code] = reverse("wagtail_serve", args=("",))
        return self.prefixes[language_code]

    def full_url(self, url_path):
        """The page's address, or None for a page outside every site."""
        roots = [root for root in self.roots if url_path.startswith(root.root_path)]
        if not roots:
            return None
        root = roots[0]
        if self.request_site is not None:
            root = next((r for r in roots if r.site_id == self.request_site.pk), root)
        path = self.prefix(root.language_code) + quote(url_path[len(root.root_path) :], PATH_SAFE)
        if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and path != "/":
            path = path.rstrip("/")
        return root.root_url + path


def language_entries(request, language_code, number):
    """The ``number``-th sitemap page of a language: ``[{url, lastmod, alternates}]``, or None
    when the language has no such page. Three queries: the view restrictions, the pages, and
    their translations in the other languages."""
    if number < 1:
        return None
    record_shown(request)
    pages = readable_pages()
    start = (number - 1) * URLS_PER_SITEMAP
    chunk = (
        pages.filter(locale__language_code=language_code)
        .order_by("path")
        .only("url_path", "translation_key", "last_published_at")[start : start + URLS_PER_SITEMAP]
    )
    listed = list(chunk)
    if not listed:
        return None
    translations = (
        pages.filter(translation_key__in=chunk.values("translation_key"))
        .exclude(locale__language_code=language_code)
        .order_by()
        .values_list("translation_key", "locale__language_code", "url_path")
    )
    addresses = Addresses(request)
    others = {}
    for key, code, url_path in translations:
        url = addresses.full_url(url_path)
        if url is not None:
            others.setdefault(key, {})[code] = url
    entries = []
    for page in listed:
        url = addresses.full_url(page.url_path)
        if url is None:
            continue
        alternates = []
        if page.translation_key in others:
            versions = {language_code: url, **others[page.translation_key]}
            order = [code for code, _name in settings.LANGUAGES if code in versions]
            order += [code for code in versions if code not in order]
            default = versions.get(settings.LANGUAGE_CODE) or versions[order[0]]
            alternates = [*((code, versions[code]) for code in order), ("x-default", default)]
        entries.append({"url": url, "lastmod": page.last_published_at, "alternates": alternates})
    return entries
