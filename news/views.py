"""The news index's views: the list (with its filters and archive) and the RSS and Atom feeds.

The news index page routes its URLs here and hands over itself (``NewsConfig.ready()`` gives
the page type this module); a bad filter answers 400 with the same page and form.
"""

from django.shortcuts import render

from portal.listings import Counted
from portal.sitecache.store import cached

from .feeds import NewsAtomFeed, NewsRssFeed
from .filters import NewsFilter
from .listings import NEWS_PER_PAGE, with_localized_topics
from .models.articles import prefetch_cards


def index(page, request):
    """The list, or what was wrong with the filters as a 400: the same page and form."""
    news_filter = NewsFilter(request.GET, index=page)
    context = {
        "page": page,
        "self": page,
        "filter": news_filter,
        "topics": news_filter.fields["topic"].terms(),
        "archive": news_filter.archive(),
        # The topic alone: the feeds' links and the topic and archive links keep it, no more.
        "topic_params": news_filter.params(tag=None, year=None, month=None),
    }
    if not news_filter.is_valid():
        return render(request, "news/news_index_page.html", context, status=400)
    context.update(listing(page, news_filter))
    return render(request, "news/news_index_page.html", context)


def listing(page, news_filter):
    """A page of news matching the filters; unfiltered, the newest featured item on top."""
    news = news_filter.filtered().for_cards()
    featured = None
    if not news_filter.is_filtered:
        featured = news.filter(featured=True).first()
        if featured is not None:
            news = news.exclude(pk=featured.pk)
    if not news_filter.is_filtered:
        # The whole archive's number changes only with a publication: read once per one.
        key = f"news-count:{page.pk}:{featured.pk if featured else 0}"
        news = Counted(news, cached(key, news.count))
    page_obj, elided_pages = news_filter.paginate(news, NEWS_PER_PAGE)
    if page_obj.number != 1:
        featured = None  # shown on the first page only; left out of the others all the same
    # Each row fetched once; the renditions and topics of all the cards in one go.
    listed = with_localized_topics(prefetch_cards([featured, *page_obj.object_list]), page.locale)
    return {
        "featured": featured,
        "page_obj": page_obj,
        "news": listed[1:] if featured else listed,
        "elided_pages": elided_pages,
        "params": news_filter.params(),
    }


def rss(page, request):
    return NewsRssFeed(page)(request)


def atom(page, request):
    return NewsAtomFeed(page)(request)
