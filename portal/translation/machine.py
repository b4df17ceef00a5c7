"""Machine translation in the translation editor, and the review it must pass.

wagtail-localize's editor offers "Translate with <service>" when WAGTAILLOCALIZE_MACHINE_TRANSLATOR
is set (portal.settings.base reads MACHINE_TRANSLATOR). Its view fills every empty string with
the service's answer as a ``StringTranslation`` of type ``machine``; a string a person saves in
the editor, changed or not, becomes ``manual``. Until every machine string of a translation is
checked that way, the translation is published only through its review: the reviewer who
approves it is the person who checked it, and its strings count as checked from then on. A
direct publish ("Publish", the listing's bulk publish, the snippet editor's "Publish") is
refused, the draft kept.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page, TranslatableMixin
from wagtail.signals import task_approved
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.views import edit_translation

from portal.translation.review import translation_into

logger = logging.getLogger(__name__)


def machine_strings(translation):
    """The strings of the translation's current source that a machine translated and no person
    has saved since."""
    in_source = StringSegment.objects.filter(
        source_id=translation.source_id,
        string_id=OuterRef("translation_of_id"),
        context_id=OuterRef("context_id"),
    )
    return StringTranslation.objects.filter(
        Exists(in_source),
        locale_id=translation.target_locale_id,
        translation_type=StringTranslation.TRANSLATION_TYPE_MACHINE,
    )


def unchecked_count(translation):
    return machine_strings(translation).count() if translation is not None else 0


def notice(translation):
    """What the editor's notice says: the number of unchecked machine strings and the service
    (or services) that made them; None when there are none."""
    if translation is None:
        return None
    strings = machine_strings(translation)
    count = strings.count()
    if not count:
        return None
    tools = sorted({tool for tool in strings.values_list("tool_name", flat=True) if tool})
    return {"count": count, "tools": ", ".join(tools)}


def _refusal(count):
    return ngettext(
        "%(count)d string was translated by a machine and no person has checked it yet. "
        "Submit the translation for review, or check the string (edit it and save) first.",
        "%(count)d strings were translated by a machine and no person has checked them yet. "
        "Submit the translation for review, or check the strings (edit each and save) first.",
        count,
    ) % {"count": count}


def checked_by_approval(sender, instance, user=None, **kwargs):
    """``task_approved``: the reviewer who approves a translation has checked what it shows. Its
    machine strings as they were in the approved revision count as checked from then on (a
    string the machine translated after that revision stays unchecked)."""
    revision = instance.revision
    try:
        obj = instance.workflow_state.content_object
    except ObjectDoesNotExist:
        return
    translation = translation_into(obj) if isinstance(obj, TranslatableMixin) else None
    if translation is None or revision is None:
        return
    # update() keeps each string's date: the editor still says when the machine made it.
    machine_strings(translation).filter(updated_at__lte=revision.created_at).update(
        translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL
    )


def connect_signals():
    task_approved.connect(checked_by_approval, dispatch_uid="portal_machine_strings_checked")


def refuse_unchecked_publish(request, page):
    """``before_publish_page``: a translated page holding unchecked machine strings is not
    published directly (its draft is kept)."""
    translation = translation_into(page)
    count = unchecked_count(translation)
    if count:
        messages.error(
            request,
            _("«%(title)s» is saved as a draft but not published.")
            % {"title": page.get_admin_display_title()}
            + " "
            + _refusal(count),
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


def refuse_unchecked_bulk_publish(request, action_type, objects, action):
    """``before_bulk_action``: the page listing's "Publish" skips no review either."""
    if action_type != "publish":
        return None
    held = [
        page
        for page in objects
        if isinstance(page, Page) and unchecked_count(translation_into(page))
    ]
    if held:
        messages.error(
            request,
            _(
                "Not published: %(titles)s hold strings translated by a machine that no person "
                "has checked. Submit them for review."
            )
            % {"titles": ", ".join(f"«{page.get_admin_display_title()}»" for page in held)},
        )
        return redirect("wagtailadmin_explore", held[0].get_parent().pk)
    return None


def refuse_unchecked_snippet_publish(request, instance):
    """``before_edit_snippet``, before wagtail-localize's: the snippet translation editor's
    "Publish" with unchecked machine strings. Its strings are saved already; nothing is lost."""
    if request.method != "POST" or request.POST.get("action") != "publish":
        return None
    if not isinstance(instance, TranslatableMixin):
        return None
    count = unchecked_count(translation_into(instance))
    if count:
        messages.error(request, _("Not published.") + " " + _refusal(count))
        return redirect(request.get_full_path())
    return None


@require_POST
def machine_translate(request, translation_id):
    """wagtail-localize's "Translate with …" view, at its own address; a service that fails
    (unreachable, a refused key, an answer it cannot read) gives the translator a message and
    the editor back instead of a server error. Nothing is saved then."""
    translation = get_object_or_404(Translation, id=translation_id)
    try:
        instance = translation.get_target_instance()
    except ObjectDoesNotExist:
        raise Http404 from None
    if not edit_translation.user_can_edit_instance(request.user, instance):
        raise PermissionDenied
    translator = get_machine_translator()
    if translator is None:
        raise Http404
    try:
        return edit_translation.machine_translate(request, translation_id)
    except (Http404, PermissionDenied):
        raise
    except Exception:  # whatever the service's client raises; logged for the administrators
        logger.exception(
            "Machine translation with %s failed",
            settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR["CLASS"],
        )
        messages.error(
            request,
            _(
                "%(service)s did not translate the strings (it did not answer, or refused): "
                "nothing was changed. Try again later, or translate them yourself."
            )
            % {"service": translator.display_name},
        )
        return redirect(get_valid_next_url_from_request(request) or reverse("wagtailadmin_home"))
