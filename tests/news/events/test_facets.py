"""The calendar's topic select and the counts beside every filter: each count says how many
events that choice would show, given the other filters in force (as for city and format)."""

import datetime
import re

from wagtail.models import Locale

import icalendar
import pytest
import time_machine

from home.models import HomePage
from news.models import EventIndexPage
from portal.models import City, Topic
from portal.translation.translate import translate_object
from tests.factories.events import EventIndexPageFactory, EventPageFactory, translate_event
from tests.factories.news import TopicFactory
from tests.factories.portal import CityFactory
from tests.helpers import rolled_back_after

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)
TITLES = {
    "Лекция о дворах": "Talk on yards",
    "Вебинар о дворах": "Webinar on yards",
    "Платный вебинар о музеях": "Paid webinar on museums",
    "Встреча в Перми": "Meeting in Perm",
}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(scope="module")
def calendar(django_db_setup, django_db_blocker):
    """Four events in both languages, built once for the module (about 3 s)."""
    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
            built = build_calendar()
        yield built


def build_calendar():
    en = Locale.objects.get(language_code="en")
    home = HomePage.objects.get(locale__language_code="ru")
    index = EventIndexPageFactory(parent=home)
    index_en = translate_object(index, en, EventIndexPage(title="Events", slug="events"))
    kazan = CityFactory(name="Казань", slug="kazan-t", region="")
    perm = CityFactory(name="Пермь", slug="perm-t", region="")
    yards = TopicFactory(name="Дворы", slug="yards-t")
    museums = TopicFactory(name="Музеи", slug="museums-t")
    translate_object(kazan, en, City(name="Kazan", slug="kazan-t"))
    translate_object(perm, en, City(name="Perm", slug="perm-t"))
    translate_object(yards, en, Topic(name="Courtyards", slug="yards-t"))
    translate_object(museums, en, Topic(name="Museums", slug="museums-t"))
    link = "https://example.org/live"
    for title, fields in (
        ("Лекция о дворах", {"city": kazan, "topics": [yards]}),
        ("Вебинар о дворах", {"city": kazan, "topics": [yards], "online_url": link}),
        (
            "Платный вебинар о музеях",
            {
                "city": kazan,
                "topics": [museums, yards],
                "online_url": link,
                "is_free": False,
                "price_note": "300 ₽",
            },
        ),
        ("Встреча в Перми", {"city": perm, "topics": [museums]}),
    ):
        page = EventPageFactory(parent=index, title=title, **fields)
        title_en = TITLES[title]
        translate_event(
            page, en, title_en, price_note="300 RUB" if not fields.get("is_free", True) else ""
        )
    return index, index_en


def listed(html):
    return {title for pair in TITLES.items() for title in pair if f">{title}<" in html}


def option(html, slug):
    found = re.search(rf'<option value="{slug}"( selected)?>([^<]*)</option>', html)
    return found and (found[2], bool(found[1]))


def check_count(html, name):
    found = re.search(rf'name="{name}"[^>]*>\s*<span>[^<]*</span>\s*<span[^>]*>\((\d+)\)', html)
    return found and int(found[1])


def test_topic_select_and_counts_in_both_languages(client, calendar):
    index, index_en = calendar

    ru = client.get(index.url).content.decode()
    assert '<select id="id_topic" name="topic"><option value="">Все темы</option>' in ru
    assert option(ru, "yards-t") == ("Дворы (3)", False)
    assert option(ru, "museums-t") == ("Музеи (2)", False)
    assert check_count(ru, "free") == 3 and check_count(ru, "online") == 2
    assert 'type="hidden" name="topic"' not in ru

    en = client.get(index_en.url).content.decode()
    assert '<select id="id_topic" name="topic"><option value="">All topics</option>' in en
    assert option(en, "yards-t") == ("Courtyards (3)", False)
    assert option(en, "museums-t") == ("Museums (2)", False)
    assert check_count(en, "free") == 3 and check_count(en, "online") == 2
    assert "Дворы" not in en and "Музеи" not in en

    # The archive offers the same choices without counts, and keeps the chosen topic.
    html = client.get(f"{index.url}past/?topic=yards-t").content.decode()
    assert "event-filters__count" not in html
    assert option(html, "yards-t") == ("Дворы", True)
    assert option(html, "kazan-t") == ("Казань", False)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_month_grid_has_the_lists_filters(client, calendar, language):
    index = calendar[0] if language == "ru" else calendar[1]
    kazan = "Казань" if language == "ru" else "Kazan"
    month = f"{index.url}?month=2026-12"

    everything = client.get(month).content.decode()
    in_perm = client.get(f"{month}&city=perm-t").content.decode()

    assert '<input type="hidden" name="month" value="2026-12">' in everything
    assert option(everything, "kazan-t") == (kazan, False)
    assert 'name="from"' not in everything  # the month is the date range
    assert option(in_perm, "perm-t")[1] is True
    grid_titles = re.findall(
        r'<li class="event-status[^"]*"><a href="[^"]*">[^<]*?([^<>]+)</a>', in_perm
    )
    perm_title = "Встреча в Перми" if language == "ru" else TITLES["Встреча в Перми"]
    assert grid_titles and all(perm_title in title for title in grid_titles)
    # Moving to the next month or back to the list keeps the filter.
    assert "month=2027-01" in in_perm and re.search(
        r'\?[^"]*city=perm-t[^"]*month=2027-01', in_perm
    )
    assert f'href="{index.url}?city=perm-t"' in in_perm


def test_counts_follow_the_other_filters(client, calendar):
    index, _index_en = calendar

    html = client.get(f"{index.url}?city=kazan-t&online=on").content.decode()
    assert listed(html) == {"Вебинар о дворах", "Платный вебинар о музеях"}
    # Each count: events that choice would show with the other filters kept.
    assert option(html, "yards-t") == ("Дворы (2)", False)
    assert option(html, "museums-t") == ("Музеи (1)", False)
    assert check_count(html, "free") == 1  # free online events in Kazan
    assert check_count(html, "online") == 2  # online events in Kazan, checked or not
    assert option(html, "kazan-t") == ("Казань (2)", True)
    assert option(html, "perm-t") is None  # no online events in Perm

    free = client.get(f"{index.url}?free=on").content.decode()
    assert listed(free) == {"Лекция о дворах", "Вебинар о дворах", "Встреча в Перми"}
    assert option(free, "museums-t") == ("Музеи (1)", False)
    assert check_count(free, "free") == 3 and check_count(free, "online") == 1


def test_choosing_a_topic_narrows_the_list_and_the_feed(client, calendar):
    index, index_en = calendar

    html = client.get(f"{index.url}?topic=museums-t").content.decode()
    assert listed(html) == {"Платный вебинар о музеях", "Встреча в Перми"}
    assert option(html, "museums-t") == ("Музеи (2)", True)
    assert option(html, "yards-t") == ("Дворы (3)", False)
    assert check_count(html, "free") == 1 and check_count(html, "online") == 1
    assert "webcal://testserver/ru/afisha/ics/?topic=museums-t" in html
    feed = icalendar.Calendar.from_ical(client.get(f"{index.url}ics/?topic=museums-t").content)
    assert {str(e["summary"]) for e in feed.walk("VEVENT")} == {
        "Платный вебинар о музеях",
        "Встреча в Перми",
    }

    en = client.get(f"{index_en.url}?topic=yards-t&free=on").content.decode()
    assert listed(en) == {"Talk on yards", "Webinar on yards"}
    assert option(en, "yards-t") == ("Courtyards (2)", True)
    assert f"webcal://testserver{index_en.url}ics/?topic=yards-t&amp;free=on" in en
    feed = icalendar.Calendar.from_ical(
        client.get(f"{index_en.url}ics/?topic=yards-t&free=on").content
    )
    assert {str(e["summary"]) for e in feed.walk("VEVENT")} == {"Talk on yards", "Webinar on yards"}


def test_a_topic_with_nothing_upcoming_stays_selected(client, calendar):
    index, _index_en = calendar
    TopicFactory(name="Архив", slug="archive-t")

    html = client.get(f"{index.url}?topic=archive-t").content.decode()
    assert listed(html) == set()
    assert option(html, "archive-t") == ("Архив (0)", True)


def test_counts_follow_the_clock_and_publications_without_other_changes(client, home, locales):
    """The unfiltered counts are shared between readers; an event whose last date ends
    leaves them without anyone publishing, and a new event enters them at once."""
    index = EventIndexPageFactory(parent=home, slug="afisha-c")
    kazan = CityFactory(name="Казань", slug="kazan-c", region="")
    today = {
        "start_date": NOW.date(),
        "start_time": datetime.time(16),
        "end_time": datetime.time(17),
    }
    EventPageFactory(parent=index, title="Сегодня", city=kazan, time_zone="Europe/Moscow", **today)
    EventPageFactory(
        parent=index, title="Через неделю", city=kazan, start_date=datetime.date(2026, 12, 1)
    )

    assert option(client.get(index.url).content.decode(), "kazan-c") == ("Казань (2)", False)
    with time_machine.travel(NOW + datetime.timedelta(hours=3), tick=False):
        html = client.get(index.url + "?free=on").content.decode()
        assert option(html, "kazan-c") == ("Казань (1)", False)
        assert check_count(html, "free") == 1
        EventPageFactory(
            parent=index, title="Завтра", city=kazan, start_date=datetime.date(2026, 11, 25)
        )
        html = client.get(index.url + "?online=").content.decode()
        assert option(html, "kazan-c") == ("Казань (2)", False)
