"""Which translations lag behind their source.

wagtail-localize translates a frozen copy of the source page (its ``TranslationSource``),
taken when the page was submitted for translation and again each time someone syncs the
translated pages. A source published after that copy was last taken has changes the
translation has never seen.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Exists, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Substr
from django.utils.translation import pgettext_lazy

from wagtail.models import Page, WorkflowState
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


MISSING, DRAFT, IN_REVIEW, OUT_OF_DATE, CURRENT = (
    "missing",
    "draft",
    "in_review",
    "out_of_date",
    "current",
)
STATES = [
    (MISSING, pgettext_lazy("translation status", "Missing")),
    (DRAFT, pgettext_lazy("translation status", "Draft")),
    (IN_REVIEW, pgettext_lazy("translation status", "In review")),
    (OUT_OF_DATE, pgettext_lazy("translation status", "Out of date")),
    (CURRENT, pgettext_lazy("translation status", "Current")),
]


def translation_states(home, target_locale):
    """The live pages under ``home`` (in its language), each annotated with the state of its
    translation into ``target_locale``: ``state`` (one of ``STATES``), ``target_id`` (the
    translated page, or None), ``section_id`` and ``section_title`` (its ancestor just under
    ``home``). One query, whatever their number.

    Out of date is the comparison ``stale_translations()`` makes, from the source's side: the
    source published after the translation last took its content.
    """
    # An alias in the target language shows the source's own text: no translation yet (and
    # wagtail-localize's "Translate" turns it into one).
    target = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale=target_locale, alias_of__isnull=True
    )
    in_review = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("target_id"), output_field=CharField()),
    )
    synced_at = Translation.objects.filter(
        enabled=True,
        target_locale=target_locale,
        source__locale=OuterRef("locale"),
        source__object_id=OuterRef("translation_key"),
    ).values("source__last_updated_at")[:1]
    section_length = (home.depth + 1) * Page.steplen
    section = Page.objects.filter(path=Substr(OuterRef("path"), 1, section_length))
    return (
        Page.objects.live()
        .descendant_of(home)
        .filter(locale_id=home.locale_id)
        .annotate(
            target_id=Subquery(target.values("pk")[:1]),
            target_live=Subquery(target.values("live")[:1]),
            synced_at=Subquery(synced_at),
            section_id=Subquery(section.values("pk")[:1]),
            section_title=Subquery(section.values("title")[:1]),
        )
        .annotate(
            state=Case(
                When(target_id__isnull=True, then=Value(MISSING)),
                When(Exists(in_review), then=Value(IN_REVIEW)),
                When(target_live=False, then=Value(DRAFT)),
                When(last_published_at__gt=F("synced_at"), then=Value(OUT_OF_DATE)),
                default=Value(CURRENT),
                output_field=CharField(),
            )
        )
        .select_related("content_type")
        .order_by("path")
    )
