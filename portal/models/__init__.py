from .mixins import PortalPageMixin
from .search import UnansweredSearch
from .snippets import City, Format, Organisation, Person, SpaceType, Topic

__all__ = [
    "City",
    "Format",
    "Organisation",
    "Person",
    "PortalPageMixin",
    "SpaceType",
    "Topic",
    "UnansweredSearch",
]
