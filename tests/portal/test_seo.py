"""Sharing and search metadata: what a crawler or a messenger's link preview reads from the head."""

import datetime
from xml.etree import ElementTree

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from news.models import NewsIndexPage, NewsPage
from portal.models import Person
from portal.translation.translate import translate_object
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory, PersonFactory
from tests.helpers import json_ld

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def head(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").head


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def alternates(soup):
    return {
        link["hreflang"]: link["href"]
        for link in soup.find_all("link", rel="alternate")
        if link.get("hreflang")
    }


@pytest.fixture
def index(home):
    return NewsIndexPageFactory(parent=home)


@pytest.fixture
def translated_news(index, locales):
    person = PersonFactory(name="Анна Светлова")
    translate_object(person, locales["en"], Person(name="Anna Svetlova"))
    page = NewsPageFactory(
        parent=index,
        title="Клуб соседей открылся в бывшей типографии",
        lead="Во дворе на Лиговском теперь можно провести встречу жителей.",
        lead_image=wagtail_factories.ImageFactory(
            title="Двор", file__width=1600, file__height=1000
        ),
        lead_image_alt="Двор бывшей типографии с новыми скамейками",
        authors=[person],
    )
    translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))
    english = translate_object(
        page,
        locales["en"],
        NewsPage(
            title="A neighbours' club opens in a former printing house",
            slug="neighbours-club",
            lead="Residents can now meet in the courtyard.",
            lead_image_alt="The printing house courtyard with new benches",
        ),
    )
    return page, english


def test_news_page_links_its_translation_canonical_and_x_default(client, translated_news):
    russian, english = translated_news

    ru_head = head(client, russian.url)
    en_head = head(client, english.url)

    ru_url = "http://testserver" + russian.url
    en_url = "http://testserver" + english.url
    assert ru_head.find("link", rel="canonical")["href"] == ru_url
    assert en_head.find("link", rel="canonical")["href"] == en_url
    expected = {"ru": ru_url, "en": en_url, "x-default": ru_url}
    assert alternates(ru_head) == expected
    assert alternates(en_head) == expected
    assert meta(ru_head, "og:locale") == "ru_RU"
    assert meta(en_head, "og:locale") == "en_GB"
    assert meta(en_head, "og:locale:alternate") == "ru_RU"


def test_open_graph_and_twitter_cards_carry_a_sized_share_image(client, translated_news):
    _russian, english = translated_news

    soup = head(client, english.url)

    assert meta(soup, "og:type") == "article"
    assert meta(soup, "og:title") == english.title
    assert meta(soup, "og:description") == "Residents can now meet in the courtyard."
    assert meta(soup, "description") == "Residents can now meet in the courtyard."
    assert meta(soup, "og:url") == "http://testserver" + english.url
    image_url = meta(soup, "og:image")
    assert image_url.startswith("http://testserver/") and image_url.endswith(".jpg")
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
    assert meta(soup, "og:image:alt") == "The printing house courtyard with new benches"
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:image") == image_url
    assert meta(soup, "article:published_time")


def test_news_json_ld_is_a_news_article_in_the_readers_language(client, translated_news):
    russian, english = translated_news

    data = json_ld(head(client, english.url))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == english.title
    assert data["inLanguage"] == "en"
    published = datetime.datetime.fromisoformat(data["datePublished"])
    assert published.utcoffset() is not None
    assert published == russian.publication_date
    assert datetime.datetime.fromisoformat(data["dateModified"]).utcoffset() is not None
    assert data["author"] == [{"@type": "Person", "name": "Anna Svetlova"}]
    assert data["image"][0].endswith(".jpg")
    assert data["publisher"]["name"] == "New public spaces"
    assert data["publisher"]["logo"]["url"].startswith("http://testserver/")
    assert data["mainEntityOfPage"] == "http://testserver" + english.url


def test_search_description_wins_over_the_lead(client, index):
    page = NewsPageFactory(parent=index, lead="Лид новости.", search_description="Для поиска.")

    soup = head(client, page.url)

    assert meta(soup, "description") == "Для поиска."
    assert meta(soup, "og:description") == "Для поиска."


def test_untranslated_page_has_no_alternates_and_drafts_are_not_offered(
    client, index, locales, home
):
    page = NewsPageFactory(parent=index, title="Только по-русски")
    lonely = head(client, page.url)
    assert alternates(lonely) == {}
    assert meta(lonely, "twitter:card") == "summary"  # no image, no large card

    translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))
    english = translate_object(
        page, locales["en"], NewsPage(title="Only in Russian", slug="only-in-russian", lead="L.")
    )
    english.unpublish()

    assert alternates(head(client, page.url)) == {}


def test_hostile_titles_cannot_break_out_of_the_json_ld_script(client, index):
    title = '</script><script>alert("x")</script> <!-- «Клуб» & co'
    page = NewsPageFactory(parent=index, title=title, lead="<b>жирный</b> лид")

    html = client.get(page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")

    assert "<script>alert" not in html
    inline = [script for script in soup.find_all("script") if not script.get("src")]
    assert len(inline) == 1  # only the JSON-LD: nothing was injected
    data = json_ld(soup.head)
    assert data["headline"] == title
    assert data["description"] == "жирный лид"


def test_home_pages_cross_reference_each_other(client, home, home_en):
    soup = head(client, "/en/")

    assert alternates(soup) == {
        "ru": "http://testserver/ru/",
        "en": "http://testserver/en/",
        "x-default": "http://testserver/ru/",
    }
    assert soup.find("link", rel="canonical")["href"] == "http://testserver/en/"
    assert meta(soup, "og:type") == "website"


def sitemap_urls(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    tree = ElementTree.fromstring(response.content)  # noqa: S314 (our own output)
    urls = {}
    for url in tree.findall("sm:url", NS):
        loc = url.findtext("sm:loc", namespaces=NS)
        urls[loc] = {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
    return urls


def test_sitemap_lists_both_languages_with_cross_references(client, translated_news, index):
    russian, english = translated_news
    draft = NewsPageFactory(parent=index, title="Черновик", live=False)
    only_ru = NewsPageFactory(parent=index, title="Только по-русски")

    urls = sitemap_urls(client)

    ru_url, en_url = "http://testserver" + russian.url, "http://testserver" + english.url
    assert urls[ru_url] == urls[en_url] == {"ru": ru_url, "en": en_url, "x-default": ru_url}
    assert urls["http://testserver/en/"]["ru"] == "http://testserver/ru/"
    assert urls["http://testserver" + only_ru.url] == {}
    assert not any("chernovik" in url for url in urls), draft
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_sitemap_query_count_does_not_grow_with_pages(client, index):
    NewsPageFactory.create_batch(3, parent=index)
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as few:
        client.get("/sitemap.xml")
    NewsPageFactory.create_batch(30, parent=index)
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as many:
        client.get("/sitemap.xml")
    assert len(many) == len(few)


def test_absolute_addresses_come_from_the_site_not_from_the_host_header(
    client, translated_news, index
):
    """Django checks the Host header's name, not its port; what the site sends with absolute
    addresses (head, structured data, share image, sitemap, robots.txt, feeds) names the site."""
    russian, _english = translated_news
    hostile = {"Host": "testserver:6666"}
    for url in (russian.url, index.url, "/robots.txt", "/sitemap.xml", index.url + "rss/"):
        answer = client.get(url, headers=hostile)
        assert answer.status_code == 200, url
        body = answer.content.decode()
        assert "6666" not in body, url
        assert "http://testserver/" in body, url
    atom = client.get(index.url + "atom/", headers=hostile).content.decode()
    assert "6666" not in atom and f'href="http://testserver{index.url}atom/"' in atom
