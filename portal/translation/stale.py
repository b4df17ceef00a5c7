"""Translations out of date: flagged in the page listing and the translation editor, synced
without losing the English text of what changed, and (optionally) synced on publish.

- **Flagged.** An English page whose Russian source was published after the translation last
  took its content (``states.stale_translations()``) carries «Перевод устарел» in the admin's
  page listing (one subquery added to the explorer's queryset, whatever the number of rows),
  and its translation editor says since when the Russian page changed, with «Синхронизировать»
  for who may sync (``wagtail_localize.submit_translation``).
- **Synced.** ``SyncTranslationsView`` answers at wagtail-localize's own "Sync translated pages"
  URL (so the page menu's action, the dashboard and the editor's notice all reach it): the same
  form, the same sync (``TranslationSource.update_from_db``), without "Publish immediately" — a
  synced translation reaches the site only through the draft and review of
  ``portal.translation.review`` — and it comes back to the translation editor.
- **The previous English text is kept as a suggestion.** wagtail-localize keys a string's
  translation by the Russian text and its place on the page (``TranslationContext``): when the
  Russian text of a place changes, the translation of the old text stays in the database, but
  the editor shows the place empty. The editor's notice lists each such place with the Russian
  text now and the English text it had before; «Принять» writes that English text into the
  string (as if the translator had typed it, so the editor shows it filled and editable like
  any other), «Принять все» does so for the whole list. Nothing is filled in without the
  translator: the old English text says what the old Russian said, and an unchecked string
  counts as untranslated, so the translation cannot be submitted or published until each
  changed string was accepted, edited or written anew.

  The suggestions are found, not stored: for each untranslated string, the translations into
  English at the same place of strings the source no longer has there, the latest first (where
  a place holds several strings, a rich text's paragraphs, each is paired with the old string
  most like it). So they are offered after any sync — this view's, the status report's bulk
  "Sync selected", or the automatic one below — and disappear once the string is translated.
- **Synced on publish** (``PORTAL_TRANSLATION_AUTO_SYNC``, off by default): publishing a
  Russian page queues a background task that syncs its translations and saves each English page
  as a draft revision (``review.save_draft``), never live; the translator finds the draft, the
  notice and the suggestions in the editor.
"""

import contextlib
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import DraftStateMixin, Page
from wagtail.signals import page_published
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource
from wagtail_localize.strings import StringValue, validate_translation_links
from wagtail_localize.views.edit_translation import (
    apply_machine_translation,
    user_can_edit_instance,
)
from wagtail_localize.views.update_translations import (
    UpdateTranslationsForm,
    UpdateTranslationsView,
)

from django_tasks import task

from portal.translation.review import save_draft
from portal.translation.states import content_changed

# Places with several changed strings: an old string is offered for a new one only when their
# Russian texts are at least this alike (0 … 1, difflib's ratio).
MIN_LIKENESS = 0.4


# Out of date


@dataclass(frozen=True)
class OutOfDate:
    """The translation lags behind its source: changed at ``since`` (None for a snippet without
    publication dates), last taken at ``synced_at``."""

    since: object
    synced_at: object


def out_of_date(translation):
    """An ``OutOfDate`` when the source changed after the translation last took its content,
    else None."""
    source = translation.source
    try:
        original = source.get_source_instance()
    except ObjectDoesNotExist:
        return None
    if isinstance(original, DraftStateMixin):
        published = original.last_published_at if original.live else None
        if published and published > source.last_updated_at:
            return OutOfDate(published, source.last_updated_at)
        return None
    if content_changed(original, source.content_json):
        return OutOfDate(None, source.last_updated_at)
    return None


# Previous English texts


@dataclass(frozen=True)
class PreviousText:
    """An untranslated string (``segment``) and the translation its place had before."""

    segment: StringSegment
    previous: StringTranslation

    @property
    def source_text(self):
        return strip_tags(self.segment.string.data)

    @property
    def previous_source_text(self):
        return strip_tags(self.previous.translation_of.data)

    @property
    def previous_text(self):
        return strip_tags(self.previous.data)

    @property
    def error(self):
        """Why the previous text cannot be taken as it is (a link the new text has not), or
        an empty string."""
        try:
            StringValue.from_translated_html(self.previous.data)
            validate_translation_links(self.segment.string.data, self.previous.data)
        except ValueError as error:
            return str(error.args[0]) if error.args else str(error)
        return ""


def _likeness(a, b):
    return SequenceMatcher(None, a, b).ratio()


def previous_texts(translation):
    """Each string of the translation with no English yet whose place on the page had an
    English text before the Russian changed, in the page's order (three queries)."""
    locale_id = translation.target_locale_id
    segments = list(
        StringSegment.objects.filter(source_id=translation.source_id)
        .select_related("string")
        .order_by("order")
    )
    current = {(segment.string_id, segment.context_id) for segment in segments}
    translated = set(
        StringTranslation.objects.filter(
            locale_id=locale_id,
            context_id__in={segment.context_id for segment in segments},
            translation_of_id__in={segment.string_id for segment in segments},
            has_error=False,
        ).values_list("translation_of_id", "context_id")
    )
    untranslated = [
        segment for segment in segments if (segment.string_id, segment.context_id) not in translated
    ]
    if not untranslated:
        return []
    candidates = {}
    for old in (
        StringTranslation.objects.filter(
            locale_id=locale_id,
            context_id__in={segment.context_id for segment in untranslated},
            has_error=False,
        )
        .exclude(data="")
        .select_related("translation_of")
        .order_by("-updated_at", "-pk")
    ):
        if (old.translation_of_id, old.context_id) not in current:
            candidates.setdefault(old.context_id, []).append(old)
    by_context = {}
    for segment in untranslated:
        by_context.setdefault(segment.context_id, []).append(segment)
    found = {}
    for context_id, waiting in by_context.items():
        olds = candidates.get(context_id, [])
        if not olds:
            continue
        if len(waiting) == 1:  # a field of its own: what it said last
            found[waiting[0].pk] = olds[0]
            continue
        unused = list(olds)
        for segment in waiting:
            if not unused:
                break
            best = max(
                unused, key=lambda old: _likeness(old.translation_of.data, segment.string.data)
            )
            if _likeness(best.translation_of.data, segment.string.data) >= MIN_LIKENESS:
                found[segment.pk] = best
                unused.remove(best)
    return [
        PreviousText(segment, found[segment.pk]) for segment in untranslated if segment.pk in found
    ]


def accept(translation, previous, user):
    """Write the previous English text into the string, as the editor does when the
    translator types it."""
    segment = previous.segment
    StringTranslation.objects.update_or_create(
        translation_of_id=segment.string_id,
        locale_id=translation.target_locale_id,
        context_id=segment.context_id,
        defaults={
            "data": previous.previous.data,
            "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
            "tool_name": "",
            "last_translated_by": user,
            "has_error": False,
            "field_error": "",
        },
    )


@require_POST
def accept_previous_texts(request, translation_id):
    """«Принять» / «Принять все» of the editor's notice: the posted ``segment`` ids (all
    offered when none is posted) take their previous English text."""
    translation = get_object_or_404(
        Translation.objects.select_related("source", "target_locale"), pk=translation_id
    )
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        target = None
    if target is None or not user_can_edit_instance(request.user, target):
        raise PermissionDenied
    try:
        wanted = {int(value) for value in request.POST.getlist("segment")}
    except ValueError:
        return HttpResponseBadRequest(_("The strings to accept are not valid."))
    offered = [
        previous
        for previous in previous_texts(translation)
        if (not wanted or previous.segment.pk in wanted) and not previous.error
    ]
    back = get_valid_next_url_from_request(request) or editor_url(target)
    if not offered:
        messages.warning(
            request,
            _("Nothing was accepted: the strings are translated already or have no previous text."),
        )
        return redirect(back)
    with transaction.atomic():
        for previous in offered:
            accept(translation, previous, request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d string took its previous English text: check it in the editor.",
            "%(count)d strings took their previous English text: check them in the editor.",
            len(offered),
        )
        % {"count": len(offered)},
    )
    return redirect(back)


def editor_url(target):
    """The translation editor of a synced translation is its target's edit view."""
    return AdminURLFinder().get_edit_url(target)


# The sync


class SyncTranslationsForm(UpdateTranslationsForm):
    """wagtail-localize's form without "Publish immediately"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["publish_translations"]


class SyncTranslationsView(UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages", which never publishes and returns to the
    translation editor when the source has one translation."""

    def get_form(self):
        if self.request.method == "POST":
            return SyncTranslationsForm(self.request.POST)
        return SyncTranslationsForm()

    @transaction.atomic
    def form_valid(self, form):
        self.object.update_from_db()
        translations = list(
            self.object.translations.filter(enabled=True).select_related("source", "target_locale")
        )
        if form.cleaned_data.get("use_machine_translation"):
            translator = get_machine_translator()
            for translation in translations:
                apply_machine_translation(translation.id, self.request.user, translator)
        for translation in translations:
            with contextlib.suppress(ValidationError):
                translation.source.update_target_view_restrictions(translation.target_locale)
        self.components.save(self.object, sources_and_translations={self.object: translations})
        suggested = sum(len(previous_texts(translation)) for translation in translations)
        message = _("The translations of «%(title)s» took its current text.") % {
            "title": self.object.object_repr
        }
        if suggested:
            message += " " + ngettext(
                "%(count)d changed string offers its previous English text in the editor.",
                "%(count)d changed strings offer their previous English text in the editor.",
                suggested,
            ) % {"count": suggested}
        messages.success(self.request, message)
        return redirect(self.get_success_url() or self.after_sync_url(translations))

    def after_sync_url(self, translations):
        if len(translations) == 1:
            with contextlib.suppress(ObjectDoesNotExist):
                return editor_url(translations[0].get_target_instance())
        return self.get_default_success_url()


# The editor's notice


def stale_notice(request, instance, translation):
    """What the notice above the translation editor shows (an empty dict: nothing)."""
    if translation is None or instance is None:
        return {}
    lagging = out_of_date(translation)
    previous = previous_texts(translation)
    if lagging is None and not previous:
        return {}
    here = request.get_full_path()
    return {
        "out_of_date": lagging,
        "previous_texts": previous,
        "can_sync": request.user.has_perm("wagtail_localize.submit_translation"),
        "sync_url": reverse("wagtail_localize:update_translations", args=[translation.source_id]),
        "accept_url": reverse("portal_accept_previous_texts", args=[translation.pk]),
        "next_url": here,
    }


# Synced on publish


def queue_auto_sync(sender, instance, revision=None, **kwargs):
    """``page_published``: with ``PORTAL_TRANSLATION_AUTO_SYNC``, a published source page's
    translations are synced into drafts once the publication is committed."""
    if not getattr(settings, "PORTAL_TRANSLATION_AUTO_SYNC", False):
        return
    if not Translation.objects.filter(
        source__object_id=instance.translation_key,
        source__locale_id=instance.locale_id,
        enabled=True,
    ).exists():
        return
    user_id = getattr(revision, "user_id", None)
    transaction.on_commit(
        lambda: sync_translations_into_drafts.enqueue(instance.pk, user_id), robust=True
    )


def connect_signals():
    page_published.connect(queue_auto_sync, dispatch_uid="portal_translation_auto_sync")


@task()
def sync_translations_into_drafts(page_id, user_id=None):
    """Sync the page's translations and save each as a draft revision: a live English page
    keeps its text on the site until the translation is reviewed and published."""
    from django.contrib.auth import get_user_model

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0
    source = TranslationSource.objects.filter(
        object_id=page.translation_key, locale_id=page.locale_id
    ).first()
    if source is None:
        return 0
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    saved = 0
    with transaction.atomic():
        source.update_from_db()
        for translation in source.translations.filter(enabled=True).select_related(
            "source", "target_locale"
        ):
            try:
                target = translation.get_target_instance()
            except ObjectDoesNotExist:
                continue
            if isinstance(target, DraftStateMixin):
                save_draft(translation, user)
                saved += 1
    return saved
