"""Events that keep to their city's time zone follow it when editors change the city's zone."""

import datetime

import pytest
import time_machine

from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.portal import CityFactory

# 16:00 in Moscow, 23:00 in Vladivostok: an evening event at 19:00–21:00 local time has not
# started in Moscow and is already over in Vladivostok.
NOW = datetime.datetime(2026, 12, 4, 13, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


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
