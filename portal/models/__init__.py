from .mixins import (
    GeoPointFields,
    LeadImageFields,
    PortalPageMixin,
    PortalPageQuerySet,
    TopicLink,
    validate_geo_point,
)
from .search import UnansweredSearch
from .site_texts import SiteTexts
from .snippets import City, Format, Organisation, Person, SpaceType, Topic
from .translation_jobs import TranslationJob

__all__ = [
    "City",
    "Format",
    "GeoPointFields",
    "LeadImageFields",
    "Organisation",
    "Person",
    "SiteTexts",
    "PortalPageMixin",
    "PortalPageQuerySet",
    "SpaceType",
    "Topic",
    "TopicLink",
    "TranslationJob",
    "UnansweredSearch",
    "validate_geo_point",
]
