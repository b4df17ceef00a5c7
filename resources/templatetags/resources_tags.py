from django import template
from django.conf import settings

register = template.Library()


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
