"""The rendition specs the portal asks for, named once, and made in the background when an
image is uploaded.

Listings prefetch the card rendition and templates draw it through ``{% card_image %}``
(``portal_tags``), both from ``CARD_RENDITION``: a spec typed into a template would silently
stop matching the prefetch and cost a query per card. Wagtail's ``{% image %}`` takes a
literal spec, which is why cards do not use it.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import get_language

from wagtail.images.models import Rendition

CARD_RENDITION = "fill-640x400|format-webp"  # listing cards: news, events, centres, toolkits
LEAD_RENDITION = "width-1200|format-webp"  # the lead picture on a page of its own
SHARE_RENDITION = "fill-1200x630|format-jpeg"  # link previews (Open Graph), feeds, JSON-LD

# Made in the background when a news item is published (news.signals).
PUBLISH_RENDITIONS = (CARD_RENDITION, LEAD_RENDITION, SHARE_RENDITION)
# Made in the background when an image is uploaded or replaced: the public ones and the
# admin's own thumbnails (its listings and choosers, the image's edit view), so no reader's or
# editor's request decodes a large original.
ADMIN_RENDITIONS = ("max-165x165", "max-800x600")
UPLOAD_RENDITIONS = (*PUBLISH_RENDITIONS, *ADMIN_RENDITIONS)


def renditions_prefetch(spec, lookup="lead_image__renditions"):
    """Prefetch only the renditions of ``spec``: Wagtail then takes the image's renditions
    from the prefetch and asks neither the cache nor the database."""
    return Prefetch(lookup, queryset=Rendition.objects.filter(filter_spec=spec))


def lead_image_alt(page, image):
    """The ``<img>`` attributes that say what a page's lead picture shows.

    The page's own alt text comes first: it is a field of the page, translated with it. Without
    one, the picture says what the image library says of it (its description, else its title,
    as Wagtail's ``{% image %}`` does). The library is written in Russian, the site's source
    language: on a page in another language that text is marked ``lang`` so that a screen
    reader reads it as Russian.
    """
    if page.lead_image_alt:
        return {"alt": page.lead_image_alt}
    attributes = {"alt": image.default_alt_text}
    if get_language() != settings.LANGUAGE_CODE:
        attributes["lang"] = settings.LANGUAGE_CODE
    return attributes


def prepare_renditions(sender, instance, raw=False, update_fields=None, **kwargs):
    """An uploaded or replaced image gets its renditions from the task worker."""
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    from portal.tasks import generate_renditions

    image_id, specs = instance.pk, list(UPLOAD_RENDITIONS)
    transaction.on_commit(lambda: generate_renditions.enqueue(image_id, specs))
