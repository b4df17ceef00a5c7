"""Create translations through wagtail-localize's own machinery, as a translator would.

``translate_object`` pairs the source object's segments with the strings of a "shadow" object
(an unsaved copy written in the target language, with the same StreamField block ids), fills a
PO file exported by wagtail-localize, imports it and saves the target. Demo content and the
site tree use it, so that English pages are real wagtail-localize translations that the
translation editor, sync and PO export keep working on.
"""

from collections import defaultdict

from wagtail.models import DraftStateMixin, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments


class MissingTranslatedString(Exception):
    pass


def strings_by_context(instance):
    """Translatable strings of an instance, keyed by segment path, in document order."""
    strings = defaultdict(list)
    for segment in extract_segments(instance):
        if isinstance(segment, StringSegmentValue):
            strings[segment.path].append(segment.string.data)
    return strings


def translate_object(source_object, target_locale, shadow, publish=True, user=None):
    """Translate ``source_object`` into ``target_locale`` with the strings of ``shadow``.

    Idempotent: the existing TranslationSource is refreshed from the database and the same
    Translation is reused, so running it again updates the target instead of duplicating it.
    Returns the translated (target) instance.

    The target is saved as a draft by wagtail-localize and its revision published here, at
    once: ``save_target(publish=True)`` defers the publish to ``on_commit``, and inside a
    longer transaction a revision published after later pages were added under the
    translated page writes back a stale ``numchild`` and hides them (wagtail-localize 1.14.5).
    """
    if isinstance(source_object, Page):
        source_object = source_object.specific
    source, created = TranslationSource.get_or_create_from_instance(source_object)
    if not created:
        source.update_from_db()
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=target_locale, defaults={"enabled": True}
    )

    wanted = strings_by_context(shadow)
    po = translation.export_po()
    seen = defaultdict(int)
    for entry in po:
        if entry.obsolete:
            continue
        index = seen[entry.msgctxt]
        seen[entry.msgctxt] += 1
        try:
            entry.msgstr = wanted[entry.msgctxt][index]
        except IndexError:
            raise MissingTranslatedString(
                f"No translation for {entry.msgctxt!r} #{index}: {entry.msgid!r}"
            ) from None
    # The strings are a person's translation (written with the demo or the site tree), imported
    # as a translator's PO file would be: recorded as manual, the translation editor says
    # "Translated manually on …". A tool name would be shown to translators as it is.
    translation.import_po(po, delete=True, user=user)
    # save_target() silently falls back to the Russian text for strings that were rejected
    # (has_error: a stray <a href>, an unknown link id): refuse instead of publishing them.
    total, translated = translation.get_progress()
    if translated != total:
        raise MissingTranslatedString(
            f"{total - translated} of {total} strings were rejected by wagtail-localize."
        )
    drafts = isinstance(source_object, DraftStateMixin)  # pages; plain snippets have no drafts
    translation.save_target(user=user, publish=not drafts)
    target = translation.get_target_instance()
    if publish and drafts:
        target.get_latest_revision().publish(user=user)
        target.refresh_from_db()
    return target
