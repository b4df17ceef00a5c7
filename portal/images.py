"""The pictures the portal draws, named once, and made in the background when an image is
uploaded.

Each kind of picture (``CARD``, ``LEAD``, ``FIGURE``, ``GALLERY``) is a ``<picture>`` with AVIF
(where Pillow can write it) and WebP at two widths, so a phone fetches a small file and a
wide screen a sharp one; the ``<img>`` inside, in WebP, carries the width, height and alt text.
Listings prefetch every rendition of ``CARD`` and templates draw it through ``{% card_image %}``
(``portal_tags``): a spec typed into a template would silently stop matching the prefetch and
cost a query per card, which is why templates name a kind rather than a spec (and Wagtail's
``{% picture %}``, which takes literal specs, is not used directly: ``picture()`` renders the
same ``Picture`` object from these specs).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import get_language

from wagtail.images.models import Picture, Rendition
from wagtail.images.shortcuts import get_renditions_or_not_found

from PIL import features

# Pillow's wheels write AVIF since 11.3; a Pillow built without libavif gets WebP alone.
FORMATS = ("avif", "webp") if features.check("avif") else ("webp",)
FALLBACK_FORMAT = "webp"  # the <img> inside the <picture>: every current browser reads it


@dataclass(frozen=True)
class PictureKind:
    """One kind of picture: its resize operations, narrowest first, and the ``sizes`` that
    tell the browser how wide it is drawn (from portal.css) before the stylesheet arrives."""

    operations: tuple[str, ...]
    sizes: str

    @property
    def renditions(self):
        return tuple(
            f"{operation}|format-{fmt}" for fmt in FORMATS for operation in self.operations
        )

    @property
    def fallback(self):
        """The spec of the ``<img src>``: the narrowest WebP."""
        return f"{self.operations[0]}|format-{FALLBACK_FORMAT}"


# Listing cards: news, events, centres, toolkits (a grid column, at most about 26rem wide).
CARD = PictureKind(("fill-400x250", "fill-800x500"), "(max-width: 40rem) 100vw, 26rem")
# The lead picture on a page of its own (the article's column, at most 54rem).
LEAD = PictureKind(("width-600", "width-1200"), "(max-width: 56rem) 100vw, 54rem")
# A figure in a page's body (the text's measure, 42rem): the same renditions as the lead.
FIGURE = PictureKind(LEAD.operations, "(max-width: 44rem) 100vw, 42rem")
# A gallery's tiles (a grid of columns at least 12rem wide).
GALLERY = PictureKind(("fill-300x200", "fill-600x400"), "(max-width: 40rem) 100vw, 16rem")
PICTURES = {"card": CARD, "lead": LEAD, "figure": FIGURE, "gallery": GALLERY}

CARD_RENDITION = CARD.fallback
LEAD_RENDITION = LEAD.fallback
SHARE_RENDITION = "fill-1200x630|format-jpeg"  # link previews (Open Graph), feeds, JSON-LD

# Made in the background when a news item is published (news.signals).
PUBLISH_RENDITIONS = (*CARD.renditions, *LEAD.renditions, SHARE_RENDITION)
# Made in the background when an image is uploaded or replaced: the public ones and the
# admin's own thumbnails (its listings and choosers, the image's edit view), so no reader's or
# editor's request decodes a large original. Body figures share the lead's renditions; a
# gallery's are made when a page first shows it.
ADMIN_RENDITIONS = ("max-165x165", "max-800x600")
UPLOAD_RENDITIONS = (*PUBLISH_RENDITIONS, *ADMIN_RENDITIONS)


def renditions_prefetch(specs, lookup="lead_image__renditions"):
    """Prefetch only the renditions of ``specs`` (one spec or several): Wagtail then takes the
    image's renditions from the prefetch and asks neither the cache nor the database."""
    specs = [specs] if isinstance(specs, str) else list(specs)
    return Prefetch(lookup, queryset=Rendition.objects.filter(filter_spec__in=specs))


def loading_attributes(request, eager=False):
    """The first picture of a response (or the lead picture) loads at once and first in line;
    every later one waits until the reader scrolls near it and decodes off the main thread."""
    count = getattr(request, "_portal_pictures", 0) if request is not None else 1
    if request is not None:
        request._portal_pictures = count + 1
    if eager or count == 0:
        return {"fetchpriority": "high"}
    return {"loading": "lazy", "decoding": "async"}


def picture(image, kind, attributes):
    """``image`` as a ``<picture>`` of ``kind`` (Wagtail's ``Picture``, what its
    ``{% picture %}`` tag renders), ``attributes`` on its ``<img>``.

    An original narrower than the widest size gives the same rendition width twice, which a
    ``srcset`` may not list: each width is kept once per format, and ``sizes`` only where a
    format still has several.
    """
    renditions = get_renditions_or_not_found(image, kind.renditions)
    kept, seen = {}, set()
    for spec, rendition in renditions.items():
        key = (spec.rsplit("format-", 1)[-1], rendition.width)
        if key not in seen:
            seen.add(key)
            kept[spec] = rendition
    attributes = dict(attributes)
    if len(kept) > len(FORMATS):
        attributes.setdefault("sizes", kind.sizes)
    return Picture(kept, attributes)


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
