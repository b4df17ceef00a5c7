"""Which translations lag behind their source.

wagtail-localize translates a frozen copy of the source page (its ``TranslationSource``),
taken when the page was submitted for translation and again each time someone syncs the
translated pages. A source published after that copy was last taken has changes the
translation has never seen.
"""

from django.db.models import F, OuterRef, Subquery

from wagtail.models import Page
from wagtail_localize.models import Translation


def stale_translations(pages=None):
    """The translated pages (of ``pages``, else of all) whose source page was published after
    the translation last took the source's content: the most out of date first.

    Each page is annotated with ``source_page_id`` (the live source page),
    ``translation_source_id`` (the wagtail-localize source to sync), ``synced_at`` (when its
    content was last taken) and ``source_published_at``. One query, whatever their number.
    """
    pages = Page.objects.all() if pages is None else pages
    translation = Translation.objects.filter(
        enabled=True,
        target_locale=OuterRef("locale"),
        source__object_id=OuterRef("translation_key"),
    ).exclude(source__locale=OuterRef("locale"))
    pages = pages.annotate(
        translation_source_id=Subquery(translation.values("source_id")[:1]),
        synced_at=Subquery(translation.values("source__last_updated_at")[:1]),
        source_locale_id=Subquery(translation.values("source__locale_id")[:1]),
    )
    source = Page.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale_id=OuterRef("source_locale_id"),
        live=True,
    )
    return (
        pages.annotate(
            source_page_id=Subquery(source.values("pk")[:1]),
            source_published_at=Subquery(source.values("last_published_at")[:1]),
        )
        .filter(source_published_at__gt=F("synced_at"))
        .order_by("synced_at", "pk")
    )
