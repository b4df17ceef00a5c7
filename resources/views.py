"""What centre and toolkit pages show beyond their own fields, and the toolkit's zip.

Views build on the models (``ResourcesConfig.ready()`` hands this module to the page types):
a centre lists the toolkits applied at it, which toolkits.py defines on top of centres.py.
"""

from portal.i18n import localize_attributes

from .materials import materials_zip_response
from .models import ToolkitPage


def toolkits_applied_at(centre):
    """Toolkits whose "applied at" names this centre (in any language), in the centre's
    language, by title, each with its format in that language."""
    applied = ToolkitPage.objects.visible(centre.locale).filter(
        translation_key__in=ToolkitPage.objects.filter(
            applied_at__centre__translation_key=centre.translation_key
        ).values("translation_key")
    )
    toolkits = list(applied.select_related("format_type").order_by("title"))
    localize_attributes(toolkits, ["format_type"], centre.locale)
    return toolkits


def materials(toolkit, request):
    """The toolkit's public documents as one zip (``materials/``)."""
    return materials_zip_response(toolkit, toolkit.public_materials())
