"""Query budgets: the calendar's pages cost the same queries for few events as for many."""

import datetime
import re

from tests.factories.events import EventPageFactory
from tests.factories.news import TopicFactory
from tests.factories.portal import CityFactory, FormatFactory, OrganisationFactory
from tests.helpers import count_queries


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

    # A day lists its first four; the caption counts them all.
    assert html.count('<li class="event-status--scheduled">') >= 4 * 28
    assert re.search(r"<caption>[^<]*: \d{3} событ", html) and html.count("month-grid__more") >= 28
    assert many == few


def test_feed_query_count_does_not_grow_with_events(client, index):
    build_events(index, 5)
    few = count_queries(client, "/ru/afisha/ics/")
    build_events(index, 45)
    many = count_queries(client, "/ru/afisha/ics/")

    assert many == few


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
