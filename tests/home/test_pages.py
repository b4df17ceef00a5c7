import re

from django.urls import reverse

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import pytest

from home.models import HomePage, StandardPage
from news.models import EventIndexPage, NewsIndexPage
from portal.translation.translate import translate_object
from resources.models import CentreIndexPage, ToolkitIndexPage
from tests.factories.home import StandardPageFactory


class TestPageRules(WagtailPageTestCase):
    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(
            HomePage,
            {StandardPage, NewsIndexPage, EventIndexPage, CentreIndexPage, ToolkitIndexPage},
        )

    def test_standard_pages_nest_under_home_and_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_no_second_home_page_can_be_added(self):
        self.login()
        root = Page.get_first_root_node()

        assert not HomePage.can_create_at(root)
        response = self.client.get(
            reverse("wagtailadmin_pages:add", args=("home", "homepage", root.pk))
        )
        assert response.status_code in (302, 403)
        assert HomePage.objects.count() == 2

    def test_editor_creates_a_standard_page_through_the_admin(self):
        self.login()
        home = HomePage.objects.get(locale__language_code="ru")
        self.assertCanCreate(
            home,
            StandardPage,
            nested_form_data(
                {
                    "title": "Карта пространств",
                    "slug": "karta",
                    "intro": "Где искать новые центры.",
                    "body": streamfield(
                        [("paragraph", rich_text("<p>Текст страницы.</p>"))],
                    ),
                }
            ),
        )
        page = StandardPage.objects.get(slug="karta")
        assert page.get_parent().specific == home


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [("/ru/", "ru", "Новые общественные пространства"), ("/en/", "en", "New public spaces")],
)
def test_home_page_renders_in_each_language(client, db, path, lang, title):
    response = client.get(path)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert re.findall(r"<h1[ >]", html) == ["<h1 "]
    assert title in html


def test_main_navigation_lists_menu_pages_of_the_current_language(client, home, home_en, locales):
    about = StandardPageFactory(
        parent=home, title="О проекте", slug="o-proekte", intro="О нас.", show_in_menus=True
    )
    StandardPageFactory(parent=home, title="Скрытая страница", slug="hidden", show_in_menus=False)
    translate_object(
        about, locales["en"], StandardPage(title="About", slug="about", intro="About us.")
    )

    ru = client.get("/ru/").content.decode()
    en = client.get("/en/").content.decode()

    assert 'href="/ru/o-proekte/"' in ru
    assert "Скрытая страница" not in ru
    assert 'href="/en/about/"' in en
    assert "О проекте" not in en


def test_cyrillic_title_without_slug_gets_a_transliterated_slug(home):
    page = home.add_child(instance=StandardPage(title="Фабрика пространств: итоги"))

    assert page.slug == "fabrika-prostranstv-itogi"
    assert page.url == "/ru/fabrika-prostranstv-itogi/"


def test_translated_page_keeps_an_ascii_slug_from_the_translator(home, locales):
    page = StandardPageFactory(
        parent=home, title="Ресурсный центр", slug="resursnyj-centr", intro="Для НКО."
    )

    english = translate_object(
        page,
        locales["en"],
        StandardPage(title="Resource centre", slug="resource-centre", intro="For NGOs."),
    )

    assert english.live
    assert english.slug == "resource-centre"
    assert english.url == "/en/resource-centre/"
