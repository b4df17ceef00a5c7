"""What centres and toolkits share: visibility, freshness, listing helpers."""

import datetime

from wagtail.models import Locale, PageQuerySet

from portal.i18n import localized_snippets

CARD_RENDITION = "fill-640x400|format-webp"
STALE_AFTER = datetime.timedelta(days=365)


class ResourceQuerySet(PageQuerySet):
    def visible(self, locale=None):
        """What a reader may see: live, public, in the reader's language."""
        return self.live().public().filter(locale=locale or Locale.get_active())


def localize_attributes(objects, attributes, locale):
    """Replace snippet attributes (``space_type``, ``city`` …) of each object by their
    translation in ``locale``: one query per attribute, whatever the number of objects."""
    objects = [obj for obj in objects if obj is not None]
    for attribute in attributes:
        snippets = [getattr(obj, attribute) for obj in objects if getattr(obj, attribute)]
        localized = localized_snippets(snippets, locale)
        for obj in objects:
            value = getattr(obj, attribute)
            if value is not None:
                setattr(obj, f"localized_{attribute}", localized[value.pk])
            else:
                setattr(obj, f"localized_{attribute}", None)
    return objects
