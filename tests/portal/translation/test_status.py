"""The translation status report: translators, who cannot browse the Russian tree, find there
every live Russian page and every translatable snippet with the state of its English version,
and start the missing ones."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile

import pytest
import time_machine
from bs4 import BeautifulSoup

from portal.models import SiteTexts, Topic
from tests.helpers import rolled_back_after
from tests.portal.translation.status_site import (
    NOW,
    URL,
    build_status_site,
    english,
    russian,
    states_from_database,
    topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_status_site()
        yield built


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=True):
        yield


def report(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def rows(html):
    """{title: (section, type, state)} of the listed rows (after the row's box)."""
    found = {}
    for row in html.select("tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        found[cells[1]] = tuple(cells[2:5])
    return found


def counts(html):
    return {
        item["data-state"]: int(item.find("b").get_text())
        for item in html.select(".translation-status-counts li")
    }


def test_a_translator_finds_the_report_in_the_menu(client, site):
    client.force_login(site.team.translator)
    response = client.get("/admin/")
    assert response.status_code == 200
    sidebar = response.content.decode()  # the menu's items, as JSON
    assert URL in sidebar and json.dumps("Статус переводов")[1:-1] in sidebar


def test_each_page_shows_the_state_of_its_english_version(client, site):
    html = report(client, site.team.translator, section=site.section.pk)
    page = ("Раздел переводов", "Простая страница")
    assert rows(html) == {
        "Раздел переводов": (*page, "Актуален"),
        "Без перевода": (*page, "Нет перевода"),
        "Черновик перевода": (*page, "Черновик"),
        "Перевод на проверке": (*page, "На проверке"),
        "Устаревший перевод (новая редакция)": (*page, "Устарел"),
        "Актуальный перевод": (*page, "Актуален"),
        "Остановленный перевод": (*page, "Перевод остановлен"),
    }
    # The title leads to the Russian page on the site; the others to the English editor.
    (link,) = [a for a in html.select("tbody td a") if a.get_text(strip=True) == "Без перевода"]
    assert link["href"] == site.pages["missing"].url
    assert client.get(link["href"]).status_code == 200
    current_en = site.pages["current"].get_translation(Locale.objects.get(language_code="en"))
    edit = reverse("wagtailadmin_pages:edit", args=[current_en.pk])
    assert html.find("a", href=edit)
    assert client.get(edit).status_code == 200  # the translator may edit the English page


def test_the_snippets_are_listed_by_kind_with_their_states(client, site):
    html = report(client, site.team.translator, section="portal.topic")
    assert rows(html) == {
        "Креативные кластеры": ("Темы", "Тема", "Нет перевода"),
        "Городская среда": ("Темы", "Тема", "Актуален"),
        "НКО": ("Темы", "Тема", "Устарел"),  # renamed after its translation
        "Музеи": ("Темы", "Тема", "Перевод остановлен"),
    }
    html = report(client, site.team.translator, section="portal.sitetexts")
    assert rows(html) == {"Тексты сайта (Русский)": ("Тексты сайта", "Тексты сайта", "Актуален")}
    # A snippet has no page on the site: its title is the label of its box, and the English
    # set opens in the snippet editor.
    english_texts = SiteTexts.objects.get(locale__language_code="en")
    edit = reverse("wagtailsnippets_portal_sitetexts:edit", args=[english_texts.pk])
    assert html.find("a", href=edit)
    assert client.get(edit).status_code == 200
    # The section filter offers the snippets' kinds after the sections of the site.
    options = [option.get_text(strip=True) for option in html.select("select[name=section] option")]
    assert options.index("Раздел переводов") < options.index("Тексты сайта")
    kinds = ["Города", "Люди", "Организации", "Тексты сайта", "Темы", "Типы пространств", "Форматы"]
    assert options[-len(kinds) :] == kinds
    assert not html.select("select[name=locale]")  # every row is Russian: no language filter


def test_the_report_speaks_english_to_an_english_speaking_translator(client, site):
    translator = site.team.translator
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "en"
    profile.save()
    html = report(client, translator, section=site.section.pk, state="missing")
    assert "Translation status" in html.title.get_text()
    assert rows(html)["Без перевода"][2] == "Missing"
    assert html.find("button", string="Translate")
    assert html.find("button", string="Translate selected")
    assert rows(report(client, translator, state="stopped"))["Музеи"][2] == "Stopped"


def test_the_counts_match_the_database_for_each_state(client, site):
    total, sections = states_from_database(site.home)
    # Every state is there to be counted, for pages and for snippets.
    assert set(sections[str(site.section.pk)]) == {
        "missing",
        "draft",
        "in_review",
        "out_of_date",
        "stopped",
        "current",
    }
    assert set(sections["portal.topic"]) == {"missing", "out_of_date", "stopped", "current"}
    html = report(client, site.team.translator)
    assert {state: n for state, n in counts(html).items() if n} == total
    for section, expected in sections.items():
        if not expected:
            continue  # a kind of snippet with none in the original language
        shown = counts(report(client, site.team.translator, section=section))
        assert {state: n for state, n in shown.items() if n} == expected, section
    assert sections[str(site.section.pk)] == {
        "missing": 1,
        "draft": 1,
        "in_review": 1,
        "out_of_date": 1,
        "stopped": 1,
        "current": 2,  # the section itself: its English version was made and never outdated
    }


def test_the_filters_narrow_the_list(client, site):
    translator = site.team.translator
    html = report(client, translator, section=site.section.pk, state="missing")
    assert list(rows(html)) == ["Без перевода"]
    html = report(client, translator, section=site.section.pk, state="current")
    assert set(rows(html)) == {"Раздел переводов", "Актуальный перевод"}
    html = report(client, translator, state="missing")  # every section and kind
    assert {"Без перевода", "Креативные кластеры"} <= set(rows(html))
    assert "Актуальный перевод" not in rows(html)
    html = report(client, translator, state="stopped")
    assert set(rows(html)) == {"Остановленный перевод", "Музеи"}
    assert counts(html)["stopped"] == 2
    other = russian(site.home, "Другой раздел")
    assert "Другой раздел" in rows(report(client, translator, state="missing"))
    assert "Другой раздел" not in rows(
        report(client, translator, section=site.section.pk, state="missing")
    )
    assert rows(report(client, translator, section=other.pk)) == {
        "Другой раздел": ("Другой раздел", "Простая страница", "Нет перевода")
    }
    # A section that is not one is a form error, not a 500: the whole list is shown.
    client.force_login(translator)
    assert client.get(URL, {"section": "portal.nothing"}).status_code == 200


def translate_button(html, submit_url):
    """The row's «Перевести»: a button of the report's form, sent to wagtail-localize's view."""
    form = html.find("form", class_="translation-status-bulk")
    button = form.find("button", attrs={"formaction": submit_url})
    data = {
        field["name"]: field.get("value", "") for field in form.find_all("input", type="hidden")
    }
    data[button["name"]] = button["value"]
    return button["formaction"], data


def test_translate_creates_the_english_draft(client, site):
    translator = site.team.translator
    html = report(client, translator, section=site.section.pk, state="missing")
    submit_url = reverse(
        "wagtail_localize:submit_page_translation", args=[site.pages["missing"].pk]
    )
    url, data = translate_button(html, submit_url)
    response = client.post(url, data)
    assert response.status_code == 302
    translated = site.pages["missing"].get_translation(Locale.objects.get(language_code="en"))
    assert not translated.live
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[translated.pk])
    assert client.get(response["Location"]).status_code == 200  # the translation editor
    assert client.get(translated.get_url()).status_code == 404  # nothing Russian under /en/ yet
    html = report(client, translator, section=site.section.pk)
    assert rows(html)["Без перевода"][2] == "Черновик"


def test_a_snippet_is_translated_with_the_same_button(client, site):
    SiteTexts.objects.filter(locale__language_code="en").delete()
    translator = site.team.translator
    html = report(client, translator, section="portal.sitetexts")
    assert rows(html)["Тексты сайта (Русский)"][2] == "Нет перевода"
    texts = site.site_texts
    submit_url = reverse(
        "wagtail_localize:submit_snippet_translation", args=["portal", "sitetexts", texts.pk]
    )
    url, data = translate_button(html, submit_url)
    assert client.post(url, data).status_code == 302
    translated = SiteTexts.objects.get(locale__language_code="en")
    assert not translated.live  # the footer keeps the published Russian texts meanwhile
    html = report(client, translator, section="portal.sitetexts")
    assert rows(html)["Тексты сайта (Русский)"][2] == "Черновик"


def test_the_list_exports_with_the_states_in_words(client, site):
    client.force_login(site.team.translator)
    response = client.get(URL, {"export": "csv"})
    assert response.status_code == 200
    exported = b"".join(response.streaming_content).decode()
    assert "Без перевода,Раздел переводов,Нет перевода" in exported
    assert "Музеи,Темы,Перевод остановлен" in exported


def test_an_english_alias_is_no_translation(client, site):
    """An alias shows the Russian text on the English site: «Перевести» turns it into one."""
    locale = Locale.objects.get(language_code="en")
    section_en = site.section.get_translation(locale)
    source = russian(site.section, "Страница-псевдоним")
    source.create_alias(parent=section_en, update_locale=locale, reset_translation_key=False)
    translator = site.team.translator
    html = report(client, translator, section=site.section.pk, state="missing")
    assert set(rows(html)) == {"Без перевода", "Страница-псевдоним"}
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[source.pk])
    url, data = translate_button(html, submit_url)
    assert client.post(url, data).status_code == 302
    assert source.get_translation(locale).alias_of is None
    html = report(client, translator, section=site.section.pk, state="missing")
    assert set(rows(html)) == {"Без перевода"}


def test_an_editor_may_not_see_the_report(client, site):
    client.force_login(site.team.editor)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert URL not in client.get("/admin/").content.decode()


def test_a_moderator_and_a_superuser_see_it(client, site, admin_user):
    assert "Без перевода" in rows(report(client, site.team.moderator))
    assert "Креативные кластеры" in rows(report(client, admin_user))


def query_count(client, user):
    client.get(URL)  # warm the caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), len(rows(BeautifulSoup(response.content, "html.parser")))


def test_the_same_queries_for_two_rows_as_for_eight(client, site):
    Page.objects.filter(pk=site.section.pk).delete()
    Topic.objects.all().delete()
    section = russian(site.home, "Раздел для подсчёта")
    english(section, "Counting section")
    client.force_login(site.team.translator)
    few, listed = query_count(client, site.team.translator)
    assert listed == 2  # the section and the site texts
    for n in range(1, 4):
        page = russian(section, f"Страница {n}")
        if n % 2:
            english(page, f"Page {n}", publish=n == 3)
        topic(f"Тема {n}", f"topic-{n}", f"Topic {n}" if n % 2 else None)
    many, listed = query_count(client, site.team.translator)
    assert listed == 8
    assert many == few
