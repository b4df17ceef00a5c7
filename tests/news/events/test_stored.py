"""Stored occurrences: written when an event goes live, rewritten when its rule changes, gone
when it is unpublished, moved on by the daily command; the listings read them and answer as
expanding the rules would."""

import datetime
import io

from django.core.management import call_command

import pytest
import time_machine

from news.events import listings, stored
from news.events.filters import EventFilter
from news.models import EventOccurrence, EventPage
from tests.factories.events import EventPageFactory, translate_event
from tests.factories.news import TopicFactory
from tests.factories.portal import CityFactory, FormatFactory
from tests.helpers import count_queries
from tests.news.events import NOW, UTC

pytestmark = pytest.mark.django_db

LANGUAGES = ["ru", "en"]


def stored_starts(event):
    rows = EventOccurrence.objects.filter(event=event).order_by("start")
    return [row.start.astimezone(UTC) for row in rows]


def at_16_utc(*days):
    """19:00 in Moscow on each day of December 2026."""
    return [datetime.datetime(2026, 12, day, 16, tzinfo=UTC) for day in days]


@pytest.fixture
def weekly(index, moscow):
    """Five Tuesdays at 19:00 in Moscow from 1 December 2026, without the 15th, published."""
    page = EventPageFactory(
        parent=index,
        title="Лекторий по вторникам",
        city=moscow,
        start_date=datetime.date(2026, 12, 1),
        frequency="weekly",
        count=5,
        excluded_dates="2026-12-15",
        live=False,
    )
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


@pytest.fixture
def weekly_en(weekly, index_en, locales):
    return translate_event(weekly, locales["en"], "Tuesday lectures")


def calendar_of(language, index, index_en):
    return index if language == "ru" else index_en


def test_publishing_a_recurring_event_writes_its_occurrences_without_the_excluded_one(
    weekly, weekly_en
):
    for page in (weekly, weekly_en):
        assert stored_starts(page) == at_16_utc(1, 8, 22, 29)
        rows = EventOccurrence.objects.filter(event=page)
        assert {row.locale_id for row in rows} == {page.locale_id}
        days = {datetime.date(2026, 12, day) for day in (1, 8, 22, 29)}
        assert {row.first_day for row in rows} == days


def test_editing_the_rule_rewrites_the_occurrences_and_a_draft_does_not(weekly):
    draft = EventPage.objects.get(pk=weekly.pk)
    draft.count = 2
    draft.save_revision()
    assert stored_starts(weekly) == at_16_utc(1, 8, 22, 29)  # a draft is no change to readers

    edited = EventPage.objects.get(pk=weekly.pk)
    edited.count = 3
    edited.excluded_dates = "2026-12-08"
    edited.start_time = datetime.time(18)
    edited.end_time = datetime.time(20)
    edited.save_revision().publish()

    assert stored_starts(weekly) == [
        datetime.datetime(2026, 12, day, 15, tzinfo=UTC) for day in (1, 15)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_unpublishing_removes_the_event_from_the_calendar(
    client, weekly, weekly_en, index, index_en, language
):
    page = weekly if language == "ru" else weekly_en
    url = calendar_of(language, index, index_en).url
    assert page.title in client.get(url).content.decode()
    assert page.title in client.get(f"{url}?month=2026-12").content.decode()

    page.unpublish()

    assert not EventOccurrence.objects.filter(event=page).exists()
    assert page.title not in client.get(url).content.decode()
    assert page.title not in client.get(f"{url}?month=2026-12").content.decode()
    feed = client.get(f"{url}ics/").content.decode()
    assert page.title not in feed
    other = weekly_en if language == "ru" else weekly
    assert EventOccurrence.objects.filter(event=other).count() == 4  # the other language stays


def test_a_citys_new_zone_moves_the_stored_times(weekly, moscow):
    moscow.time_zone = "Asia/Vladivostok"
    moscow.save()
    assert stored_starts(weekly)[0] == datetime.datetime(2026, 12, 1, 9, tzinfo=UTC)


def test_deleting_an_event_deletes_its_occurrences(weekly):
    weekly.delete()
    assert not EventOccurrence.objects.exists()


def test_the_daily_command_extends_open_series_and_leaves_the_rest(index, moscow):
    endless = EventPageFactory(parent=index, city=moscow, frequency="weekly")
    once = EventPageFactory(parent=index, city=moscow)
    horizon = stored.window(NOW)[1]
    last = max(stored_starts(endless))
    assert horizon <= last < horizon + datetime.timedelta(days=7)  # and the first one after
    assert len(stored_starts(once)) == 1
    once_row = EventOccurrence.objects.get(event=once).pk

    out = io.StringIO()
    call_command("refresh_event_occurrences", stdout=out)
    assert "0 events refreshed" in out.getvalue()  # nothing is stale on the day of publishing

    later = NOW + datetime.timedelta(days=60)
    with time_machine.travel(later, tick=False):
        call_command("refresh_event_occurrences", stdout=out)
        assert "1 events refreshed" in out.getvalue()
        assert max(stored_starts(endless)) >= stored.window(later)[1]
        assert min(stored_starts(endless)) >= stored.window(later)[0]
        assert EventOccurrence.objects.get(event=once).pk == once_row  # untouched

    EventOccurrence.objects.all().delete()  # e.g. a bulk import that bypassed save()
    call_command("refresh_event_occurrences", stdout=out)
    assert len(stored_starts(once)) == 1 and stored_starts(endless)
    call_command("refresh_event_occurrences", "--all", stdout=out)
    assert "2 events refreshed" in out.getvalue()


def test_an_event_far_ahead_keeps_its_next_date(client, index, moscow):
    """Beyond the stored window: the first occurrence after it is stored; a `from` past the
    window is answered by expanding the rule, as before."""
    far = EventPageFactory(
        parent=index,
        title="Биеннале через три года",
        city=moscow,
        start_date=datetime.date(2029, 9, 1),
        frequency="monthly",
    )
    assert len(stored_starts(far)) == 1
    assert "Биеннале через три года" in client.get("/ru/").content.decode()
    html = client.get("/ru/afisha/?from=2030-03-01").content.decode()
    assert "Биеннале через три года" in html
    assert "Биеннале через три года" in client.get("/ru/afisha/?month=2030-03").content.decode()


def build_varied(index):
    cities = [CityFactory() for _ in range(3)]
    formats = [FormatFactory() for _ in range(2)]
    topics = [TopicFactory() for _ in range(3)]
    for number in range(18):
        frequency = ["", "weekly", "daily", "monthly"][number % 4]
        EventPageFactory(
            parent=index,
            city=cities[number % 3],
            event_format=formats[number % 2] if number % 4 else None,
            topics=topics[: number % 4],
            start_date=datetime.date(2026, 11, 20 + number % 9),
            frequency=frequency,
            count=4 if frequency and number % 3 == 0 else None,
            excluded_dates="2026-12-02" if frequency else "",
            is_free=bool(number % 5),
            price_note="500 ₽",
            online_url="https://example.org/live" if number % 3 == 1 else "",
        )
    return cities, formats, topics


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"free": "on"},
        {"online": "on", "free": "on"},
        {"from": "2026-12-03", "to": "2026-12-10"},
        {"from": "2026-12-02", "to": "2026-12-02"},
        "city",
        "topic",
        "format+topic",
    ],
)
def test_stored_rows_answer_as_expanding_the_rules(index, params):
    cities, formats, topics = build_varied(index)
    if params == "city":
        params = {"city": cities[1].slug}
    elif params == "topic":
        params = {"topic": topics[0].slug, "free": "on"}
    elif params == "format+topic":
        params = {"format": formats[1].slug, "topic": topics[1].slug}
    event_filter = EventFilter(params, index=index)
    assert event_filter.is_valid(), event_filter.errors

    cards, counts = listings.stored_upcoming(event_filter, NOW)
    expected, expected_counts = listings.expanded_upcoming(event_filter, NOW)

    def keys(found):
        return [(o.event.pk, o.start, o.end) for o in found]

    assert len(cards) == len(expected) > 0 or params.get("from") == "2026-12-02"
    assert keys(cards[0 : len(cards)]) == keys(expected)
    assert keys(cards[2:5]) == keys(expected[2:5])
    assert counts == expected_counts


def add_events(calendar, count, frequency):
    """``count`` December events, one in five repeating at ``frequency``."""
    for number in range(count):
        EventPageFactory(
            parent=calendar,
            start_date=datetime.date(2026, 12, 1 + number % 28),
            frequency=frequency if number % 5 == 0 else "",
        )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", ["", "?page=2", "?page=abc", "ics/"])
def test_calendar_queries_do_not_grow_with_events(client, index, index_en, language, path):
    calendar = calendar_of(language, index, index_en)

    add_events(calendar, 5, "weekly")
    few = count_queries(client, f"{calendar.url}{path}")
    add_events(calendar, 45, "weekly")
    many = count_queries(client, f"{calendar.url}{path}")
    assert many == few


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_queries_do_not_grow_with_events(client, index, index_en, language):
    calendar = calendar_of(language, index, index_en)
    home = "/ru/" if language == "ru" else "/en/"

    add_events(calendar, 5, "daily")
    few = count_queries(client, home)
    html = client.get(home).content.decode()
    add_events(calendar, 45, "daily")
    many = count_queries(client, home)
    assert many == few
    assert html.count("event-card") >= 1
