"""The translation editor's footer and notices (portal.translation.review, .stale,
.overrides)."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import Page

from portal.translation import snippet_review
from portal.translation.overrides import missing_choice_messages
from portal.translation.review import editor_action_menu, review_status
from portal.translation.stale import stale_notice

register = template.Library()


def has_portal_footer(instance):
    """Whether the editor of ``instance`` shows the portal's actions rather than
    wagtail-localize's footer: a page, or a snippet with drafts and a workflow."""
    return isinstance(instance, Page) or snippet_review.is_reviewed(instance)


@register.filter
def portal_footer(instance):
    return has_portal_footer(instance)


@register.simple_tag(takes_context=True)
def translation_footer(context):
    """Wagtail's action menu for a translated page or a snippet with drafts and a workflow;
    nothing for the other snippets (which keep wagtail-localize's own footer)."""
    instance, translation = context.get("instance"), context.get("translation")
    if translation is None or not has_portal_footer(instance):
        return ""
    request = context["request"]
    if isinstance(instance, Page):
        menu = editor_action_menu(request, instance.specific, translation)
        url = reverse("wagtailadmin_pages:edit", args=[instance.pk])
    else:
        menu = snippet_review.editor_action_menu(request, instance)
        url = snippet_review.edit_url(instance)
    return render_to_string(
        "portal/admin/translation/footer.html",
        {"action_menu": menu, "edit_url": url},
        request=request,
    )


@register.simple_tag(takes_context=True)
def translation_review_notice(context):
    instance = context.get("instance")
    if not has_portal_footer(instance):
        return ""
    return render_to_string(
        "portal/admin/translation/notices/review.html",
        {"review": review_status(instance)},
        request=context["request"],
    )


@register.simple_tag(takes_context=True)
def translation_stale_notice(context):
    """The source changed since the translation last took its text; the previous English
    text of each changed string (portal.translation.stale)."""
    request = context["request"]
    notice = stale_notice(request, context.get("instance"), context.get("translation"))
    if not notice:
        return ""
    return render_to_string(
        "portal/admin/translation/notices/stale_notice.html", notice, request=request
    )


@register.simple_tag(takes_context=True)
def translation_choices_notice(context):
    """Images (documents, pages) chosen for the translation and deleted since, as soon as the
    editor opens: the translation cannot be saved until they are chosen again."""
    translation = context.get("translation")
    if translation is None:
        return ""
    found = missing_choice_messages(translation)
    if not found:
        return ""
    return render_to_string(
        "portal/admin/translation/notices/choices.html",
        {"messages": found},
        request=context["request"],
    )


@register.simple_tag(takes_context=True)
def translation_side_panels(context):
    """The editor's side panels (portal.translation.snippet_review.editor_side_panels)."""
    return snippet_review.editor_side_panels(
        context.get("instance"), context.get("side_panels") or []
    )
