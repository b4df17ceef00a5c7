"""The event calendar: page rules, views in both languages, time zones, recurrence, ICS, filters,
bad input and query budgets. The clock is pinned to 2026-11-24 12:00 UTC (15:00 in Moscow)."""

import datetime
import json
import re
import zoneinfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.test.utils import WagtailPageTestCase

import icalendar
import pytest
import time_machine

from home.models import HomePage
from news.events import recurrence
from news.models import EventIndexPage, EventPage
from portal.localize import translate_object
from portal.models import City, Format, Topic
from tests.factories.events import EventIndexPageFactory, EventPageFactory, translate_event
from tests.factories.news import TopicFactory
from tests.factories.portal import CityFactory, FormatFactory, OrganisationFactory
from tests.helpers import count_queries, json_ld

NOW = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


class TestEventPageRules(WagtailPageTestCase):
    def test_calendar_tree(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def index_en(index, locales, home_en):
    return translate_object(index, locales["en"], EventIndexPage(title="Events", slug="events"))


@pytest.fixture
def moscow(db):
    return CityFactory(name="Москва", slug="moscow-t", region="", time_zone="Europe/Moscow")


@pytest.fixture
def vladivostok(db):
    return CityFactory(name="Владивосток", slug="vladivostok-t", time_zone="Asia/Vladivostok")


def parse_ics(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(cal):
    return list(cal.walk("VEVENT"))


# Model rules and validation


def test_zone_defaults_from_the_city_else_moscow(index, vladivostok):
    far = EventPageFactory(parent=index, city=vladivostok)
    plain = EventPageFactory(parent=index)

    assert far.zone_name == "Asia/Vladivostok"
    assert plain.zone_name == "Europe/Moscow"
    assert far.starts_at == datetime.datetime(2026, 12, 4, 9, tzinfo=UTC)

    # The zone follows the city until an editor sets one of their own.
    far.city = CityFactory(name="Калининград", slug="kaliningrad-t", time_zone="Europe/Kaliningrad")
    far.save()
    assert far.zone_name == "Europe/Kaliningrad"
    assert far.starts_at == datetime.datetime(2026, 12, 4, 17, tzinfo=UTC)
    far.time_zone = "Asia/Yekaterinburg"
    far.save()
    assert far.starts_at == datetime.datetime(2026, 12, 4, 14, tzinfo=UTC)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_date": datetime.date(2026, 12, 1)}, "end_date"),
        ({"end_time": datetime.time(18)}, "end_time"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"frequency": "weekly", "until": datetime.date(2026, 12, 31), "count": 3}, "count"),
        ({"frequency": "weekly", "excluded_dates": "2026-12-11 вчера"}, "excluded_dates"),
        ({"until": datetime.date(2026, 12, 31)}, "frequency"),
        ({"status": "moved_online"}, "online_url"),
        ({"is_free": False}, "price_note"),
        ({"place_name": "", "address": ""}, "place_name"),
        ({"registration_deadline": datetime.date(2026, 12, 30)}, "registration_deadline"),
    ],
)
def test_inconsistent_events_are_refused(index, fields, field):
    with pytest.raises(Exception) as caught:
        EventPageFactory(parent=index, **fields)
    assert field in caught.value.message_dict


class TestAdminValidation(WagtailPageTestCase):
    def test_admin_add_form_shows_field_errors(self):
        from django.urls import reverse

        from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

        self.login()
        home = HomePage.objects.get(locale__language_code="ru")
        index = EventIndexPageFactory(parent=home)
        url = reverse("wagtailadmin_pages:add", args=("news", "eventpage", index.pk))
        data = nested_form_data(
            {
                "title": "Лекция",
                "slug": "lekciya",
                "status": "scheduled",
                "summary": "О дворах.",
                "start_date": "2026-12-04",
                "start_time": "19:00",
                "end_date": "2026-12-03",
                "end_time": "21:00",
                "interval": "1",
                "place_name": "Библиотека",
                "is_free": "on",
                "topics": inline_formset([]),
                "body": streamfield([]),
                "weekdays": [],
            }
        )
        response = self.client.post(url, data)

        assert response.status_code == 200
        # The admin speaks the default language, Russian.
        assert "Событие не может закончиться раньше, чем начнётся." in response.content.decode()
        assert not EventPage.objects.filter(slug="lekciya").exists()

        data["end_date"] = "2026-12-04"
        data["frequency"] = "weekly"
        data["weekdays"] = ["TU", "FR"]
        response = self.client.post(url, data)
        assert response.status_code == 302
        created = EventPage.objects.get(slug="lekciya")
        assert created.weekdays == "TU,FR"
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=(created.pk,)))
        assert edit.status_code == 200
        assert re.search(r'value="TU"[^>]*checked', edit.content.decode())


# Time zones


def test_moscow_and_vladivostok_show_local_time_and_export_the_right_instant(
    client, index, moscow, vladivostok
):
    in_moscow = EventPageFactory(parent=index, title="Московская лекция", city=moscow)
    in_vladivostok = EventPageFactory(
        parent=index, title="Владивостокская лекция", city=vladivostok
    )

    for page, utc_hour in ((in_moscow, 16), (in_vladivostok, 9)):
        html = client.get(page.url).content.decode()
        assert "4 декабря 2026 г., 19:00–21:00" in html
        cal = parse_ics(client.get(page.url + "ics/"))
        (event,) = vevents(cal)
        start = event.decoded("dtstart")
        assert start.astimezone(UTC) == datetime.datetime(2026, 12, 4, utc_hour, tzinfo=UTC)
        assert event["dtstart"].params["TZID"] == page.zone_name
        zones = {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")}
        assert page.zone_name in zones
    assert "UTC+10" in client.get(in_vladivostok.url).content.decode()


def test_recurrence_is_expanded_on_wall_time_across_dst(index):
    event = EventPageFactory.build(
        start_date=datetime.date(2026, 3, 20),
        start_time=datetime.time(10),
        end_time=datetime.time(11),
        time_zone="Europe/Berlin",
        frequency="weekly",
    )
    found = event.occurrences(
        datetime.datetime(2026, 4, 3, tzinfo=UTC), datetime.datetime(2026, 4, 4, tzinfo=UTC)
    )

    assert [o.start.astimezone(UTC) for o in found] == [
        datetime.datetime(2026, 4, 3, 8, tzinfo=UTC)
    ]
    assert found[0].local_start.hour == 10


def test_all_day_conference_has_an_exclusive_date_end(client, index, index_en, locales):
    page = EventPageFactory(
        parent=index,
        title="Фабрика пространств",
        start_date=datetime.date(2017, 11, 20),
        end_date=datetime.date(2017, 11, 21),
        start_time=None,
    )
    english = translate_event(
        page, locales["en"], "Factory of Spaces", slug="factory", summary="Two days."
    )

    (event,) = vevents(parse_ics(client.get(page.url + "ics/")))
    assert event.decoded("dtstart") == datetime.date(2017, 11, 20)
    assert event.decoded("dtend") == datetime.date(2017, 11, 22)
    assert "DTEND;VALUE=DATE:20171122" in client.get(page.url + "ics/").content.decode()
    assert "20–21 ноября 2017 г." in client.get(page.url).content.decode()
    assert "November 20–21, 2017" in client.get(english.url).content.decode()
    (english_event,) = vevents(parse_ics(client.get(english.url + "ics/")))
    assert english_event["uid"] == event["uid"]


# Upcoming, past, ongoing


def test_upcoming_and_past_are_decided_by_the_end_of_the_occurrence(client, index, index_en):
    EventPageFactory(parent=index, title="Будущее", start_date=datetime.date(2026, 12, 1))
    EventPageFactory(parent=index, title="Прошедшее", start_date=datetime.date(2026, 11, 1))
    EventPageFactory(
        parent=index,
        title="Идущий фестиваль",
        start_date=datetime.date(2026, 11, 23),
        end_date=datetime.date(2026, 11, 25),
        start_time=None,
    )
    # Ends at 13:00 Moscow time, two hours before "now" (15:00 Moscow).
    EventPageFactory(
        parent=index,
        title="Утренний семинар",
        start_date=datetime.date(2026, 11, 24),
        start_time=datetime.time(10),
        end_time=datetime.time(13),
    )

    upcoming = client.get("/ru/afisha/").content.decode()
    past = client.get("/ru/afisha/past/").content.decode()

    assert "Будущее" in upcoming and "Идущий фестиваль" in upcoming
    assert "badge--now" in upcoming
    assert "Прошедшее" not in upcoming and "Утренний семинар" not in upcoming
    assert "Прошедшее" in past and "Утренний семинар" in past
    assert "Идущий фестиваль" not in past and "Будущее" not in past
    for url in (index_en.url, index_en.url + "past/", index_en.url + "?month=2026-11"):
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()
        assert "Будущее" not in response.content.decode()  # only English events under /en/


def test_english_calendar_lists_translated_events_with_english_city(
    client, index, index_en, locales, moscow
):
    translate_object(moscow, locales["en"], City(name="Moscow", slug="moscow-t"))
    page = EventPageFactory(parent=index, title="Лекция о дворах", city=moscow)
    translate_event(page, locales["en"], "A talk on courtyards", slug="yards", summary="Yards.")
    EventPageFactory(parent=index, title="Только по-русски")

    html = client.get(index_en.url).content.decode()

    assert "A talk on courtyards" in html and "Only" not in html
    assert "Только по-русски" not in html
    assert "Moscow" in html and "Москва" not in html
    assert "Dec. 4, 2026, 7 p.m.–9 p.m." in html


# Recurrence


def test_weekly_rule_across_a_month_boundary_with_an_excluded_date(client, index):
    page = EventPageFactory(
        parent=index,
        title="Клуб по вторникам и пятницам",
        start_date=datetime.date(2026, 11, 24),
        start_time=datetime.time(18),
        end_time=datetime.time(20),
        frequency="weekly",
        weekdays="TU,FR",
        until=datetime.date(2026, 12, 31),
        excluded_dates="2026-12-04",
    )
    november = client.get("/ru/afisha/?month=2026-11").content.decode()
    december = client.get("/ru/afisha/?month=2026-12").content.decode()

    def days_with_event(html):
        cells = re.findall(r'datetime="(\d{4}-\d\d-\d\d)".*?</td>', html, re.S)
        return [
            day
            for day, cell in zip(
                cells, re.split(r'<time class="month-grid__date"', html)[1:], strict=False
            )
            if "Клуб по вторникам" in cell
        ]

    assert days_with_event(november)[:2] == ["2026-11-24", "2026-11-27"]
    dec = [d for d in days_with_event(december) if d.startswith("2026-12")]
    assert dec == [
        "2026-12-01",
        "2026-12-08",
        "2026-12-11",
        "2026-12-15",
        "2026-12-18",
        "2026-12-22",
        "2026-12-25",
        "2026-12-29",
    ]

    (event,) = vevents(parse_ics(client.get(page.url + "ics/")))
    rule = event["rrule"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU", "FR"]
    assert rule["UNTIL"][0].astimezone(UTC) == datetime.datetime(
        2026, 12, 31, 20, 59, 59, tzinfo=UTC
    )
    exdates = [d.dt for d in event["exdate"].dts]
    assert exdates == [
        datetime.datetime(2026, 12, 4, 18, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow"))
    ]
    assert event["exdate"].params["TZID"] == "Europe/Moscow"


def test_monthly_rule_with_count_and_fast_forward_keeps_its_day(index):
    event = EventPageFactory(
        parent=index,
        start_date=datetime.date(2020, 1, 31),
        frequency="monthly",
    )
    found = event.occurrences(datetime.datetime(2026, 1, 1, tzinfo=UTC), None, limit=4)

    assert [o.first_day for o in found] == [
        datetime.date(2026, 1, 31),
        datetime.date(2026, 3, 31),
        datetime.date(2026, 5, 31),
        datetime.date(2026, 7, 31),
    ]
    assert event.ends_at is None
    counted = EventPageFactory(
        parent=index, start_date=datetime.date(2026, 10, 5), frequency="monthly", count=3
    )
    assert counted.ends_at == datetime.datetime(2026, 12, 5, 18, tzinfo=UTC)
    assert counted in EventPage.objects.upcoming()


def test_an_unbounded_daily_rule_does_not_stall_the_month_view(client, index):
    EventPageFactory(
        parent=index, title="Ежедневно", start_date=datetime.date(2000, 1, 1), frequency="daily"
    )
    with CaptureQueriesContext(connection):
        response = client.get("/ru/afisha/?month=2026-12")
    html = response.content.decode()

    assert response.status_code == 200
    assert 28 <= html.count("Ежедневно") <= 42
    assert (
        len(recurrence.expand(EventPage.objects.all(), NOW, NOW + datetime.timedelta(days=3650)))
        <= recurrence.MAX_PER_EVENT
    )


# Filters, search and the filtered feed


def test_filters_combine_and_the_feed_agrees(client, index):
    kazan = CityFactory(name="Казань", slug="kazan-t")
    workshop = FormatFactory(name="Мастерская", slug="workshop-t")
    lecture = FormatFactory(name="Лекция", slug="lecture-t")
    topic = TopicFactory(name="Город", slug="city-topic")
    EventPageFactory(
        parent=index,
        title="Бесплатная мастерская в Казани",
        city=kazan,
        event_format=workshop,
        topics=[topic],
    )
    EventPageFactory(
        parent=index,
        title="Платная мастерская в Казани",
        city=kazan,
        event_format=workshop,
        is_free=False,
        price_note="500 ₽",
    )
    EventPageFactory(parent=index, title="Лекция в Казани", city=kazan, event_format=lecture)
    EventPageFactory(
        parent=index,
        title="Мастерская онлайн",
        event_format=workshop,
        online_url="https://example.org/live",
        place_name="",
    )
    EventPageFactory(
        parent=index,
        title="Мастерская в прошлом",
        city=kazan,
        event_format=workshop,
        start_date=datetime.date(2026, 1, 1),
    )

    query = "city=kazan-t&format=workshop-t&free=on"
    html = client.get(f"/ru/afisha/?{query}").content.decode()
    cal = parse_ics(client.get(f"/ru/afisha/ics/?{query}"))

    assert "Бесплатная мастерская в Казани" in html
    for absent in ("Платная", "Лекция в Казани", "Мастерская онлайн", "Мастерская в прошлом"):
        assert absent not in html
    assert [str(e["summary"]) for e in vevents(cal)] == ["Бесплатная мастерская в Казани"]
    assert "Казань (2)" in client.get("/ru/afisha/?format=workshop-t").content.decode()
    assert f"webcal://testserver/ru/afisha/ics/?{query.replace('&', '&amp;')}" in html.replace(
        "city=kazan-t&amp;format", "city=kazan-t&amp;format"
    )

    online = client.get("/ru/afisha/?online=on").content.decode()
    assert "Мастерская онлайн" in online and "Лекция в Казани" not in online
    topical = client.get("/ru/afisha/?topic=city-topic").content.decode()
    assert "Бесплатная мастерская" in topical and "Лекция в Казани" not in topical
    dated = client.get("/ru/afisha/?from=2026-12-05&to=2026-12-31").content.decode()
    assert "Бесплатная мастерская" not in dated


def test_free_text_search_finds_events_in_the_readers_language(client, index):
    EventPageFactory(parent=index, title="Фестиваль соседей", summary="Праздник двора.")
    EventPageFactory(parent=index, title="Лекция о музеях", summary="Про фонды.")

    html = client.get("/ru/afisha/?q=Фестиваль").content.decode()

    assert "Фестиваль соседей" in html and "Лекция о музеях" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("month=2017-13", "YYYY-MM"),
        ("month=abc", "YYYY-MM"),
        ("from=yesterday", "YYYY-MM-DD"),
        ("to=2026-02-30", "YYYY-MM-DD"),
        ("from=2026-12-10&to=2026-12-01", "before its start"),
        ("q=" + "а" * 2000, "too long"),
        ("city=atlantis", "no such city"),
        ("format=%00", ""),
        ("topic=nope", "no such topic"),
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, index, index_en, query, message):
    for url in ("/ru/afisha/", "/ru/afisha/past/", "/ru/afisha/ics/", "/en/events/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert 'role="alert"' in response.content.decode()
    assert message.lower() in response.content.decode().lower()


@pytest.mark.parametrize(
    ("query", "russian", "english"),
    [
        ("month=2017-13", "Укажите месяц в виде ГГГГ-ММ", "Give the month as YYYY-MM"),
        ("from=yesterday", "Укажите даты в виде ГГГГ-ММ-ДД", "Give dates as YYYY-MM-DD"),
        (
            "q=" + "z" * 2000,
            "Слишком длинный текст для поиска: не больше 200 символов.",
            "The search text is too long: 200 characters at most.",
        ),
    ],
)
def test_bad_parameters_are_explained_in_the_readers_language(
    client, index, index_en, query, russian, english
):
    ru = client.get(f"/ru/afisha/?{query}")
    en = client.get(f"{index_en.url}?{query}")

    assert ru.status_code == en.status_code == 400
    ru_html, en_html = ru.content.decode(), en.content.decode()
    assert 'class="form-errors" role="alert"' in ru_html
    assert "Эти фильтры применить нельзя:" in ru_html and russian in ru_html
    assert english not in ru_html
    assert "These filters cannot be applied:" in en_html and english in en_html
    assert russian not in en_html


def test_english_calendar_filters_by_english_city_format_and_topic(
    client, index, index_en, locales
):
    en = locales["en"]
    kazan = CityFactory(name="Казань", slug="kazan-t", region="")
    perm = CityFactory(name="Пермь", slug="perm-t", region="")
    workshop = FormatFactory(name="Мастерская", slug="workshop-t")
    lecture = FormatFactory(name="Лекция", slug="lecture-t")
    topic = TopicFactory(name="Городская среда", slug="urban-t")
    translate_object(kazan, en, City(name="Kazan", slug="kazan-t"))
    translate_object(perm, en, City(name="Perm", slug="perm-t"))
    translate_object(workshop, en, Format(name="Workshop", slug="workshop-t"))
    translate_object(lecture, en, Format(name="Talk", slug="lecture-t"))
    translate_object(topic, en, Topic(name="Urban environment", slug="urban-t"))
    for title, title_en, city, event_format, topics in (
        ("Мастерская в Казани", "Workshop in Kazan", kazan, workshop, [topic]),
        ("Лекция в Казани", "Talk in Kazan", kazan, lecture, []),
        ("Мастерская в Перми", "Workshop in Perm", perm, workshop, []),
    ):
        page = EventPageFactory(
            parent=index, title=title, city=city, event_format=event_format, topics=topics
        )
        translate_event(page, en, title_en)

    def titles(query):
        response = client.get(f"{index_en.url}?{query}")
        assert response.status_code == 200, query
        html = response.content.decode()
        assert "Мастерская" not in html and "Казань" not in html  # all English
        return {t for t in ("Workshop in Kazan", "Talk in Kazan", "Workshop in Perm") if t in html}

    assert titles("city=kazan-t") == {"Workshop in Kazan", "Talk in Kazan"}
    assert titles("format=workshop-t") == {"Workshop in Kazan", "Workshop in Perm"}
    assert titles("topic=urban-t") == {"Workshop in Kazan"}
    assert titles("city=kazan-t&format=workshop-t") == {"Workshop in Kazan"}
    # The facets are named and counted in English.
    html = client.get(f"{index_en.url}?format=workshop-t").content.decode()
    assert "Kazan (1)" in html and "Perm (1)" in html
    assert re.search(r'value="workshop-t" selected>Workshop \(2\)', html)
    # The filtered feed agrees with the page and is named in English.
    feed = parse_ics(client.get(f"{index_en.url}ics/?city=kazan-t&topic=urban-t"))
    assert [str(e["summary"]) for e in vevents(feed)] == ["Workshop in Kazan"]
    assert str(feed["x-wr-calname"]) == "Events: Kazan, Urban environment"


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=99999",
        "page=-1",
        "q=-Data",
        "q=Data-X.2",
        "q=%5C",
        "q=%26%7C%21%3A%2A%28%29%27%22",
        "q=%00",
        "q=и",
        "q=🎉",
    ],
)
def test_odd_but_harmless_parameters_give_a_page(client, index, query):
    EventPageFactory(parent=index, title="Единственное событие")
    for url in ("/ru/afisha/", "/ru/afisha/past/", "/en/"):
        assert client.get(f"{url}?{query}").status_code == 200


# JSON-LD


def test_json_ld_describes_the_event(client, index, vladivostok):
    organiser = OrganisationFactory(name="Союз <кластеров>", website="https://example.org")
    page = EventPageFactory(
        parent=index,
        title="Встреча </script><b>",
        city=vladivostok,
        latitude="43.115000",
        longitude="131.885500",
        online_url="https://example.org/stream",
        organiser=organiser,
        is_free=False,
        price_note="300 ₽",
    )
    html = client.get(page.url).content.decode()
    (raw,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(raw)

    assert "</script><b>" not in raw
    assert data["@type"] == "Event" and data["name"] == "Встреча </script><b>"
    assert data["startDate"] == "2026-12-04T19:00:00+10:00"
    assert data["endDate"] == "2026-12-04T21:00:00+10:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["address"]["addressLocality"] == "Владивосток"
    assert place["geo"]["latitude"] == 43.115
    assert virtual == {"@type": "VirtualLocation", "url": "https://example.org/stream"}
    assert data["organizer"]["name"] == "Союз <кластеров>"
    assert data["offers"]["description"] == "300 ₽"


def test_cancelled_event_is_marked_everywhere(client, index):
    page = EventPageFactory(parent=index, title="Отменённая встреча", status="cancelled")

    html = client.get(page.url).content.decode()
    (event,) = vevents(parse_ics(client.get(page.url + "ics/")))
    data = json_ld(html)

    assert 'class="event-status event-status--cancelled"' in html
    assert event["status"] == "CANCELLED"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert "event-status--cancelled" in client.get("/ru/afisha/").content.decode()


def test_event_page_links_to_calendars(client, index):
    page = EventPageFactory(parent=index, title="Лекция", frequency="weekly", count=4)
    html = client.get(page.url).content.decode()

    assert f'href="webcal://testserver{page.url}ics/"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "dates=20261204T160000Z%2F20261204T180000Z" in html
    assert "recur=RRULE%3AFREQ%3DWEEKLY" in html


# Home


def test_home_shows_the_next_events(client, index):
    EventPageFactory(parent=index, title="Ближайшее событие")
    EventPageFactory(parent=index, title="Давнее событие", start_date=datetime.date(2025, 1, 1))

    html = client.get("/ru/").content.decode()

    assert "Ближайшее событие" in html and "Давнее событие" not in html


# Query budgets


def build_events(index, count, **kwargs):
    cities = [CityFactory() for _ in range(3)]
    formats = [FormatFactory() for _ in range(2)]
    topics = [TopicFactory() for _ in range(2)]
    for number in range(count):
        EventPageFactory(
            parent=index,
            city=cities[number % 3],
            event_format=formats[number % 2],
            topics=topics[: number % 3],
            start_date=datetime.date(2026, 12, 1 + number % 28),
            **kwargs,
        )


def test_list_query_count_does_not_grow_with_events(client, index):
    build_events(index, 5)
    few = count_queries(client, "/ru/afisha/")
    build_events(index, 45)
    many = count_queries(client, "/ru/afisha/")

    assert many == few


def test_month_query_count_does_not_grow_with_occurrences(client, index):
    build_events(index, 3)
    few = count_queries(client, "/ru/afisha/?month=2026-12")
    build_events(index, 7, frequency="daily")  # 7 daily rules: ~200 occurrences
    html = client.get("/ru/afisha/?month=2026-12").content.decode()
    many = count_queries(client, "/ru/afisha/?month=2026-12")

    assert html.count('<li class="event-status--scheduled">') >= 200
    assert many == few


def test_feed_query_count_does_not_grow_with_events(client, index):
    build_events(index, 5)
    few = count_queries(client, "/ru/afisha/ics/")
    build_events(index, 45)
    many = count_queries(client, "/ru/afisha/ics/")

    assert many == few


# Demo content


def test_demo_calendar_is_full_varied_and_idempotent(client, demo):
    import io

    from django.core.management import call_command

    count = EventPage.objects.count()
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    ru = EventPage.objects.filter(locale__language_code="ru")
    en = EventPage.objects.filter(locale__language_code="en")

    assert EventPage.objects.count() == count
    assert ru.count() >= 21 and en.count() * 2 >= ru.count()
    assert ru.exclude(frequency="").count() >= 3
    assert {"cancelled", "postponed", "moved_online"} <= set(ru.values_list("status", flat=True))
    assert len({page.zone_name for page in ru.select_related("city")}) >= 5
    conference = ru.get(start_date=datetime.date(2017, 11, 20))
    assert conference.end_date == datetime.date(2017, 11, 21)
    assert conference.location().name == "Благосфера"  # the centre page is its venue
    assert conference.venue.specific_class.__name__ == "CentrePage"
    assert conference in EventPage.objects.past()

    upcoming = client.get("/ru/afisha/").content.decode()
    assert upcoming.count('class="event-card ') >= 15
    assert "Фабрика пространств" in client.get("/ru/afisha/past/").content.decode()
    english = client.get("/en/events/")
    assert english.status_code == 200 and "Language club for newcomers" in english.content.decode()
    assert "Upcoming events" in client.get("/en/").content.decode()
    for page in EventPage.objects.live():
        assert client.get(page.url).status_code == 200
        parse_ics(client.get(page.url + "ics/"))


def test_drafts_private_and_other_languages_stay_out_of_every_listing(client, index, index_en):
    from wagtail.models import PageViewRestriction

    EventPageFactory(parent=index, title="Открытое событие")
    EventPageFactory(parent=index, title="Черновик события", live=False)
    private = EventPageFactory(parent=index, title="Закрытое событие")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    urls = ["/ru/afisha/", "/ru/afisha/?month=2026-12", "/ru/afisha/?q=событие", "/ru/"]
    for url in urls:
        html = client.get(url).content.decode()
        assert "Открытое событие" in html, url
        assert "Черновик события" not in html and "Закрытое событие" not in html, url
    feed = parse_ics(client.get("/ru/afisha/ics/"))
    assert [str(e["summary"]) for e in vevents(feed)] == ["Открытое событие"]
    assert vevents(parse_ics(client.get(index_en.url + "ics/"))) == []


def test_feed_has_one_entry_per_event_and_a_zone_for_every_tzid(client, index, vladivostok):
    EventPageFactory(parent=index, title="Раз", city=vladivostok, frequency="daily", count=30)
    EventPageFactory(parent=index, title="Два", start_time=None)
    EventPageFactory(parent=index, title="Три", time_zone="Asia/Yekaterinburg")

    cal = parse_ics(client.get("/ru/afisha/ics/"))
    uids = [str(e["uid"]) for e in vevents(cal)]
    tzids = {e["dtstart"].params.get("TZID") for e in vevents(cal)} - {None}
    zones = {str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")}

    assert len(uids) == len(set(uids)) == 3
    assert tzids == {"Asia/Vladivostok", "Asia/Yekaterinburg"}  # "Два" is all-day: dates
    assert (
        sorted(zones)
        == sorted(str(tz["tzid"]) for tz in cal.walk("VTIMEZONE"))
        == [
            "Asia/Vladivostok",
            "Asia/Yekaterinburg",
        ]
    )
    # VTIMEZONEs are built once per process and shared: the next feed is the same, not doubled.
    assert client.get("/ru/afisha/ics/").content == client.get("/ru/afisha/ics/").content
    assert len(parse_ics(client.get("/ru/afisha/ics/")).walk("VTIMEZONE")) == 2


def test_random_query_strings_never_crash_a_listing(client, index):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    EventPageFactory(parent=index, title="Событие")
    keys = st.sampled_from(
        ["q", "from", "to", "city", "format", "topic", "free", "online", "month", "page", "x"]
    )
    values = st.text(max_size=40)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(keys, values, max_size=4), st.sampled_from(["", "past/", "ics/"]))
    def check(params, route):
        response = client.get(f"/ru/afisha/{route}", params)
        assert response.status_code in (200, 400)

    check()


@pytest.mark.parametrize(
    ("language", "days", "expected"),
    [
        (
            "ru",
            (datetime.date(2026, 11, 30), datetime.date(2026, 12, 2)),
            "30 ноября – 2 декабря 2026 г.",
        ),
        (
            "en",
            (datetime.date(2026, 11, 30), datetime.date(2026, 12, 2)),
            "November 30 – December 2, 2026",
        ),
        (
            "ru",
            (datetime.date(2026, 12, 30), datetime.date(2027, 1, 2)),
            "30 декабря 2026 г. – 2 января 2027 г.",
        ),
        ("en", (datetime.date(2026, 12, 4), datetime.date(2026, 12, 4)), "Dec. 4, 2026"),
    ],
)
def test_date_ranges_are_written_the_way_each_language_writes_them(db, language, days, expected):
    from django.utils import translation

    from news.templatetags.event_tags import event_when

    page = EventPageFactory.build(start_date=days[0], end_date=days[1], start_time=None)
    with translation.override(language):
        assert event_when(page.first_occurrence()) == expected


def test_venue_page_is_linked_in_the_readers_language(client, index, index_en, home, locales):
    from home.models import StandardPage
    from tests.factories.home import StandardPageFactory

    venue = StandardPageFactory(parent=home, title="Дом культуры «Октябрь»", slug="oktyabr")
    venue_en = translate_object(
        venue,
        locales["en"],
        StandardPage(title="October House of Culture", slug="october", intro="x"),
    )
    page = EventPageFactory(parent=index, title="Встреча", venue=venue, place_name="", address="")
    english = translate_object(
        page, locales["en"], EventPage(title="Meeting", slug="meeting", summary="A meeting.")
    )

    assert f'href="{venue.url}"' in client.get(page.url).content.decode()
    from news.events.api import next_events

    EventPageFactory(parent=index, title="В другом месте")
    held_here = next_events(locales["en"], venue=venue_en)
    assert [o.event.title for o in held_here] == ["Meeting"]
    html = client.get(english.url).content.decode()
    assert f'href="{venue_en.url}"' in html and "October House of Culture" in html
    (event,) = vevents(parse_ics(client.get(english.url + "ics/")))
    assert str(event["location"]) == "October House of Culture"


def test_event_page_query_count_does_not_grow_with_topics(client, index):
    small = EventPageFactory(
        parent=index,
        topics=[TopicFactory()],
        organiser=OrganisationFactory(),
        event_format=FormatFactory(),
        city=CityFactory(),
    )
    big = EventPageFactory(
        parent=index,
        topics=[TopicFactory() for _ in range(6)],
        frequency="weekly",
        weekdays="MO,WE,FR",
        organiser=OrganisationFactory(),
        event_format=FormatFactory(),
        city=CityFactory(),
    )

    assert count_queries(client, big.url) == count_queries(client, small.url)


def test_home_query_count_does_not_grow_with_events(client, index):
    build_events(index, 2)
    few = count_queries(client, "/ru/")
    build_events(index, 30)
    many = count_queries(client, "/ru/")

    assert many == few


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")
def test_search_understands_russian_word_forms(client, index):
    EventPageFactory(parent=index, title="Фестиваль соседей", summary="Праздники во дворах.")

    assert "Фестиваль соседей" in client.get("/ru/afisha/?q=соседи").content.decode()
    assert "Фестиваль соседей" in client.get("/ru/afisha/?q=праздник двор").content.decode()


def test_sequence_grows_when_the_event_is_republished(client, index):
    page = EventPageFactory(parent=index, title="Лекция")
    page.save_revision().publish()
    (before,) = vevents(parse_ics(client.get(page.url + "ics/")))
    with time_machine.travel(NOW + datetime.timedelta(hours=2), tick=False):
        page.start_time = datetime.time(18)
        page.save_revision().publish()
        (after,) = vevents(parse_ics(client.get(page.url + "ics/")))

    assert after["uid"] == before["uid"]
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstart").hour == 18


def test_expansion_is_capped_per_request(db):
    events = []
    for number in range(20):
        event = EventPageFactory.build(start_date=datetime.date(2000, 1, 1), frequency="daily")
        event.pk = number + 1
        events.append(event)

    found = recurrence.expand(events, NOW, NOW + datetime.timedelta(days=3650))

    assert len(found) == recurrence.MAX_PER_REQUEST
    assert all(len(e.occurrences(NOW, None)) == recurrence.MAX_PER_EVENT for e in events[:2])


def test_event_moved_online_points_calendars_at_the_link(client, index):
    page = EventPageFactory(
        parent=index, status="moved_online", online_url="https://example.org/live"
    )
    html = client.get(page.url).content.decode()
    (event,) = vevents(parse_ics(client.get(page.url + "ics/")))
    data = json_ld(html)

    assert str(event["location"]) == "https://example.org/live"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/live"}
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"


# ICS: the points in PITFALLS §29 that the tests above do not already cover


def test_feed_header_names_the_calendar_in_each_language_and_filter(client, index, index_en):
    kazan = CityFactory(name="Казань", slug="kazan-t")
    EventPageFactory(parent=index, title="Мастерская в Казани", city=kazan)

    ru = parse_ics(client.get("/ru/afisha/ics/"))
    en = parse_ics(client.get(index_en.url + "ics/"))
    filtered = parse_ics(client.get("/ru/afisha/ics/?city=kazan-t&free=on"))
    en_free = parse_ics(client.get(index_en.url + "ics/?free=on"))
    single = parse_ics(client.get(EventPage.objects.get(title="Мастерская в Казани").url + "ics/"))

    for cal in (ru, en, filtered, single):
        assert str(cal["version"]) == "2.0"
        assert str(cal["prodid"]).startswith("-//")
        assert str(cal["calscale"]) == "GREGORIAN"
        assert str(cal["method"]) == "PUBLISH"
    assert str(ru["x-wr-calname"]) == index.title
    assert str(en["x-wr-calname"]) == "Events"
    assert str(en_free["x-wr-calname"]) == "Events: Free only"
    # A subscriber with several filtered feeds tells them apart by name.
    assert str(filtered["x-wr-calname"]) == f"{index.title}: Казань, Только бесплатные"
    assert str(single["x-wr-calname"]) == "Мастерская в Казани"


def test_every_event_has_a_utc_stamp_and_a_sequence(client, index):
    EventPageFactory(parent=index, title="Раз")
    EventPageFactory(parent=index, title="Два", start_time=None)

    cal = parse_ics(client.get("/ru/afisha/ics/"))

    assert len(vevents(cal)) == 2
    for event in vevents(cal):
        assert event.decoded("dtstamp").utcoffset() == datetime.timedelta(0)
        assert "DTSTAMP:" in event.to_ical().decode() and "Z\r\n" in event.to_ical().decode()
        assert int(event["sequence"]) >= 0


def test_long_cyrillic_lines_are_folded_at_75_octets(client, index):
    page = EventPageFactory(
        parent=index, title="Очень длинное название " * 8, summary="Описание события. " * 40
    )

    raw = client.get(page.url + "ics/").content
    lines = raw.split(b"\r\n")

    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # continuation lines exist
    (event,) = vevents(icalendar.Calendar.from_ical(raw))
    assert str(event["summary"]) == page.title  # unfolded intact, no broken UTF-8


def test_single_event_file_has_an_ascii_file_name(client, index):
    page = EventPageFactory(parent=index, title="Лекция о дворах", slug="lekciya-o-dvorah")
    response = client.get(page.url + "ics/")
    assert response["Content-Disposition"] == 'inline; filename="lekciya-o-dvorah.ics"'

    # Slugs are validated as ASCII, but a page saved around validation must not break the
    # header: the file name is transliterated.
    EventPage.objects.filter(pk=page.pk).update(slug="лекция")
    response = client.get(index.url + "лекция/ics/")
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.isascii()
    assert header == 'inline; filename="lektsiya.ics"'
