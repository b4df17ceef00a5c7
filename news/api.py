"""What other sections ask of the news: the latest items of a language, the featured one, the
items about a page, the news index. The calendar's questions are in ``news.events.api``."""

from portal.sitecache import navigation

from .listings import with_localized_topics
from .models import NewsIndexPage, NewsPage, NewsPageRelatedPage
from .models.articles import prefetch_cards


def news_index_of(locale):
    """The live, public news index of a language, or None."""
    return navigation.section_index(NewsIndexPage, locale)


def front_page_news(locale, count):
    """(featured item or None, the ``count`` latest others), each with its topics in the
    language: the home page's news block."""
    news = NewsPage.objects.visible(locale).newest_first().for_cards()
    featured = news.filter(featured=True).first()
    if featured is not None:
        news = news.exclude(pk=featured.pk)
    latest = list(news[:count])
    # Each row fetched once; their images' renditions and topics in one go.
    prefetch_cards([featured, *latest])
    with_localized_topics([featured, *latest], locale)
    return featured, latest


def news_about(page, locale, count=10):
    """The newest items in a language that name ``page`` (any language version of it) among
    their related pages."""
    return list(
        NewsPage.objects.visible(locale)
        .filter(
            translation_key__in=NewsPageRelatedPage.objects.filter(
                related__translation_key=page.translation_key
            ).values("page__translation_key")
        )
        .newest_first()[:count]
    )


def news_index_pages():
    """Every language's news index, live or not (for setting up who reviews the news)."""
    return NewsIndexPage.objects.select_related("locale").order_by("path")
