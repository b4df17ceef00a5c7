"""The translation editor's notice of strings a machine translated (portal.translation.machine)."""

from django import template

from portal.translation.machine import notice

register = template.Library()


@register.simple_tag(takes_context=True)
def machine_translation_notice(context):
    """{"count", "tools"} of the unchecked machine strings of the editor's translation, or None."""
    return notice(context.get("translation"))
