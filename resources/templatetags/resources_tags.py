import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def json_ld(data):
    """A JSON-LD ``<script>``, escaped like Django's ``json_script``: ``<``, ``>`` and ``&``
    become ``\\u003C`` … so that no text from editors can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _json_script_escapes
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above


@register.inclusion_tag("resources/components/map.html")
def centre_map(label, markers_url="", centre=None):
    """A map container that portal/static/js/centre_map.js fills: markers from ``markers_url``
    (the index) or the one ``centre`` (a centre page). Hidden until the script runs."""
    return {
        "markers_url": markers_url,
        "centre": centre,
        "label": label,
        "tile_url": settings.PORTAL_MAP_TILE_URL,
        "attribution": settings.PORTAL_MAP_ATTRIBUTION,
    }


@register.filter
def json_ld_of(page, request):
    """The page's own JSON-LD (``page.json_ld(request)``) as an escaped script element."""
    return json_ld(page.json_ld(request))
