"""The calendar's shared set-up: the clock pinned to 2026-11-24 12:00 UTC (15:00 in Moscow),
the calendar in both languages and two cities far apart."""

import pytest
import time_machine

from news.models import EventIndexPage
from portal.translation.translate import translate_object
from tests.factories.events import EventIndexPageFactory
from tests.factories.portal import CityFactory
from tests.news.events import NOW


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


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
