"""An online event that names a city (the organiser's, say) is online only: the city alone is
not a place to go to. It still belongs to that city's filter."""

import re
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError

from wagtail.models import Locale

import icalendar
import pytest
import time_machine

from home.models import HomePage
from news.models import EventIndexPage, EventPage
from portal.models import City
from portal.translation.translate import translate_object
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.portal import CityFactory
from tests.helpers import json_ld, rolled_back_after
from tests.news.events import NOW

LINK = "https://example.org/webinar"

# The tests read the module's webinar, which none of them asks the database for.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def setup(django_db_setup, django_db_blocker):
    """An online event in Moscow, in both languages, built once for the module."""
    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False):
            built = build_webinar({loc.language_code: loc for loc in Locale.objects.all()})
        yield built


def build_webinar(locales):
    home = HomePage.objects.get(locale__language_code="ru")
    index = EventIndexPageFactory(parent=home)
    index_en = translate_object(index, locales["en"], EventIndexPage(title="Events", slug="events"))
    moscow = CityFactory(name="Москва", slug="moscow-t", region="", time_zone="Europe/Moscow")
    translate_object(moscow, locales["en"], City(name="Moscow", slug="moscow-t"))
    webinar = EventPageFactory(
        parent=index,
        title="Вебинар о финансах",
        city=moscow,
        place_name="",
        address="",
        online_url=LINK,
    )
    webinar_en = translate_object(
        webinar,
        locales["en"],
        EventPage(title="Webinar on funding", slug="webinar", summary="Online.", place_name=""),
    )
    return index, index_en, webinar, webinar_en


@pytest.mark.parametrize("language", ["ru", "en"])
def test_online_event_with_a_city_is_online_only(client, setup, language):
    _index, _index_en, webinar, webinar_en = setup
    page = webinar if language == "ru" else webinar_en
    html = client.get(page.url).content.decode()
    data = json_ld(html)

    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {"@type": "VirtualLocation", "url": LINK}
    # No "Where" line made of the city alone (it used to read "Where , Moscow").
    assert "<dt>Where</dt>" not in html and "<dt>Где</dt>" not in html
    assert ", Moscow</dd>" not in html and ", Москва</dd>" not in html
    # The time is still given in the city's time.
    assert ("Moscow time" if language == "en" else "Москва") in html
    assert f'href="{LINK}"' in html


def test_calendars_point_at_the_online_link(client, setup):
    _index, _index_en, webinar, webinar_en = setup
    for page in (webinar, webinar_en):
        response = client.get(page.url + "ics/")
        (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert str(event["location"]) == LINK
        html = client.get(page.url).content.decode()
        (google,) = re.findall(r'href="(https://calendar\.google\.com/[^"]+)"', html)
        query = parse_qs(urlsplit(google.replace("&amp;", "&")).query)
        assert query["location"] == [LINK]


def test_the_city_filter_still_finds_an_online_event_of_that_city(client, setup):
    index, index_en, _webinar, _webinar_en = setup
    EventPageFactory(parent=index, title="Встреча без города")

    for url, title in ((index.url, "Вебинар о финансах"), (index_en.url, "Webinar on funding")):
        for query in ("city=moscow-t", "city=moscow-t&online=on"):
            html = client.get(f"{url}?{query}").content.decode()
            assert title in html and "Встреча без города" not in html, query
        ics = client.get(f"{url}ics/?city=moscow-t").content
        events = icalendar.Calendar.from_ical(ics).walk("VEVENT")
        assert [str(e["location"]) for e in events] == [LINK]


def test_a_city_alone_is_not_enough_for_an_event_without_a_link(setup):
    index, _index_en, webinar, _webinar_en = setup
    with pytest.raises(ValidationError) as caught:
        EventPageFactory(parent=index, city=webinar.city, place_name="", address="")
    assert "place_name" in caught.value.message_dict


def test_an_address_without_a_place_name_reads_well(client, setup):
    index, _index_en, webinar, _webinar_en = setup
    page = EventPageFactory(parent=index, city=webinar.city, place_name="", online_url=LINK)
    html = client.get(page.url).content.decode()
    data = json_ld(html)

    assert "<dd>ул. Ленина, 1, Москва</dd>" in html
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["address"]["streetAddress"] == "ул. Ленина, 1"
    assert virtual["url"] == LINK
