from news.events.models import EventIndexPage, EventPage, EventPageTopic

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
