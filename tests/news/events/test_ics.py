"""ICS files: the subscription feed and each event's file, as calendar clients read them."""

import datetime

import icalendar
import time_machine

from news.models import EventPage
from portal.translation.translate import translate_object
from tests.factories.events import EventPageFactory, translate_event
from tests.factories.portal import CityFactory
from tests.helpers import parse_ics, vevents
from tests.news.events import NOW


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
    assert str(event["summary"]) == page.title.strip()  # unfolded intact, no broken UTF-8


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


def test_a_title_with_a_line_break_or_control_characters_still_makes_a_calendar(client, index):
    """A title pasted from elsewhere may hold a line break or a stray control character."""
    page = EventPageFactory(
        parent=index,
        title="Лекция\r\nо дворах\x07",
        summary="<p>Первая строка</p>\x0b",
        online_url="https://example.org/stream",
    )
    index.title = "Афиша\nгорода"
    index.save_revision().publish()

    (single,) = vevents(parse_ics(client.get(page.url + "ics/")))
    assert str(single["summary"]) == "Лекция о дворах"
    feed = parse_ics(client.get("/ru/afisha/ics/"))
    assert str(feed["x-wr-calname"]) == "Афиша города"
    (event,) = vevents(feed)
    description = str(event["description"])
    assert description.splitlines()[0] == "Первая строка"
    assert "https://example.org/stream" in description.splitlines()
    assert not any(ord(char) < 32 and char != "\n" for char in description)


def test_calendar_addresses_come_from_the_site_not_from_the_host_header(client, index):
    """Django checks the Host header's name, not its port: a calendar keeps what it is sent."""
    page = EventPageFactory(parent=index, title="Встреча")
    hostile = {"Host": "testserver:6666"}

    (event,) = vevents(parse_ics(client.get(page.url + "ics/", headers=hostile)))
    assert str(event["url"]) == f"http://testserver{page.url}"
    assert str(event["uid"]).endswith("@testserver")
    html = client.get(page.url, headers=hostile).content.decode()
    assert f'href="webcal://testserver{page.url}ics/"' in html
    assert "6666" not in html
    assert "6666" not in client.get("/ru/afisha/", headers=hostile).content.decode()


def test_text_with_calendar_syntax_comes_back_as_written(client, index):
    """Commas, semicolons and backslashes are escaped; a reader's calendar shows them as typed."""
    page = EventPageFactory(
        parent=index,
        title="Лекция; вход свободный, но \\ с регистрацией",
        place_name="ДК «Октябрь», зал 2; вход со двора",
        address="",
        summary="<p>Строка, с запятой</p>",
    )

    (event,) = vevents(parse_ics(client.get("/ru/afisha/ics/")))
    assert str(event["summary"]) == page.title
    assert str(event["location"]).startswith("ДК «Октябрь», зал 2; вход со двора")
    assert str(event["description"]).splitlines()[0] == "Строка, с запятой"


def test_feed_gives_each_venue_in_the_events_language_in_fixed_queries(
    client, index, index_en, home, locales, django_assert_max_num_queries
):
    from resources.models import CentrePage
    from tests.factories.resources import CentreIndexPageFactory, CentrePageFactory

    centres = CentreIndexPageFactory(parent=home)
    for number in range(4):
        venue = CentrePageFactory(
            parent=centres, title=f"Центр {number}", address=f"ул. Ленина, {number}"
        )
        english_venue = CentrePage(
            title=f"Centre {number}",
            slug=f"centre-{number}",
            summary="A centre.",
            address=f"{number} Lenin St",
        )
        translate_object(venue, locales["en"], english_venue)
        event = EventPageFactory(
            parent=index, title=f"Встреча {number}", venue=venue, place_name="", address=""
        )
        translate_event(event, locales["en"], f"Meeting {number}", place_name="", address="")

    with django_assert_max_num_queries(12):
        english = parse_ics(client.get(index_en.url + "ics/"))
    places = sorted(str(event["location"]) for event in vevents(english))
    assert places == [f"Centre {n}, {n} Lenin St" for n in range(4)]
    assert all(event.get("geo") for event in vevents(english))
    russian = parse_ics(client.get("/ru/afisha/ics/"))
    assert sorted(str(event["location"]) for event in vevents(russian)) == [
        f"Центр {n}, ул. Ленина, {n}" for n in range(4)
    ]
