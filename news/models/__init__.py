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
    "NewsIndexPage",
    "NewsPage",
    "NewsPageAuthor",
    "NewsPageQuerySet",
    "NewsPageRelatedPage",
    "NewsPageTag",
    "NewsPageTopic",
]
