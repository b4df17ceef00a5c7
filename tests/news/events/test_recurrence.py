"""Recurring events: rules expanded on wall time, exceptions, counts and the caps that keep an
unbounded rule from stalling a view."""

import datetime
import re
import zoneinfo

from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.events import recurrence
from news.models import EventPage
from tests.factories.events import EventPageFactory
from tests.helpers import parse_ics, vevents
from tests.news.events import NOW, UTC


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


def test_expansion_is_capped_per_request(db):
    events = []
    for number in range(20):
        event = EventPageFactory.build(start_date=datetime.date(2000, 1, 1), frequency="daily")
        event.pk = number + 1
        events.append(event)

    found = recurrence.expand(events, NOW, NOW + datetime.timedelta(days=3650))

    assert len(found) == recurrence.MAX_PER_REQUEST
    assert all(len(e.occurrences(NOW, None)) == recurrence.MAX_PER_EVENT for e in events[:2])
