"""The calendar's views say which one is in view, on a 400 too; links into a listing from a
detail page carry the term's slug; a cancelled event says so wherever it is shown."""

import re

from django.utils import timezone

import pytest

from news.events.choices import EventStatus
from tests.factories.events import EventPageFactory
from tests.factories.news import TopicFactory


def current_view(html):
    """The calendar view link marked as the current page."""
    nav = html.split('class="event-views"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize(
    ("path", "query", "view"),
    [
        ("", "month=2026-13", "Месяц"),
        ("", "month=2026-11&city=atlantis", "Месяц"),
        ("", "city=atlantis", "Ближайшие"),
        ("past/", "from=yesterday", "Прошедшие события"),
    ],
)
def test_a_400_marks_the_view_it_was_asked_for(client, index, path, query, view):
    response = client.get(f"{index.url}{path}?{query}")

    assert response.status_code == 400
    html = response.content.decode()
    assert current_view(html) == [view]
    if "month=" in query:  # the month stands in its own field, to be corrected
        assert 'name="month" inputmode="numeric" maxlength="7"' in html
    if "month=2026-13" in query:
        assert 'id="id_month_error"' in html


def test_the_valid_views_mark_themselves(client, index):
    assert current_view(client.get(index.url).content.decode()) == ["Ближайшие"]
    assert current_view(client.get(f"{index.url}past/").content.decode()) == ["Прошедшие события"]


def test_the_month_link_keeps_the_valid_filters_on_a_400(client, index):
    html = client.get(f"{index.url}?month=2026-13&free=on").content.decode()

    this_month = timezone.localdate().strftime("%Y-%m")
    assert f'href="{index.url}?free=on&amp;month={this_month}"' in html


def test_an_event_links_its_topic_into_the_calendar(client, index):
    topic = TopicFactory(name="Дворы", slug="dvory")
    event = EventPageFactory(parent=index, title="Лекция", topics=[topic])

    html = client.get(event.url).content.decode()

    assert f'<a href="{index.url}?topic=dvory">Дворы</a>' in html


def test_only_an_event_not_as_planned_shows_its_status(index):
    event = EventPageFactory(parent=index, title="Лекция")
    assert event.is_scheduled
    event.status = EventStatus.CANCELLED
    assert not event.is_scheduled


@pytest.mark.parametrize(("language", "more"), [("ru", "ещё 2 события"), ("en", "2 more events")])
def test_a_busy_day_of_the_month_links_to_its_full_list(client, index, index_en, language, more):
    import datetime

    from tests.factories.events import translate_event

    calendar = index if language == "ru" else index_en
    titles = []
    for number in range(6):
        page = EventPageFactory(
            parent=index, title=f"Событие {number}", start_date=datetime.date(2026, 12, 10)
        )
        titles.append(page.title)
        if language == "en":
            titles[-1] = translate_event(page, index_en.locale, f"Event {number}").title

    html = client.get(calendar.url + "?month=2026-12&free=on").content.decode()
    day = html[html.index('datetime="2026-12-10"') :].split("</td>", 1)[0]
    assert day.count("<li ") == 4
    link = re.search(r'<a class="month-grid__more" href="([^"]+)">([^<]+)<', day)
    assert link and link.group(2).strip() == more
    target = link.group(1).replace("&amp;", "&")
    assert "from=2026-12-10" in target and "to=2026-12-10" in target and "free=on" in target
    assert "month=" not in target
    listed = client.get(target).content.decode()
    assert all(title in listed for title in titles)


@pytest.mark.parametrize(("language", "more"), [("ru", "ещё 21 событие"), ("en", "21 more events")])
def test_a_crowded_month_counts_every_day_to_its_end(client, index, index_en, language, more):
    """25 daily events fill the grid's 35 days with 875 occurrences: the last week's days
    still list four and count the rest, as the first week's do."""
    import datetime

    from tests.factories.events import translate_event

    calendar = index if language == "ru" else index_en
    for number in range(25):
        page = EventPageFactory(
            parent=index,
            title=f"Ежедневное {number}",
            start_date=datetime.date(2026, 11, 30),
            start_time=datetime.time(10, number),
            frequency="daily",
            until=datetime.date(2027, 1, 10),
        )
        if language == "en":
            translate_event(page, index_en.locale, f"Daily {number}")

    html = client.get(calendar.url + "?month=2026-12").content.decode()
    for date in ("2026-12-01", "2026-12-28", "2026-12-31"):
        day = html[html.index(f'datetime="{date}"') :].split("</td>", 1)[0]
        assert day.count("<li ") == 4, date
        link = re.search(r'<a class="month-grid__more" href="[^"]+">([^<]+)<', day)
        assert link and link.group(1).strip() == more, date
    caption = re.search(r"<caption>([^<]*)<", html)
    # Every occurrence the grid's weeks touch is counted, none left out past a cap.
    assert int(re.search(r": (\d+) ", caption.group(1)).group(1)) >= 875, caption.group(1)
