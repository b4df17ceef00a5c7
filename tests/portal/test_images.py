"""Pictures: listing cards draw the renditions their listing prefetched (``portal.images.CARD``),
each picture offers AVIF and WebP at two widths with its size and alt text, and only the first
picture of a page loads at once.

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
from portal.images import CARD, FORMATS, LEAD, LEAD_RENDITION
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

    assert html.count(".fill-400x250.format-webp") >= 3  # the cards did draw their pictures
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
    page.lead_image.get_renditions(*CARD.renditions)
    listed = model.objects.filter(pk=page.pk).for_listing().get()

    with django_assert_num_queries(0):
        html = str(card_image({"request": None}, listed, **{"class": "card__image"}))

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


def large_image(**kwargs):
    """A photograph wider than every rendition, so that each width is really made."""
    return wagtail_factories.ImageFactory(file__width=1600, file__height=1000, **kwargs)


def pictures(html):
    """Each ``<picture>`` of the page as ``(sources, img)``: the attributes of its ``<source>``
    elements and of its ``<img>``."""
    from bs4 import BeautifulSoup

    found = []
    for element in BeautifulSoup(html, "html.parser").find_all("picture"):
        sources = [dict(source.attrs) for source in element.find_all("source")]
        found.append((sources, dict(element.find("img").attrs)))
    return found


def widths(srcset):
    return [candidate.strip().rsplit(" ", 1)[1] for candidate in srcset.split(",")]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_cards_offer_avif_and_webp_at_two_widths_and_only_the_first_loads_at_once(
    client, home, home_en, language
):
    parent = home if language == "ru" else home_en
    index = NewsIndexPageFactory(parent=parent)
    for number in range(3):
        NewsPageFactory(
            parent=index,
            title=f"Новость {number}",
            lead_image=large_image(title=f"Фото {number}"),
            lead_image_alt=f"Двор {number}" if number else "",
        )

    response = client.get(index.url)

    assert response.status_code == 200
    found = pictures(response.content.decode())
    assert len(found) == 3
    for sources, img in found:
        if "avif" in FORMATS:
            assert [source["type"] for source in sources] == ["image/avif"]
            assert widths(sources[0]["srcset"]) == ["400w", "800w"]
            assert ".format-avif" in sources[0]["srcset"]
            assert sources[0]["sizes"] == CARD.sizes
        assert ".fill-400x250.format-webp" in img["src"]
        assert widths(img["srcset"]) == ["400w", "800w"]
        assert (img["width"], img["height"]) == ("400", "250")
        assert img["sizes"] == CARD.sizes
        assert "style" not in img
    # Newest first: the item without alt text of its own says what the library says of it.
    alts = sorted(img["alt"] for _sources, img in found)
    assert alts == ["Двор 1", "Двор 2", "Фото 0"]
    first, *later = [img for _sources, img in found]
    assert first.get("fetchpriority") == "high" and "loading" not in first
    for img in later:
        assert (img["loading"], img["decoding"]) == ("lazy", "async")


def figure_value(image, alt):
    value = {"image": {"image": image.pk, "alt_text": alt, "decorative": False}}
    return {"type": "image", "value": {**value, "caption": "", "credit": ""}}


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_lead_picture_loads_first_and_the_body_figures_and_gallery_wait(
    client, home, home_en, language
):
    parent = home if language == "ru" else home_en
    index = NewsIndexPageFactory(parent=parent)
    figure = large_image(title="Зал")
    tiles = [large_image(title=f"Плитка {number}") for number in range(2)]
    page = NewsPageFactory(
        parent=index,
        lead_image=large_image(title="Афиша"),
        lead_image_alt="Афиша фестиваля",
        body=[
            figure_value(figure, "Зал до ремонта"),
            {
                "type": "gallery",
                "value": {
                    "title": "",
                    "images": [
                        figure_value(tile, f"Плитка {number}")["value"]
                        for number, tile in enumerate(tiles)
                    ],
                },
            },
        ],
    )

    response = client.get(page.url)

    assert response.status_code == 200
    (lead_sources, lead), (_s, body_figure), *gallery = pictures(response.content.decode())
    assert lead["alt"] == "Афиша фестиваля" and lead["fetchpriority"] == "high"
    assert "loading" not in lead
    assert widths(lead["srcset"]) == ["600w", "1200w"] and lead["sizes"] == LEAD.sizes
    assert (lead["width"], lead["height"]) == ("600", "375")
    assert page.lead_image.get_rendition(LEAD_RENDITION).url == lead["src"]
    if "avif" in FORMATS:
        assert lead_sources[0]["type"] == "image/avif"
    assert body_figure["alt"] == "Зал до ремонта"
    assert (body_figure["loading"], body_figure["decoding"]) == ("lazy", "async")
    assert [img["alt"] for _s, img in gallery] == ["Плитка 0", "Плитка 1"]
    for _sources, img in gallery:
        assert widths(img["srcset"]) == ["300w", "600w"]
        assert (img["width"], img["height"], img["loading"]) == ("300", "200", "lazy")


def test_a_small_original_lists_each_width_once(client, home):
    """An original narrower than the card's sizes makes renditions of one width: a srcset that
    repeated it would be invalid HTML, so there is one candidate and no ``sizes``."""
    index = NewsIndexPageFactory(parent=home)
    NewsPageFactory(parent=index, lead_image=wagtail_factories.ImageFactory())  # 100 × 100

    ((sources, img),) = pictures(client.get(index.url).content.decode())

    assert "srcset" not in img and "sizes" not in img
    assert all("sizes" not in source and "," not in source["srcset"] for source in sources)
