"""The translation editor's footer and review notice (portal.translation.review)."""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from wagtail.models import Page

from portal.translation.review import editor_action_menu, review_status

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_footer(context):
    """Wagtail's action menu for a translated page; nothing for a snippet (which keeps
    wagtail-localize's own footer)."""
    instance, translation = context.get("instance"), context.get("translation")
    if not isinstance(instance, Page) or translation is None:
        return ""
    request = context["request"]
    return render_to_string(
        "portal/admin/translation/footer.html",
        {
            "action_menu": editor_action_menu(request, instance.specific, translation),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[instance.pk]),
        },
        request=request,
    )


@register.simple_tag(takes_context=True)
def translation_review_notice(context):
    instance = context.get("instance")
    if not isinstance(instance, Page):
        return ""
    return render_to_string(
        "portal/admin/translation/notices/review.html",
        {"review": review_status(instance)},
        request=context["request"],
    )
