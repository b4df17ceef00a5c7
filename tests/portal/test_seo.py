"""Sharing and search metadata: what a crawler or a messenger's link preview reads from the head."""

import datetime
from xml.etree import ElementTree

from wagtail.models import Page

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from news.models import NewsIndexPage, NewsPage
from portal import sitemap
from portal.models import Person
from portal.translation.translate import translate_object
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory, PersonFactory
from tests.helpers import count_queries, json_ld

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


def xml(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own output)


def sitemaps(client):
    """The addresses of the sitemaps that the index /sitemap.xml lists."""
    tree = xml(client.get("/sitemap.xml"))
    assert tree.tag == f"{{{NS['sm']}}}sitemapindex"
    return [loc.text for loc in tree.findall("sm:sitemap/sm:loc", NS)]


def sitemap_page_urls(client, address):
    """{page address: {hreflang: address}} of one sitemap."""
    tree = xml(client.get(address.removeprefix("http://testserver")))
    urls = {}
    for url in tree.findall("sm:url", NS):
        loc = url.findtext("sm:loc", namespaces=NS)
        urls[loc] = {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)
        }
    return urls


def sitemap_urls(client):
    """Every page address of every sitemap the index lists, with its alternates."""
    urls = {}
    for address in sitemaps(client):
        urls.update(sitemap_page_urls(client, address))
    return urls


def test_sitemap_lists_both_languages_with_cross_references(client, translated_news, index):
    russian, english = translated_news
    draft = NewsPageFactory(parent=index, title="Черновик", live=False)
    only_ru = NewsPageFactory(parent=index, title="Только по-русски")

    assert sitemaps(client) == [
        "http://testserver/sitemap-ru-1.xml",
        "http://testserver/sitemap-en-1.xml",
    ]
    ru_urls = sitemap_page_urls(client, "/sitemap-ru-1.xml")
    en_urls = sitemap_page_urls(client, "/sitemap-en-1.xml")

    ru_url, en_url = "http://testserver" + russian.url, "http://testserver" + english.url
    assert ru_urls[ru_url] == en_urls[en_url] == {"ru": ru_url, "en": en_url, "x-default": ru_url}
    assert en_urls["http://testserver/en/"]["ru"] == "http://testserver/ru/"
    assert ru_urls["http://testserver" + only_ru.url] == {}
    assert all(url.startswith("http://testserver/ru/") for url in ru_urls)
    assert all(url.startswith("http://testserver/en/") for url in en_urls)
    assert not any("chernovik" in url for url in {*ru_urls, *en_urls}), draft
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_sitemap_addresses_are_the_pages_own(client, translated_news, index):
    """Made from url_path and the language's site root, they are what Wagtail itself gives."""
    NewsPageFactory(parent=index, title="Ещё одна новость")
    listed = set(sitemap_urls(client))
    pages = Page.objects.live().public().filter(depth__gt=1)
    assert listed == {page.get_full_url() for page in pages}
    assert len(listed) == pages.count()


def test_sitemap_pages_hold_at_most_their_share_and_end_in_404(client, index, monkeypatch):
    monkeypatch.setattr(sitemap, "URLS_PER_SITEMAP", 3)
    NewsPageFactory.create_batch(5, parent=index)  # with the home and the index: 7 pages

    assert sitemaps(client) == [
        "http://testserver/sitemap-ru-1.xml",
        "http://testserver/sitemap-ru-2.xml",
        "http://testserver/sitemap-ru-3.xml",
        "http://testserver/sitemap-en-1.xml",  # the English home alone
    ]
    pages = [sitemap_page_urls(client, f"/sitemap-ru-{number}.xml") for number in (1, 2, 3)]
    assert [len(urls) for urls in pages] == [3, 3, 1]
    assert len({url for urls in pages for url in urls}) == 7
    assert client.get("/sitemap-ru-4.xml").status_code == 404


@pytest.mark.parametrize(
    "address",
    [
        "/sitemap-en-2.xml",  # the English home alone fills one
        "/sitemap-ru-0.xml",
        "/sitemap-ru-2.xml",
        "/sitemap-ru-01.xml",
        "/sitemap-ru-abc.xml",
        "/sitemap-ru-1-2.xml",
        "/sitemap-ru-99999999999999999999.xml",
        "/sitemap-ru-%D9%A3.xml",
        "/sitemap-de-1.xml",
        "/sitemap--1.xml",
    ],
)
def test_a_sitemap_that_does_not_exist_is_a_404(client, index, address):
    NewsPageFactory(parent=index)
    assert client.get(address).status_code == 404


def test_english_sitemap_lists_the_english_pages(client, translated_news):
    _russian, english = translated_news
    urls = sitemap_page_urls(client, "/sitemap-en-1.xml")
    assert set(urls) == {
        "http://testserver/en/",
        "http://testserver/en/news/",
        "http://testserver" + english.url,
    }


def test_sitemap_query_count_does_not_grow_with_pages(client, translated_news, index):
    NewsPageFactory.create_batch(5, parent=index)
    few = [count_queries(client, url) for url in ("/sitemap.xml", "/sitemap-ru-1.xml")]
    NewsPageFactory.create_batch(45, parent=index)
    many = [count_queries(client, url) for url in ("/sitemap.xml", "/sitemap-ru-1.xml")]
    assert many == few
    assert few[1] <= 4


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
