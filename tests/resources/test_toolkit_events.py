"""A toolkit page shows upcoming events of its format: the Format snippet is shared by toolkits
and events, so a reader can "see this format live"."""

import datetime

from django.utils import timezone

import pytest

from portal.models import Format
from portal.translation.translate import translate_object
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.portal import CityFactory, FormatFactory
from tests.factories.resources import ToolkitPageFactory
from tests.helpers import count_queries


@pytest.fixture
def calendar(home):
    return EventIndexPageFactory(parent=home)


def soon(days=10):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_toolkit_lists_upcoming_events_of_its_format(client, toolkit_index, calendar, locales):
    festival = FormatFactory(name="Фестиваль", slug="festival")
    festival_en = translate_object(
        festival, locales["en"], Format(name="Festival", slug="festival")
    )
    lecture = FormatFactory(name="Лекция", slug="lecture")
    toolkit = ToolkitPageFactory(parent=toolkit_index, format_type=festival)
    make = EventPageFactory
    make(parent=calendar, title="Фестиваль двора", event_format=festival, start_date=soon(20))
    make(
        parent=calendar,
        title="Фестиваль на набережной",
        event_format=festival_en,
        start_date=soon(5),
    )
    make(parent=calendar, title="Лекция о дворах", event_format=lecture, start_date=soon())
    make(parent=calendar, title="Прошлый фестиваль", event_format=festival, start_date=soon(-400))
    make(
        parent=calendar,
        title="Черновик фестиваля",
        event_format=festival,
        start_date=soon(),
        live=False,
    )

    html = client.get(toolkit.url).content.decode()

    section = html.split('class="related toolkit-events"', 1)[1].split("</section>", 1)[0]
    assert section.index("Фестиваль на набережной") < section.index("Фестиваль двора")
    for absent in ("Лекция о дворах", "Прошлый фестиваль", "Черновик фестиваля"):
        assert absent not in html
    without_format = ToolkitPageFactory(parent=toolkit_index, format_type=None)
    assert "toolkit-events" not in client.get(without_format.url).content.decode()


def test_toolkit_events_cost_the_same_queries_for_one_or_six(client, toolkit_index, calendar):
    def toolkit_with(count):
        event_format = FormatFactory()
        for number in range(count):
            EventPageFactory(
                parent=calendar,
                event_format=event_format,
                city=CityFactory(time_zone="Asia/Yekaterinburg"),
                start_date=soon(number + 1),
            )
        return ToolkitPageFactory(parent=toolkit_index, format_type=event_format)

    one, six = toolkit_with(1), toolkit_with(6)

    assert client.get(six.url).content.decode().count("event-card__title") == 5  # the next five
    assert count_queries(client, six.url) == count_queries(client, one.url)
