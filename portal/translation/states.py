"""Which translations lag behind their source, and the state of each page's and snippet's
translation (missing, draft, in review, out of date, stopped, current) for «Статус переводов».

wagtail-localize translates a frozen copy of the source page (its ``TranslationSource``),
taken when the page was submitted for translation and again each time someone syncs the
translated pages. A source published after that copy was last taken has changes the
translation has never seen.
"""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Case, CharField, Exists, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Cast, Substr
from django.utils.translation import pgettext_lazy

from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import DraftStateMixin, Page, WorkflowMixin, WorkflowState
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationLog,
)


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


def with_out_of_date_since(pages):
    """``pages`` annotated with ``translation_out_of_date_since``: when the source of a
    translated page was published after the translation last took its content (what
    ``stale_translations()`` finds), else None. One subquery, so a listing of any length costs
    no extra query."""
    stale = stale_translations(Page.objects.filter(pk=OuterRef("pk")))
    return pages.annotate(
        translation_out_of_date_since=Subquery(stale.values("source_published_at")[:1])
    )


MISSING, DRAFT, IN_REVIEW, OUT_OF_DATE, STOPPED, CURRENT = (
    "missing",
    "draft",
    "in_review",
    "out_of_date",
    "stopped",
    "current",
)
STATES = [
    (MISSING, pgettext_lazy("translation status", "Missing")),
    (DRAFT, pgettext_lazy("translation status", "Draft")),
    (IN_REVIEW, pgettext_lazy("translation status", "In review")),
    (OUT_OF_DATE, pgettext_lazy("translation status", "Out of date")),
    (STOPPED, pgettext_lazy("translation status", "Stopped")),
    (CURRENT, pgettext_lazy("translation status", "Current")),
]


def _translations(target_locale):
    """wagtail-localize's translations into ``target_locale`` of the outer object."""
    return Translation.objects.filter(
        target_locale=target_locale,
        source__locale=OuterRef("locale"),
        source__object_id=OuterRef("translation_key"),
    )


def _untranslated(target_locale):
    """Whether the outer object's source has a string with no usable translation into
    ``target_locale`` (none yet, or one wagtail-localize rejected): its translation still shows
    the original's words there."""
    translated = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale=target_locale,
        has_error=False,
    )
    return Exists(
        StringSegment.objects.filter(
            source__locale=OuterRef("locale"), source__object_id=OuterRef("translation_key")
        ).exclude(Exists(translated))
    )


def machine_made(target_locale):
    """Whether the outer object's source has a string a machine translated into
    ``target_locale`` and no person has checked since (portal.translation.machine)."""
    made = StringTranslation.objects.filter(
        translation_of_id=OuterRef("string_id"),
        context_id=OuterRef("context_id"),
        locale=target_locale,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )
    return Exists(
        StringSegment.objects.filter(
            source__locale=OuterRef("locale"), source__object_id=OuterRef("translation_key")
        ).filter(Exists(made))
    )


def translation_states(home, target_locale):
    """The live pages under ``home`` (in its language), each annotated with the state of its
    translation into ``target_locale``: ``state`` (one of ``STATES``), ``target_id`` (the
    translated page, or None), ``section_id`` and ``section_title`` (its ancestor just under
    ``home``), ``machine`` (it holds machine-made strings nobody has checked). One query,
    whatever their number.

    - Missing: no translated page (an alias in the target language shows the source's own text,
      and wagtail-localize's "Translate" turns it into one).
    - Stopped: a translated page that wagtail-localize no longer keeps in step with the source
      ("Stop synced translation"), or never did: it is edited as a page of its own.
    - In review: the translated page is in a moderation workflow.
    - Draft: the translated page was never published (or was unpublished).
    - Out of date: the live translation lags behind the source. Either the source was
      published after the translation last took its content (what ``stale_translations()``
      finds: a sync is due), or a sync took content that was not published in the target
      language since, or the source has strings nobody translated yet (the live page shows
      them in the original language).
    - Current: none of these.
    """
    target = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale=target_locale, alias_of__isnull=True
    )
    in_review = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_IN_PROGRESS,
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("target_id"), output_field=CharField()),
    )
    enabled = _translations(target_locale).filter(enabled=True)
    section_length = (home.depth + 1) * Page.steplen
    section = Page.objects.filter(path=Substr(OuterRef("path"), 1, section_length))
    return (
        Page.objects.live()
        .descendant_of(home)
        .filter(locale_id=home.locale_id)
        .annotate(
            target_id=Subquery(target.values("pk")[:1]),
            target_live=Subquery(target.values("live")[:1]),
            target_published_at=Subquery(target.values("last_published_at")[:1]),
            synced=Exists(enabled),
            synced_at=Subquery(enabled.values("source__last_updated_at")[:1]),
            section_id=Subquery(section.values("pk")[:1]),
            section_title=Subquery(section.values("title")[:1]),
            machine=machine_made(target_locale),
        )
        .annotate(
            state=Case(
                When(target_id__isnull=True, then=Value(MISSING)),
                When(synced=False, then=Value(STOPPED)),
                When(Exists(in_review), then=Value(IN_REVIEW)),
                When(target_live=False, then=Value(DRAFT)),
                When(last_published_at__gt=F("synced_at"), then=Value(OUT_OF_DATE)),
                When(target_published_at__lt=F("synced_at"), then=Value(OUT_OF_DATE)),
                When(_untranslated(target_locale), then=Value(OUT_OF_DATE)),
                default=Value(CURRENT),
                output_field=CharField(),
            )
        )
        .select_related("content_type")
        .order_by("path")
    )


def snippet_translation_states(model, source_locale, target_locale, pks=None):
    """The ``model`` snippets of ``source_locale`` (the live ones, if it has drafts) as a list,
    each with the state of its translation into ``target_locale`` in ``state``, ``target_id``
    and ``machine`` (as the pages'). One query, whatever their number.

    The states are the pages' (see ``translation_states()``), as far as the model has them: a
    snippet with drafts (``DraftStateMixin``) compares publication dates as a page does; one
    without has no draft (wagtail-localize saves its translation as it is) and no publication
    date, so it is out of date when its content differs from what the translation last took,
    when its translation was not saved since the last sync, or when strings are untranslated.
    """
    drafts = issubclass(model, DraftStateMixin)
    target = model.objects.filter(translation_key=OuterRef("translation_key"), locale=target_locale)
    enabled = _translations(target_locale).filter(enabled=True)
    snippets = model.objects.filter(locale=source_locale).select_related("locale")
    if pks is not None:
        snippets = snippets.filter(pk__in=pks)
    annotations = {
        "target_id": Subquery(target.values("pk")[:1]),
        "synced": Exists(enabled),
        "synced_at": Subquery(enabled.values("source__last_updated_at")[:1]),
        "untranslated": _untranslated(target_locale),
        "machine": machine_made(target_locale),
    }
    whens = [
        When(target_id__isnull=True, then=Value(MISSING)),
        When(synced=False, then=Value(STOPPED)),
    ]
    if issubclass(model, WorkflowMixin):
        in_review = WorkflowState.objects.filter(
            status=WorkflowState.STATUS_IN_PROGRESS,
            base_content_type=ContentType.objects.get_for_model(model),
            object_id=Cast(OuterRef("target_id"), output_field=CharField()),
        )
        whens.append(When(Exists(in_review), then=Value(IN_REVIEW)))
    if drafts:
        snippets = snippets.filter(live=True)
        annotations["target_live"] = Subquery(target.values("live")[:1])
        annotations["target_published_at"] = Subquery(target.values("last_published_at")[:1])
        whens += [
            When(target_live=False, then=Value(DRAFT)),
            When(last_published_at__gt=F("synced_at"), then=Value(OUT_OF_DATE)),
            When(target_published_at__lt=F("synced_at"), then=Value(OUT_OF_DATE)),
        ]
    else:
        written = TranslationLog.objects.filter(
            locale=target_locale,
            source__locale=OuterRef("locale"),
            source__object_id=OuterRef("translation_key"),
        ).order_by("-created_at")
        annotations["written_at"] = Subquery(written.values("created_at")[:1])
        annotations["synced_content"] = Subquery(enabled.values("source__content_json")[:1])
        whens.append(When(written_at__lt=F("synced_at"), then=Value(OUT_OF_DATE)))
    whens.append(When(untranslated=True, then=Value(OUT_OF_DATE)))
    snippets = snippets.annotate(**annotations).annotate(
        state=Case(*whens, default=Value(CURRENT), output_field=CharField())
    )
    found = list(snippets)
    if not drafts:
        for snippet in found:
            if snippet.state == CURRENT and content_changed(snippet, snippet.synced_content):
                snippet.state = OUT_OF_DATE
    return found


def content_changed(instance, synced_content):
    """Whether ``instance`` differs from the content its translation last took (a
    ``TranslationSource``'s ``content_json``): the comparison wagtail-localize makes before
    it refreshes a source."""
    if isinstance(instance, ClusterableModel):
        current = instance.to_json()
    else:
        current = json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder)
    return json.loads(current) != json.loads(synced_content)
