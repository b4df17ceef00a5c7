from django.test import override_settings

from wagtail.models import Page

import pytest

from home.models import StandardPage
from portal.i18n import home_of, homes
from portal.translation.translate import translate_object
from tests.factories.home import StandardPageFactory


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-GB,en;q=0.9", "/en/"),
        ("ru-RU,ru;q=0.9,en;q=0.8", "/ru/"),
        ("de-DE,de;q=0.9", "/ru/"),
        ("", "/ru/"),
    ],
)
def test_root_redirects_by_accept_language(client, db, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == expected
    vary = response["Vary"]
    assert "Accept-Language" in vary
    assert "Cookie" in vary


def test_language_cookie_wins_over_accept_language(client, db):
    client.cookies["django_language"] = "en"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response["Location"] == "/en/"


def test_root_never_redirects_to_an_unpublished_language(client, home_en):
    home_en.unpublish()

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert response["Location"] == "/ru/"
    assert client.get("/en/").status_code == 404


def test_switcher_links_to_the_translation_of_the_page(client, home, locales):
    page = StandardPageFactory(
        parent=home, title="Как участвовать", slug="kak-uchastvovat", intro="Пишите нам."
    )
    translate_object(
        page, locales["en"], StandardPage(title="Take part", slug="take-part", intro="Write to us.")
    )

    html = client.get("/ru/kak-uchastvovat/").content.decode()

    assert 'href="/en/take-part/" hreflang="en"' in html
    assert "data-fallback" not in html


def test_switcher_falls_back_to_nearest_translated_ancestor(client, home):
    StandardPageFactory(parent=home, title="Только по-русски", slug="tolko-po-russki")

    html = client.get("/ru/tolko-po-russki/").content.decode()

    assert 'href="/en/" hreflang="en" lang="en" title=' in html
    assert "data-fallback" in html


def test_admin_stays_unprefixed_whatever_the_browser_language(client, db):
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_missing_admin_page_is_a_404_not_a_language_redirect(admin_client):
    response = admin_client.get("/admin/pages/999999/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404


def test_unknown_public_path_is_a_404_page_in_the_reader_language(client, db):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert '<html lang="en">' in response.content.decode()
    assert "Page not found" in response.content.decode()

    response = client.get("/ru/net-takoj-stranicy/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


@override_settings(DEBUG=False)
def test_robots(client, db):
    assert b"Disallow: /admin/" in client.get("/robots.txt").content


def test_a_stray_page_at_the_top_of_the_tree_is_no_language_home(home, home_en):
    """Only the site's root page and its translations are homes: another page right under
    Wagtail's root (a second tree, the welcome page) never becomes the target of `/`."""
    Page.get_first_root_node().add_child(
        instance=Page(title="Welcome to Wagtail", slug="welcome", locale=home_en.locale)
    )
    home_en.unpublish()

    assert home_of("en") is None
    assert home_of("ru").pk == home.pk
    assert [page.pk for page in homes()] == [home.pk]
