"""Time zones: wall-clock times in the event's zone (else its city's), the right instant
everywhere, and events that follow their city when its zone changes."""

import datetime

import time_machine

from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.portal import CityFactory
from tests.helpers import parse_ics, vevents
from tests.news.events import UTC


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


# 16:00 in Moscow, 23:00 in Vladivostok: an evening event at 19:00–21:00 local time has not
# started in Moscow and is already over in Vladivostok.
EVENING = datetime.datetime(2026, 12, 4, 13, 0, tzinfo=datetime.UTC)


@time_machine.travel(EVENING, tick=False)
def test_changing_a_city_zone_moves_its_events_between_upcoming_and_past(client, home):
    index = EventIndexPageFactory(parent=home)
    city = CityFactory(name="Артём", slug="artyom", time_zone="Europe/Moscow")
    event = EventPageFactory(parent=index, title="Вечер соседей", city=city)
    own_zone = EventPageFactory(
        parent=index, title="Лекция по местному", city=city, time_zone="Europe/Moscow"
    )
    assert "Вечер соседей" in client.get(index.url).content.decode()

    city.time_zone = "Asia/Vladivostok"
    city.save()

    event.refresh_from_db()
    assert event.starts_at == datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
    upcoming = client.get(index.url).content.decode()
    past = client.get(index.url + "past/").content.decode()
    assert "Вечер соседей" not in upcoming and "Вечер соседей" in past
    # An event with a zone of its own keeps it.
    own_zone.refresh_from_db()
    assert own_zone.starts_at == datetime.datetime(2026, 12, 4, 16, 0, tzinfo=datetime.UTC)
    assert "Лекция по местному" in upcoming
    # The page and its calendar file now speak Vladivostok time.
    ics = client.get(event.url + "ics/").content.decode()
    assert "DTSTART;TZID=Asia/Vladivostok:20261204T190000" in ics
