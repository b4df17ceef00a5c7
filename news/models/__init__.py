from news.events.models import EventIndexPage, EventOccurrence, EventPage, EventPageTopic

from .articles import (
    NewsIndexPage,
    NewsPage,
    NewsPageAuthor,
    NewsPageQuerySet,
    NewsPageRelatedPage,
    NewsPageTag,
    NewsPageTopic,
)

__all__ = [
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventPageTopic",
    "NewsIndexPage",
    "NewsPage",
    "NewsPageAuthor",
    "NewsPageQuerySet",
    "NewsPageRelatedPage",
    "NewsPageTag",
    "NewsPageTopic",
]
