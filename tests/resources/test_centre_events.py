"""A centre page gathers the upcoming and past events held there: the events name their venue,
and the centre's lists are queries over them, not links kept on the centre."""

import datetime

from django.utils import timezone

from tests.factories.events import EventIndexPageFactory, EventPageFactory, translate_event
from tests.factories.resources import CentreIndexPageFactory, CentrePageFactory


def test_centre_page_lists_upcoming_events_held_there(client, home):
    centre = CentrePageFactory(parent=CentreIndexPageFactory(parent=home), title="Благосфера")
    calendar = EventIndexPageFactory(parent=home)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    EventPageFactory(parent=calendar, title="Встреча в центре", venue=centre, start_date=soon)
    EventPageFactory(parent=calendar, title="Встреча в другом месте", start_date=soon)
    EventPageFactory(
        parent=calendar,
        title="Прошлая встреча в центре",
        venue=centre,
        start_date=soon - datetime.timedelta(days=400),
    )

    html = client.get(centre.url).content.decode()
    upcoming = html.split("Ближайшие события здесь", 1)[1].split("</section>", 1)[0]

    assert "Встреча в центре" in upcoming
    assert "Встреча в другом месте" not in html
    # The past one is listed apart, under its own heading.
    assert "Прошлая встреча в центре" not in upcoming


def test_centre_page_lists_past_events_held_there_latest_first(client, home, locales):
    from portal.translation.translate import translate_object
    from resources.models import CentrePage

    centre = CentrePageFactory(parent=CentreIndexPageFactory(parent=home), title="Благосфера")
    calendar = EventIndexPageFactory(parent=home)
    today = timezone.localdate()
    past = []
    for number in range(7):
        past.append(
            EventPageFactory(
                parent=calendar,
                title=f"Прошлая встреча {number}",
                venue=centre,
                start_date=today - datetime.timedelta(days=30 * (number + 1)),
            )
        )
    EventPageFactory(
        parent=calendar,
        title="Прошлая встреча в другом месте",
        start_date=today - datetime.timedelta(days=5),
    )
    EventPageFactory(
        parent=calendar,
        title="Будущая встреча",
        venue=centre,
        start_date=today + datetime.timedelta(days=3),
    )

    html = client.get(centre.url).content.decode()

    section = html.split("centre-events--past", 1)[1].split("</section>", 1)[0]
    assert "Прошедшие события здесь" in section
    shown = [f"Прошлая встреча {number}" for number in range(5)]
    positions = [section.index(title) for title in shown]
    assert positions == sorted(positions)  # most recent first
    for hidden in ("Прошлая встреча 5", "Прошлая встреча 6", "другом месте", "Будущая встреча"):
        assert hidden not in section
    assert f'href="{calendar.url}past/"' in section
    assert "Будущая встреча" in html.split("centre-events--past", 1)[0]

    # The English page lists the English versions of the same events.
    english = locales["en"]
    centre_en = translate_object(
        centre, english, CentrePage(title="Blagosfera", slug="blagosfera", summary="A centre.")
    )
    translate_object(calendar, english, type(calendar)(title="Calendar", slug="calendar"))
    translate_event(past[0], english, "A past meeting", summary="Met.", address="1 Lenin Street")
    html_en = client.get(centre_en.url).content.decode()
    section_en = html_en.split("centre-events--past", 1)[1].split("</section>", 1)[0]
    assert "Past events here" in section_en and "A past meeting" in section_en
    assert "Прошлая" not in section_en


def test_centre_page_without_past_events_has_no_past_section(client, home):
    centre = CentrePageFactory(parent=CentreIndexPageFactory(parent=home))
    assert "centre-events--past" not in client.get(centre.url).content.decode()
