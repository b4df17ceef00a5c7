"""PO files for translation agencies: the translation editor's "Download PO file" and "Upload
PO file", in place of wagtail-localize's own views (same URLs, registered in front of its ones in
``portal.wagtail_hooks``).

Export: the file is named ``<Latin slug>-<source object id>-<target language>.po``
(``fabrika-prostranstv-42-en.po``) rather than after the slugified Russian title, which is empty;
its header names the target and source languages besides wagtail-localize's translation id.

Import, for a file that comes back from an agency:

- The whole file is refused, nothing written, when it is not a PO file (not text, a wrong
  encoding, a syntax error) or its header does not belong to this translation: another page's
  or snippet's file, the same page's file for another language, a file without wagtail-localize's
  translation id.
- Otherwise every valid string is imported and each rejected one is reported with its line in
  the file: HTML that wagtail-localize does not accept (block tags, attributes, a link id the
  source has not), an entry whose msgctxt/msgid match no string of the page, an entry marked
  fuzzy (not reviewed, as gettext's msgfmt leaves them out). A partial import is what an agency
  round trip needs: a file of two hundred strings with one broken tag should not cost the other
  199, and uploading the corrected file again is harmless (each string is keyed by its msgctxt,
  unchanged ones stay as they are). Rejected strings are not stored, unlike wagtail-localize's
  import, which keeps invalid HTML flagged as an error.

The import fills the translation editor's strings; saving the draft or publishing stays the
editor's buttons and the workflow's.
"""

import tempfile
import uuid
from pathlib import Path

from django.contrib import messages as django_messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.messages import render as render_message
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page
from wagtail_localize.models import String, StringSegment, StringTranslation, Translation
from wagtail_localize.strings import StringValue, validate_translation_links
from wagtail_localize.views.edit_translation import user_can_edit_instance

import polib

from portal.models.mixins import transliterated_slug

TRANSLATION_ID = "X-WagtailLocalize-TranslationID"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TOOL_NAME = "PO"  # shown in the editor as the tool a string was translated with


class RefusedFile(Exception):
    """The uploaded file is not imported at all; the message says why."""


# Export


def source_instance(translation):
    try:
        return translation.source.get_source_instance()
    except ObjectDoesNotExist:  # the source was deleted since
        return None


def po_filename(translation):
    """``<Latin slug>-<source object id>-<target language>.po``: the Russian page's slug (Latin
    already) or a snippet's name transliterated."""
    instance = source_instance(translation)
    if isinstance(instance, Page):
        slug = transliterated_slug(instance.slug)
    else:
        slug = transliterated_slug(str(instance) if instance else translation.source.object_repr)
    model = translation.source.specific_content_type.model
    slug = slug or model
    object_id = instance.pk if instance else translation.source.object_id
    return f"{slug}-{object_id}-{translation.target_locale.language_code}.po"


def export_po(translation):
    po = translation.export_po()
    po.metadata.update(
        {
            "Language": translation.target_locale.language_code,
            "X-Source-Language": translation.source.locale.language_code,
            "Content-Transfer-Encoding": "8bit",
        }
    )
    return po


def download_pofile(request, translation_id):
    translation = get_object_or_404(Translation, id=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    response = HttpResponse(
        str(export_po(translation)), content_type="text/x-gettext-translation; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=po_filename(translation)
    )
    return response


# Import


def parse_upload(upload):
    """A polib.POFile from an uploaded file, or RefusedFile."""
    if upload is None:
        raise RefusedFile(_("Choose a PO file to upload."))
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise RefusedFile(_("The file is larger than 5 MB: it is not a PO file of one page."))
    if b"\x00" in data:
        raise RefusedFile(_("This is not a PO file: it is not text."))
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte order mark some Windows editors write
    # polib takes a file name or the text itself, and reads any file whose name it is given:
    # the upload goes through a file of our own, never as a string.
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "upload.po"
        path.write_bytes(data)
        try:
            po = polib.pofile(str(path), wrapwidth=200)
        except UnicodeError:
            raise RefusedFile(
                _(
                    "The file is not in the encoding its header declares (UTF-8 expected): "
                    "save it as UTF-8 and upload it again."
                )
            ) from None
        except (OSError, ValueError, LookupError, IndexError) as error:
            raise RefusedFile(
                _("This is not a PO file: it could not be read (%(error)s).") % {"error": error}
            ) from None
    if not po.metadata and not len(po):
        raise RefusedFile(_("This is not a PO file: it holds no strings."))
    return po


def primary_language(code):
    return code.replace("_", "-").split("-")[0].strip().lower()


def language_name(locale):
    """«Английский», «Немецкий»: Django's names, in the admin's language, for any language."""
    try:
        return str(get_language_info(locale.language_code)["name_translated"])
    except KeyError:
        return locale.get_display_name() or locale.language_code


def check_header(po, translation):
    """Refuse a file whose header belongs to another translation."""
    file_id = po.metadata.get(TRANSLATION_ID, "").strip()
    if not file_id:
        raise RefusedFile(
            _(
                "The file has no translation id (the %(header)s header): upload a file "
                "downloaded from this translation editor, with its header kept."
            )
            % {"header": TRANSLATION_ID}
        )
    if file_id != str(translation.uuid):
        try:
            other = (
                Translation.objects.select_related("source", "target_locale")
                .filter(uuid=uuid.UUID(file_id))
                .first()
            )
        except ValueError:
            other = None
        if other is not None and other.source_id == translation.source_id:
            raise RefusedFile(
                _(
                    "This file is the translation into %(file_language)s; this editor "
                    "translates into %(language)s. Nothing was imported."
                )
                % {
                    "file_language": language_name(other.target_locale),
                    "language": language_name(translation.target_locale),
                }
            )
        if other is not None:
            raise RefusedFile(
                _(
                    "This file belongs to another translation: “%(object)s” into "
                    "%(file_language)s. Nothing was imported."
                )
                % {
                    "object": other.source.object_repr,
                    "file_language": language_name(other.target_locale),
                }
            )
        raise RefusedFile(_("This file belongs to another translation. Nothing was imported."))
    file_language = po.metadata.get("Language", "").strip()
    target = translation.target_locale
    if file_language and primary_language(file_language) != primary_language(target.language_code):
        raise RefusedFile(
            _(
                "The file's header says its language is “%(file_language)s”; this editor "
                "translates into %(language)s. Nothing was imported."
            )
            % {"file_language": file_language, "language": language_name(target)}
        )


def sort_entries(po, translation):
    """(entries to import, [(line, reason)] rejected, number of untranslated entries)."""
    segments = {
        (path, data_hash)
        for path, data_hash in StringSegment.objects.filter(source=translation.source).values_list(
            "context__path", "string__data_hash"
        )
    }
    valid, rejected, untranslated = [], [], 0
    for entry in po:
        if entry.obsolete:
            continue  # wagtail-localize's reference copies of strings the page no longer has
        if not entry.msgstr:
            untranslated += 1
            continue
        if "fuzzy" in entry.flags:
            rejected.append((entry.linenum, _("marked fuzzy (not reviewed)")))
            continue
        if (entry.msgctxt, String._get_data_hash(entry.msgid)) not in segments:
            rejected.append(
                (
                    entry.linenum,
                    _("no such string in this translation (msgctxt “%(context)s”)")
                    % {"context": entry.msgctxt or ""},
                )
            )
            continue
        try:
            StringValue.from_translated_html(entry.msgstr)
            validate_translation_links(entry.msgid, entry.msgstr)
        except ValueError as error:
            rejected.append((entry.linenum, str(error)))
            continue
        valid.append(entry)
    return valid, rejected, untranslated


def existing_translations(translation):
    return {
        (path, data_hash): data
        for path, data_hash, data in StringTranslation.objects.filter(
            locale=translation.target_locale,
            context__object_id=translation.source.object_id,
        ).values_list("context__path", "translation_of__data_hash", "data")
    }


def import_entries(translation, po, valid, user):
    """Import ``valid`` through wagtail-localize; returns (changed, [(line, reason)])."""
    before = existing_translations(translation)
    changed = sum(
        1
        for entry in valid
        if before.get((entry.msgctxt, String._get_data_hash(entry.msgid))) != entry.msgstr
    )
    clean = polib.POFile(wrapwidth=200)
    clean.metadata = dict(po.metadata)
    clean.extend(valid)
    warnings = translation.import_po(clean, user=user, tool_name=TOOL_NAME)
    # The entries were checked against the page's strings: wagtail-localize's own warnings
    # (unknown msgctxt or msgid) would mean a string changed in between.
    rejected = [
        (valid[warning.index].linenum, _("no such string in this translation"))
        for warning in warnings
    ]
    return changed - len(rejected), rejected


def report(request, changed, unchanged, untranslated, rejected):
    summary = ngettext(
        "%(count)s string imported from the PO file.",
        "%(count)s strings imported from the PO file.",
        changed,
    ) % {"count": changed}
    extra = []
    if unchanged:
        extra.append(
            ngettext(
                "%(count)s string was unchanged.",
                "%(count)s strings were unchanged.",
                unchanged,
            )
            % {"count": unchanged}
        )
    if untranslated:
        extra.append(
            ngettext(
                "%(count)s string has no translation in the file.",
                "%(count)s strings have no translation in the file.",
                untranslated,
            )
            % {"count": untranslated}
        )
    message = " ".join([summary, *extra])
    if not rejected:
        django_messages.success(request, render_message(message, None))
        return
    title = ngettext(
        "%(count)s string was not imported:",
        "%(count)s strings were not imported:",
        len(rejected),
    ) % {"count": len(rejected)}
    lines = format_html_join(
        "\n",
        "<li>{}</li>",
        (
            (_("line %(line)s: %(reason)s") % {"line": line, "reason": reason},)
            for line, reason in sorted(rejected, key=lambda item: item[0] or 0)
        ),
    )
    detail = format_html('<ul class="errorlist">{}</ul>', lines)
    level = django_messages.warning if changed or unchanged else django_messages.error
    level(request, render_message(f"{message} {title}", None, detail=detail))


def after_upload(request, instance):
    return (
        get_valid_next_url_from_request(request)
        or AdminURLFinder(request.user).get_edit_url(instance)
        or "wagtailadmin_home"
    )


@require_POST
def upload_pofile(request, translation_id):
    translation = get_object_or_404(Translation, id=translation_id)
    instance = translation.get_target_instance()
    if not user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    try:
        po = parse_upload(request.FILES.get("file"))
        check_header(po, translation)
    except RefusedFile as refusal:
        django_messages.error(request, render_message(str(refusal), None))
        return redirect(after_upload(request, instance))

    valid, rejected, untranslated = sort_entries(po, translation)
    changed, late_rejections = import_entries(translation, po, valid, request.user)
    rejected += late_rejections
    unchanged = len(valid) - changed - len(late_rejections)
    report(request, changed, unchanged, untranslated, rejected)
    return redirect(after_upload(request, instance))
