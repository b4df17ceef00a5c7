"""Every public page of the demo, in both languages, answers in at most twelve queries.

Counted on a warm request (the shared site cache filled by the first one), as a reader's
second page is. The page cache is off in tests: these are the queries of a page rendered.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from news.events.models import EventIndexPage, EventPage
from news.models import NewsIndexPage, NewsPage
from portal.models import SpaceType
from resources.models import (
    CentreIndexPage,
    CentrePage,
    ToolkitIndexPage,
    ToolkitPage,
)

BUDGET = 12
LANGUAGES = ("ru", "en")


def first(model, language):
    page = model.objects.live().filter(locale__language_code=language).order_by("path").first()
    assert page is not None, f"the demo has no live {model.__name__} in {language}"
    return page


def centre_filter(language):
    index = first(CentreIndexPage, language)
    space = SpaceType.objects.filter(locale__language_code=language).order_by("pk").first()
    assert space is not None
    return f"{index.url}?space_type={space.slug}"


def search_url(language):
    with translation.override(language):
        return reverse("search") + ("?q=центр" if language == "ru" else "?q=centre")


PAGES = {
    "home": lambda language: f"/{language}/",
    "news index": lambda language: first(NewsIndexPage, language).url,
    "news page 2": lambda language: first(NewsIndexPage, language).url + "?page=2",
    "news item": lambda language: first(NewsPage, language).url,
    "news rss": lambda language: first(NewsIndexPage, language).url + "rss/",
    "calendar": lambda language: first(EventIndexPage, language).url,
    "calendar month": lambda language: (
        first(EventIndexPage, language).url + f"?month={timezone.localdate():%Y-%m}"
    ),
    "calendar past": lambda language: first(EventIndexPage, language).url + "past/",
    "calendar ics": lambda language: first(EventIndexPage, language).url + "ics/",
    "event": lambda language: first(EventPage, language).url,
    "centres": lambda language: first(CentreIndexPage, language).url,
    "centres filtered": centre_filter,
    "centre": lambda language: first(CentrePage, language).url,
    "toolkits": lambda language: first(ToolkitIndexPage, language).url,
    "toolkit": lambda language: first(ToolkitPage, language).url,
    "search": search_url,
    "sitemap index": lambda language: "/sitemap.xml",
    "not found": lambda language: f"/{language}/net-takoj-stranicy/",
}

# Pages still over the budget: each fails strictly, so bringing one under it turns its test
# red until the line is removed here.
OVER_BUDGET = {}


def queries_of(client, url):
    client.get(url)  # warms the shared cache of the site, its homes and menu
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    return response, context.captured_queries


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_stays_within_the_query_budget(client, demo, name, language, request):
    if name in OVER_BUDGET:
        request.applymarker(pytest.mark.xfail(reason=OVER_BUDGET[name], strict=True))
    url = PAGES[name](language)

    response, queries = queries_of(client, url)

    expected_status = 404 if name == "not found" else 200
    assert response.status_code == expected_status, url
    assert len(queries) <= BUDGET, f"{url}: {len(queries)} queries\n" + "\n".join(
        query["sql"][-160:] for query in queries
    )
