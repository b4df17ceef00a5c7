"""A CDN in front of the site forgets the pages a change made stale (when one is configured).

``wagtail.contrib.frontend_cache`` does the purging (Cloudflare, CloudFront or HTTP PURGE,
chosen by FRONTEND_CACHE_BACKEND in the settings) in a background task. Wagtail's own handlers
purge a published page's address; this adds its translations' and its parent's (a listing)
in each language, each at its own address: the slugs differ per language, so Wagtail's
rewriting of one address into every language is off (WAGTAILFRONTENDCACHE_LANGUAGES = []).
"""

from django.conf import settings


def configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def pages(page_ids):
    if not configured() or not page_ids:
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch
    from wagtail.models import Page

    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().filter(pk__in=set(page_ids)).specific(defer=True))
    batch.purge()
