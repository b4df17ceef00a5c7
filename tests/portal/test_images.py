"""Listing cards draw the rendition their listing prefetched (``portal.images.CARD_RENDITION``).

A card that asks for another spec still renders, but Wagtail then looks each picture up in the
database: one query per card. These tests fail when a card and its prefetch disagree.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import time_machine
import wagtail_factories

from news.models import NewsPage
from portal.images import CARD_RENDITION, LEAD_RENDITION
from portal.templatetags.portal_tags import card_image
from resources.models import CentrePage, ToolkitPage
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.resources import (
    CentreIndexPageFactory,
    CentrePageFactory,
    ToolkitIndexPageFactory,
    ToolkitPageFactory,
)

NOW = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def warm_queries(client, url):
    """Queries of the second request: the first one makes the renditions."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


LISTINGS = {
    "news": (NewsIndexPageFactory, NewsPageFactory, ""),
    "events": (EventIndexPageFactory, EventPageFactory, ""),
    "centres": (CentreIndexPageFactory, CentrePageFactory, ""),
    "toolkits": (ToolkitIndexPageFactory, ToolkitPageFactory, ""),
    "home": (EventIndexPageFactory, EventPageFactory, "home"),
}


@pytest.mark.parametrize("listing", LISTINGS)
def test_cards_with_pictures_cost_no_query_per_card(client, home, listing):
    index_factory, page_factory, where = LISTINGS[listing]
    index = index_factory(parent=home)
    if where == "home":  # the home page shows the next events and the latest news
        news_index = NewsIndexPageFactory(parent=home)
        url = home.url
    else:
        url = index.url

    def add(count):
        for _number in range(count):
            page_factory(parent=index, lead_image=wagtail_factories.ImageFactory())
            if where == "home":
                NewsPageFactory(parent=news_index, lead_image=wagtail_factories.ImageFactory())

    add(1)
    few, html = warm_queries(client, url)
    add(2)
    many, html = warm_queries(client, url)

    assert html.count(".fill-640x400.") >= 3  # the cards did draw their pictures
    assert many == few


@pytest.mark.parametrize(
    ("model", "index_factory", "page_factory"),
    [
        (NewsPage, NewsIndexPageFactory, NewsPageFactory),
        (CentrePage, CentreIndexPageFactory, CentrePageFactory),
        (ToolkitPage, ToolkitIndexPageFactory, ToolkitPageFactory),
    ],
)
def test_card_image_uses_the_prefetched_rendition(
    home, model, index_factory, page_factory, django_assert_num_queries
):
    index = index_factory(parent=home)
    page = page_factory(parent=index, lead_image=wagtail_factories.ImageFactory(), live=True)
    page.lead_image.get_rendition(CARD_RENDITION)
    listed = model.objects.filter(pk=page.pk).for_listing().get()

    with django_assert_num_queries(0):
        html = str(card_image(listed, **{"class": "card__image"}))

    assert 'loading="lazy"' in html and 'class="card__image"' in html
    # No alt text of its own (the factories leave it empty): the library's title says it.
    assert f'alt="{page.lead_image.title}"' in html


@pytest.mark.parametrize(
    ("index_factory", "page_factory"),
    [
        (NewsIndexPageFactory, NewsPageFactory),
        (EventIndexPageFactory, EventPageFactory),
        (CentreIndexPageFactory, CentrePageFactory),
        (ToolkitIndexPageFactory, ToolkitPageFactory),
    ],
)
def test_a_page_of_its_own_shows_its_lead_picture_in_the_lead_rendition(
    client, home, index_factory, page_factory
):
    index = index_factory(parent=home)
    page = page_factory(parent=index, lead_image=wagtail_factories.ImageFactory(), live=True)
    response = client.get(page.url)
    assert response.status_code == 200
    rendition = page.lead_image.get_rendition(LEAD_RENDITION)
    assert rendition.url in response.content.decode()
    assert f'alt="{page.lead_image.title}"' in response.content.decode()
