"""What a list of news items shows besides the items: their topics in the reader's language."""

from portal.i18n import localized_snippets

NEWS_PER_PAGE = 12


def with_localized_topics(pages, locale):
    """Give each listed page ``localized_topics`` in the reader's language (one query)."""
    pages = [page for page in pages if page is not None]
    topics = localized_snippets(
        [link.topic for page in pages for link in page.topics.all()], locale
    )
    for page in pages:
        page.localized_topics = [topics[link.topic.pk] for link in page.topics.all()]
    return pages
