"""The dashboard's upcoming events without an English version: the calendar's upcoming
Russian events that the English calendar does not show, the soonest first, with what the
user may do about each."""

import datetime

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest
import time_machine
from bs4 import BeautifulSoup

from news.models import EventIndexPage, EventPage
from portal.translation.translate import translate_object
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.team import make_team

NOW = datetime.datetime(2026, 11, 24, 12, tzinfo=datetime.UTC)  # 15:00 in Moscow


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def team(db, django_user_model, calendar):
    return make_team(django_user_model)  # after the sections, so the rights reach them


@pytest.fixture
def calendar(home, locales):
    index = EventIndexPageFactory(parent=home)
    translate_object(index, locales["en"], EventIndexPage(title="Events", slug="events"))
    return index


def translate(event, locales, publish=True):
    shadow = EventPage(
        title=f"English {event.pk}",
        slug=f"english-{event.pk}",
        summary="In English.",
        place_name="House of culture",
        address="1 Lenin St",
    )
    return translate_object(event, locales["en"], shadow, publish=publish)


def event(calendar, title, start, **fields):
    return EventPageFactory(
        parent=calendar, title=title, slug=f"e-{start}", start_date=start, **fields
    )


def panel(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="untranslated-events-section")


def titles(section):
    return [row.find("td").get_text(strip=True) for row in section.select("tbody tr")]


@pytest.fixture
def events(calendar, locales):
    found = {
        "untranslated": event(calendar, "Лекция без перевода", datetime.date(2026, 12, 10)),
        "draft_english": event(calendar, "Перевод в черновике", datetime.date(2026, 12, 5)),
        "translated": event(calendar, "Переведённая встреча", datetime.date(2026, 12, 1)),
        "past": event(calendar, "Прошедший семинар", datetime.date(2026, 11, 1)),
        "unpublished": event(calendar, "Неопубликованное", datetime.date(2026, 12, 2), live=False),
        # Weekly on Thursdays since September: the next one is on 26 November.
        "weekly": event(
            calendar,
            "Клуб по четвергам",
            datetime.date(2026, 9, 3),
            frequency="weekly",
            until=datetime.date(2027, 3, 1),
        ),
    }
    translate(found["draft_english"], locales, publish=False)
    translate(found["translated"], locales)
    return found


def test_the_upcoming_events_the_english_calendar_misses_the_soonest_first(
    client, team, events, locales
):
    section = panel(client, team.translator)

    heading = section.find(class_="w-panel__heading").get_text(strip=True)
    assert heading == "Предстоящие события без английской версии (3)"
    assert titles(section) == ["Клуб по четвергам", "Перевод в черновике", "Лекция без перевода"]
    assert "26 ноября 2026" in section.get_text()  # the weekly club's next date, not its first
    rows = {row.find("td").get_text(strip=True): row for row in section.select("tbody tr")}
    assert "Не опубликована" in rows["Перевод в черновике"].get_text()
    assert "Нет" in rows["Лекция без перевода"].get_text()

    # A translator may start the translation and edit the English draft, not the Russian page.
    untranslated = events["untranslated"]
    translate_url = reverse("wagtail_localize:submit_page_translation", args=[untranslated.pk])
    assert rows["Лекция без перевода"].find("a", href=translate_url)
    assert client.get(translate_url).status_code == 200
    assert client.post(translate_url, {"locales": [locales["en"].pk]}).status_code == 302
    assert untranslated.has_translation(locales["en"])
    english = events["draft_english"].get_translation(locales["en"])
    assert rows["Перевод в черновике"].find(
        "a", href=reverse("wagtailadmin_pages:edit", args=[english.pk])
    )
    assert not section.find("a", href=reverse("wagtailadmin_pages:edit", args=[untranslated.pk]))


def test_an_editor_may_edit_the_events_but_not_translate_them(client, team, events):
    section = panel(client, team.editor)
    assert len(titles(section)) == 3
    untranslated = events["untranslated"]
    assert section.find("a", href=reverse("wagtailadmin_pages:edit", args=[untranslated.pk]))
    assert not section.find(
        "a", href=reverse("wagtail_localize:submit_page_translation", args=[untranslated.pk])
    )


def test_nobody_without_rights_on_the_calendar_sees_it(client, events, django_user_model):
    outsider = django_user_model.objects.create_user("outsider", password="x")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert panel(client, outsider) is None


def test_translating_the_event_takes_it_off(client, team, events, locales):
    translate(events["untranslated"], locales)
    translate(events["weekly"], locales)
    english = events["draft_english"].get_translation(locales["en"])
    english.get_latest_revision().publish()
    assert panel(client, team.translator) is None
