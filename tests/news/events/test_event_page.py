"""The event page: JSON-LD, status, calendar links, the venue and the dates in each language."""

import datetime
import json
import re

import pytest

from news.models import EventPage
from portal.translation.translate import translate_object
from tests.factories.events import EventPageFactory
from tests.factories.portal import OrganisationFactory
from tests.helpers import json_ld, parse_ics, vevents


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


def test_event_page_links_to_calendars(client, index):
    page = EventPageFactory(parent=index, title="Лекция", frequency="weekly", count=4)
    html = client.get(page.url).content.decode()

    assert f'href="webcal://testserver{page.url}ics/"' in html
    assert "https://calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "dates=20261204T160000Z%2F20261204T180000Z" in html
    assert "recur=RRULE%3AFREQ%3DWEEKLY" in html


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
