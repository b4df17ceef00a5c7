"""The site-wide texts as the public pages print them: in the reader's language, from the cache.

``footer_texts(language)`` is the footer of one language, rendered: the published texts of
that language, else those of the default language (an English site whose texts are not
translated yet shows the Russian ones rather than nothing). It is cached per language, so a
warm page costs no query for it. Saving or deleting site texts clears every language (the
English footer may be the Russian one), and so do a page's publication, unpublication and
move, which change the addresses of the pages the texts link to.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.rich_text import expand_db_html

from portal.models import SiteTexts

CACHE_PREFIX = "portal:site-texts:"
# A bound on staleness where processes do not share a cache (no REDIS_URL): each process's
# own cache is cleared only by the saves made in it.
CACHE_SECONDS = 300
MISSING = {"about": "", "contacts": "", "reuse_note": ""}


def _key(language):
    return f"{CACHE_PREFIX}{language}"


def _languages():
    return [code for code, _name in settings.LANGUAGES]


def _render(texts):
    # Rich text as Wagtail stores it: written by its editor from the allowed features (links),
    # or by wagtail-localize, which keeps the source's tags; the plain line is escaped.
    return {
        "about": mark_safe(expand_db_html(texts.about)),  # noqa: S308
        "contacts": mark_safe(expand_db_html(texts.contacts)),  # noqa: S308
        "reuse_note": escape(texts.reuse_note),
    }


def _load(language):
    found = {
        texts.locale.language_code: texts
        for texts in SiteTexts.objects.filter(live=True)
        .select_related("locale")
        .filter(locale__language_code__in={language, settings.LANGUAGE_CODE})
    }
    texts = found.get(language) or found.get(settings.LANGUAGE_CODE)
    return _render(texts) if texts is not None else MISSING


def footer_texts(language):
    """The rendered footer texts of ``language`` (safe HTML strings), cached."""
    if language not in _languages():
        language = settings.LANGUAGE_CODE
    rendered = cache.get(_key(language))
    if rendered is None:
        rendered = _load(language)
        cache.set(_key(language), rendered, CACHE_SECONDS)
    return rendered


def clear_cache(**kwargs):
    """Forget the footer of every language, now and again when the transaction commits (a
    request reading the old texts before the commit would cache them again)."""
    keys = [_key(language) for language in _languages()]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def connect_signals():
    from django.db.models.signals import post_delete, post_save

    from wagtail.signals import page_published, page_unpublished, post_page_move

    post_save.connect(clear_cache, sender=SiteTexts, dispatch_uid="site_texts_saved")
    post_delete.connect(clear_cache, sender=SiteTexts, dispatch_uid="site_texts_deleted")
    page_published.connect(clear_cache, dispatch_uid="site_texts_page_published")
    page_unpublished.connect(clear_cache, dispatch_uid="site_texts_page_unpublished")
    post_page_move.connect(clear_cache, dispatch_uid="site_texts_page_moved")
