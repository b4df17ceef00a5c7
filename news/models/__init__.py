from .articles import (
    NewsIndexPage,
    NewsPage,
    NewsPageAuthor,
    NewsPageQuerySet,
    NewsPageRelatedPage,
    NewsPageTag,
    NewsPageTopic,
)
from .event_index import EventIndexPage
from .events import EventPage, EventPageTopic, EventQuerySet, EventStatus, Frequency, Location

__all__ = [
    "EventIndexPage",
    "EventPage",
    "EventPageTopic",
    "EventQuerySet",
    "EventStatus",
    "Frequency",
    "Location",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageAuthor",
    "NewsPageQuerySet",
    "NewsPageRelatedPage",
    "NewsPageTag",
    "NewsPageTopic",
]
