"""The translation status report: translators, who cannot browse the Russian tree, find there
every live Russian page with the state of its English version, and start the missing ones."""

import datetime
import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Page
from wagtail.users.models import UserProfile

import pytest
import time_machine
from bs4 import BeautifulSoup

from home.editorial import ensure_team
from home.models import StandardPage
from portal.models.mixins import transliterated_slug
from portal.translation.states import translation_states
from portal.translation.translate import translate_object
from tests.factories.home import StandardPageFactory
from tests.team import make_team, submit

MORNING = datetime.datetime(2026, 11, 24, 7, tzinfo=datetime.UTC)
URL = "/admin/reports/translations/"


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(MORNING, tick=True):
        yield


def later(minutes):
    return time_machine.travel(MORNING + datetime.timedelta(minutes=minutes), tick=True)


def russian(parent, title):
    made = StandardPageFactory(parent=parent, title=title, slug=transliterated_slug(title))
    if made.depth == 3:
        ensure_team()  # a new section: the team's rights reach it, as on commit in the admin
    return made


def english(page, title, publish=True):
    shadow = StandardPage(title=title, slug=transliterated_slug(title), intro="In English.")
    return translate_object(page, english.locale, shadow, publish=publish)


@pytest.fixture
def pages(home, locales, django_user_model):
    """A section with a page in each state of its English version."""
    english.locale = locales["en"]
    section = russian(home, "Раздел переводов")
    english(section, "Translations section")
    missing = russian(section, "Без перевода")
    draft = russian(section, "Черновик перевода")
    english(draft, "Draft translation", publish=False)
    review = russian(section, "Перевод на проверке")
    in_review = english(review, "Translation in review", publish=False)
    stale = russian(section, "Устаревший перевод")
    english(stale, "Stale translation")
    current = russian(section, "Актуальный перевод")
    english(current, "Current translation")
    team = make_team(django_user_model)
    submit(in_review, team.translator)
    with later(30):
        stale.title = "Устаревший перевод (новая редакция)"
        stale.save_revision().publish()
    return {
        "section": section,
        "missing": missing,
        "draft": draft,
        "in_review": review,
        "out_of_date": stale,
        "current": current,
        "team": team,
    }


def report(client, user, **params):
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def rows(html):
    """{title: (section, type, state)} of the listed pages."""
    found = {}
    for row in html.select("tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        found[cells[0]] = tuple(cells[1:4])
    return found


def counts(html):
    return {
        item["data-state"]: int(item.find("b").get_text())
        for item in html.select(".translation-status-counts li")
    }


def test_a_translator_finds_the_report_in_the_menu(client, pages):
    client.force_login(pages["team"].translator)
    response = client.get("/admin/")
    assert response.status_code == 200
    sidebar = response.content.decode()  # the menu's items, as JSON
    assert URL in sidebar and json.dumps("Статус переводов")[1:-1] in sidebar


def test_each_page_shows_the_state_of_its_english_version(client, pages):
    html = report(client, pages["team"].translator, section=pages["section"].pk)
    listed = rows(html)
    assert listed == {
        "Раздел переводов": ("Раздел переводов", "Простая страница", "Актуален"),
        "Без перевода": ("Раздел переводов", "Простая страница", "Нет перевода"),
        "Черновик перевода": ("Раздел переводов", "Простая страница", "Черновик"),
        "Перевод на проверке": ("Раздел переводов", "Простая страница", "На проверке"),
        "Устаревший перевод (новая редакция)": (
            "Раздел переводов",
            "Простая страница",
            "Устарел",
        ),
        "Актуальный перевод": ("Раздел переводов", "Простая страница", "Актуален"),
    }
    # The title leads to the Russian page on the site; the others to the English editor.
    (link,) = [a for a in html.select("tbody td a") if a.get_text(strip=True) == "Без перевода"]
    assert link["href"] == pages["missing"].url
    assert client.get(link["href"]).status_code == 200
    current_en = pages["current"].get_translation(english.locale)
    edit = reverse("wagtailadmin_pages:edit", args=[current_en.pk])
    assert html.find("a", href=edit)
    assert client.get(edit).status_code == 200  # the translator may edit the English page


def test_the_report_speaks_english_to_an_english_speaking_translator(client, pages):
    translator = pages["team"].translator
    profile = UserProfile.get_for_user(translator)
    profile.preferred_language = "en"
    profile.save()
    html = report(client, translator, section=pages["section"].pk, state="missing")
    assert "Translation status" in html.title.get_text()
    assert rows(html)["Без перевода"][2] == "Missing"
    assert html.find("button", string="Translate")


def test_the_counts_match_the_database(client, pages, home, locales):
    html = report(client, pages["team"].translator)
    expected = {}
    for page in translation_states(home, locales["en"]):
        expected[page.state] = expected.get(page.state, 0) + 1
    shown = counts(html)
    assert {state: n for state, n in shown.items() if n} == expected
    assert sum(shown.values()) == Page.objects.live().descendant_of(home).count()
    in_section = counts(report(client, pages["team"].translator, section=pages["section"].pk))
    # the section itself is current: its English version was made and never outdated
    assert in_section == {
        "missing": 1,
        "draft": 1,
        "in_review": 1,
        "out_of_date": 1,
        "current": 2,
    }


def test_the_filters_narrow_the_list(client, pages):
    translator = pages["team"].translator
    html = report(client, translator, section=pages["section"].pk, state="missing")
    assert list(rows(html)) == ["Без перевода"]
    html = report(client, translator, section=pages["section"].pk, state="current")
    assert set(rows(html)) == {"Раздел переводов", "Актуальный перевод"}
    html = report(client, translator, state="missing")  # every section
    assert "Без перевода" in rows(html) and "Актуальный перевод" not in rows(html)
    other = russian(pages["section"].get_parent(), "Другой раздел")
    assert set(rows(report(client, translator, state="missing"))) >= {
        "Без перевода",
        "Другой раздел",
    }
    assert "Другой раздел" not in rows(
        report(client, translator, section=pages["section"].pk, state="missing")
    )
    assert rows(report(client, translator, section=other.pk)) == {
        "Другой раздел": ("Другой раздел", "Простая страница", "Нет перевода")
    }


def test_translate_creates_the_english_draft(client, pages):
    translator = pages["team"].translator
    html = report(client, translator, section=pages["section"].pk, state="missing")
    form = html.find("form", action=lambda action: action and "submit" in action)
    data = {field["name"]: field["value"] for field in form.find_all("input")}
    response = client.post(form["action"], data)
    assert response.status_code == 302
    translated = pages["missing"].get_translation(english.locale)
    assert not translated.live
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[translated.pk])
    assert client.get(response["Location"]).status_code == 200  # the translation editor
    assert client.get(translated.get_url()).status_code == 404  # nothing Russian under /en/ yet
    html = report(client, translator, section=pages["section"].pk)
    assert rows(html)["Без перевода"][2] == "Черновик"


def test_the_list_exports_with_the_states_in_words(client, pages):
    client.force_login(pages["team"].translator)
    response = client.get(URL, {"section": pages["section"].pk, "export": "csv"})
    assert response.status_code == 200
    exported = b"".join(response.streaming_content).decode()
    assert "Без перевода,Раздел переводов,Нет перевода" in exported


def test_an_english_alias_is_no_translation(client, pages):
    """An alias shows the Russian text on the English site: «Перевести» turns it into one."""
    section_en = pages["section"].get_translation(english.locale)
    source = russian(pages["section"], "Страница-псевдоним")
    source.create_alias(
        parent=section_en, update_locale=english.locale, reset_translation_key=False
    )
    translator = pages["team"].translator
    html = report(client, translator, section=pages["section"].pk, state="missing")
    assert set(rows(html)) == {"Без перевода", "Страница-псевдоним"}
    form = html.find(
        "form", action=reverse("wagtail_localize:submit_page_translation", args=[source.pk])
    )
    data = {field["name"]: field["value"] for field in form.find_all("input")}
    assert client.post(form["action"], data).status_code == 302
    assert source.get_translation(english.locale).alias_of is None
    html = report(client, translator, section=pages["section"].pk, state="missing")
    assert set(rows(html)) == {"Без перевода"}


def test_an_editor_may_not_see_the_report(client, pages):
    client.force_login(pages["team"].editor)
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert URL not in client.get("/admin/").content.decode()


def test_a_moderator_and_a_superuser_see_it(client, pages, admin_user):
    assert "Без перевода" in rows(report(client, pages["team"].moderator))
    assert "Без перевода" in rows(report(client, admin_user))


def query_count(client, user, section):
    client.force_login(user)
    client.get(URL, {"section": section.pk})  # warm the caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"section": section.pk})
    assert response.status_code == 200
    return len(queries), len(rows(BeautifulSoup(response.content, "html.parser")))


def test_the_same_queries_for_two_rows_as_for_eight(client, home, locales, django_user_model):
    english.locale = locales["en"]
    section = russian(home, "Раздел для подсчёта")
    english(section, "Counting section")
    team = make_team(django_user_model)
    first = russian(section, "Страница 1")
    english(first, "Page 1")
    few, listed = query_count(client, team.translator, section)
    assert listed == 2
    for n in range(2, 8):
        page = russian(section, f"Страница {n}")
        if n % 2:
            english(page, f"Page {n}", publish=n % 3 == 0)
    many, listed = query_count(client, team.translator, section)
    assert listed == 8
    assert many == few
