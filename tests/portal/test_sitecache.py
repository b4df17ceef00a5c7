"""The shared work every page does (routing, the menu, homes, translation links, view
restrictions) is cached until the site changes: each change shows on the very next request,
and routing keeps Wagtail's rules."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

import pytest
from bs4 import BeautifulSoup

from tests.factories.home import StandardPageFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory

LANGUAGES = ["ru", "en"]


@pytest.fixture
def homes(home, home_en):
    return {"ru": home, "en": home_en}


def menu(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    nav = BeautifulSoup(response.content, "html.parser").find("nav", class_="main-nav")
    return {a.text: a["href"] for a in nav.find_all("a")} if nav else {}


def hreflang(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}


def switcher(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    nav = soup.find("nav", class_="lang-switch")
    return {a["hreflang"]: a["href"] for a in nav.find_all("a")} if nav else {}


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def translated(page, locale, **fields):
    """The page's translation in ``locale``, published with ``fields``."""
    copy = page.copy_for_translation(locale)
    return publish(copy.specific, **fields)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_published_shows_in_the_menu_on_the_next_request(client, homes, language):
    home = homes[language]
    url = f"/{language}/"
    assert "Новый раздел" not in menu(client, url)
    page = StandardPageFactory(parent=home, title="Новый раздел", slug="novyi", live=False)
    page.show_in_menus = True
    assert "Новый раздел" not in menu(client, url)  # a draft is not in the menu
    publish(page)
    assert menu(client, url)["Новый раздел"] == f"/{language}/novyi/"


@pytest.mark.parametrize("language", LANGUAGES)
def test_renaming_and_moving_a_page_changes_the_menu_and_hreflang(client, homes, locales, language):
    home, other = homes[language], homes["en" if language == "ru" else "ru"]
    page = StandardPageFactory(parent=home, title="О нас", slug="o-nas", show_in_menus=True)
    twin = translated(page, other.locale, title="About us", slug="about-us")
    url = f"/{language}/o-nas/"
    other_url = f"/{other.locale.language_code}/about-us/"
    assert menu(client, url)["О нас"] == url
    assert hreflang(client, url)[other.locale.language_code] == "http://testserver" + other_url
    assert switcher(client, url)[other.locale.language_code] == other_url

    publish(page, title="Кто мы")
    assert "Кто мы" in menu(client, url) and "О нас" not in menu(client, url)

    publish(twin, slug="who-we-are")
    moved_twin = f"/{other.locale.language_code}/who-we-are/"
    assert hreflang(client, url)[other.locale.language_code] == "http://testserver" + moved_twin
    assert switcher(client, url)[other.locale.language_code] == moved_twin

    section = StandardPageFactory(parent=home, title="Раздел", slug="razdel", show_in_menus=True)
    page.move(section, pos="last-child")
    assert "Кто мы" not in menu(client, f"/{language}/")
    moved = f"/{language}/razdel/o-nas/"
    # The redirects app keeps the old address working.
    assert client.get(url)["Location"] == moved
    assert client.get(moved).status_code == 200
    assert hreflang(client, moved_twin)[language] == "http://testserver" + moved


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unpublished_page_answers_404_on_the_next_request(client, homes, language):
    page = StandardPageFactory(parent=homes[language], slug="skoro", show_in_menus=True)
    url = f"/{language}/skoro/"
    assert client.get(url).status_code == 200
    page.unpublish()
    assert client.get(url).status_code == 404
    assert url not in menu(client, f"/{language}/").values()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_view_restriction_makes_a_page_private_on_the_next_request(
    client, homes, django_user_model, language
):
    section = StandardPageFactory(parent=homes[language], slug="komanda", show_in_menus=True)
    StandardPageFactory(parent=section, slug="plany")
    url, child_url = f"/{language}/komanda/", f"/{language}/komanda/plany/"
    assert client.get(child_url).status_code == 200
    assert url in menu(client, f"/{language}/").values()

    restriction = PageViewRestriction.objects.create(page=section, restriction_type="login")
    for address in (url, child_url):
        response = client.get(address)
        assert response.status_code == 302, address
        assert "/_util/login/" in response["Location"]
    assert url not in menu(client, f"/{language}/").values()
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(child_url).status_code == 200
    client.logout()

    restriction.restriction_type = "password"
    restriction.password = "secret"
    restriction.save()
    response = client.get(child_url)
    assert response.status_code == 200 and b'name="password"' in response.content

    restriction.delete()
    assert client.get(child_url).status_code == 200
    assert url in menu(client, f"/{language}/").values()


@pytest.mark.parametrize("language", LANGUAGES)
def test_routing_keeps_wagtails_rules(client, homes, language):
    home = homes[language]
    index = NewsIndexPageFactory(parent=home, slug="lenta")
    NewsPageFactory(parent=index, slug="vesti")
    draft = StandardPageFactory(parent=home, slug="chernovik", live=False)
    StandardPageFactory(parent=draft, slug="vnutri")

    assert client.get(f"/{language}/lenta/vesti/").status_code == 200
    # Without the trailing slash: redirected to it.
    response = client.get(f"/{language}/lenta")
    assert response.status_code == 301 and response["Location"] == f"/{language}/lenta/"
    # A routable page's own routes, and its children under it.
    assert client.get(f"/{language}/lenta/rss/").status_code == 200
    assert client.get(f"/{language}/lenta/no-such/").status_code == 404
    assert client.get(f"/{language}/lenta/vesti/no-such/").status_code == 404
    # Only the page found must be live (Wagtail's rule): a draft 404s, a live child of it not.
    assert client.get(f"/{language}/chernovik/").status_code == 404
    assert client.get(f"/{language}/chernovik/vnutri/").status_code == 200
    # Wagtail's password and login views are still where they were.
    assert client.get(f"/{language}/_util/login/").status_code == 200


def test_a_language_without_a_live_home_has_no_pages(client, home, home_en):
    StandardPageFactory(parent=home, slug="o-proekte")
    assert client.get("/en/").status_code == 200
    home_en.unpublish()
    assert client.get("/en/").status_code == 404
    # Not the Russian tree under /en/, as Wagtail's `root_page.localized` would route it.
    assert client.get("/en/o-proekte/").status_code == 404
    assert client.get("/ru/o-proekte/").status_code == 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_routing_costs_the_same_queries_at_any_depth(client, homes, language):
    parent, urls = homes[language], []
    for depth in range(6):
        parent = StandardPageFactory(parent=parent, slug=f"uroven-{depth}")
        urls.append(parent.url)

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(urls[0]) == queries(urls[-1])


def test_no_cache_entry_is_keyed_by_the_host_a_client_sends(client, home, settings):
    settings.ALLOWED_HOSTS = ["*"]
    for host in ("evil.example", "another.example:8130"):
        assert client.get("/ru/", headers={"Host": host}).status_code == 200
    keys = [str(key) for key in cache._cache]  # the test settings' local-memory cache
    assert keys and not any("example" in key for key in keys), keys


def test_a_flushed_cache_never_brings_back_a_processs_old_copies(client, homes):
    """Each process keeps the entries it read, by generation; a flushed or restarted shared
    cache starts a generation none of them was made in, so the menu is read anew."""
    from wagtail.models import Page

    section = StandardPageFactory(parent=homes["ru"], title="Было", slug="bylo", show_in_menus=True)
    cache.clear()  # a counter started afresh, as after the flush below
    assert "Было" in menu(client, "/ru/")
    assert "Было" in menu(client, "/ru/")  # from this process's copy

    Page.objects.filter(pk=section.pk).update(title="Стало")  # no signal: only a flush tells
    cache.clear()

    assert "Стало" in menu(client, "/ru/") and "Было" not in menu(client, "/ru/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_reads_the_generation_from_the_shared_cache_once(
    client, homes, monkeypatch, language
):
    """Every piece of shared work hangs from the generation; a page asks the shared cache
    for it once, however many pieces it shows (each read is a round trip to Redis)."""
    from portal.sitecache.store import GENERATION_KEY

    index = NewsIndexPageFactory(parent=homes["ru"], slug="novosti")
    NewsPageFactory(parent=index, slug="novost")
    if language == "en":
        index = translated(index, homes["en"].locale, slug="news")
    reads = []
    original = cache.get

    def counting(key, *args, **kwargs):
        reads.append(key)
        return original(key, *args, **kwargs)

    for url in (homes[language].url, index.url):
        assert client.get(url).status_code == 200
        reads.clear()
        monkeypatch.setattr(cache, "get", counting)
        assert client.get(url).status_code == 200
        monkeypatch.undo()
        assert reads.count(GENERATION_KEY) == 1, (url, reads)
