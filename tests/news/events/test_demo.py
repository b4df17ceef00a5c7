"""The demo calendar, loaded once for the session."""

import datetime

from news.models import EventPage
from tests.helpers import parse_ics


def test_demo_calendar_is_full_varied_and_idempotent(client, demo, settings):
    import io

    # Every event's .ics from one client, more than a reader's limit allows in a minute.
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "ics": "off"}

    from django.core.management import call_command

    count = EventPage.objects.count()
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    ru = EventPage.objects.filter(locale__language_code="ru")
    en = EventPage.objects.filter(locale__language_code="en")

    assert EventPage.objects.count() == count
    assert ru.count() >= 21 and en.count() * 2 >= ru.count()
    assert ru.exclude(frequency="").count() >= 3
    assert {"cancelled", "postponed", "moved_online"} <= set(ru.values_list("status", flat=True))
    assert len({page.zone_name for page in ru.select_related("city")}) >= 5
    conference = ru.get(start_date=datetime.date(2017, 11, 20))
    assert conference.end_date == datetime.date(2017, 11, 21)
    assert conference.location().name == "Благосфера"  # the centre page is its venue
    assert conference.venue.specific_class.__name__ == "CentrePage"
    assert conference in EventPage.objects.past()

    upcoming = client.get("/ru/afisha/").content.decode()
    assert upcoming.count('class="event-card ') >= 15
    assert "Фабрика пространств" in client.get("/ru/afisha/past/").content.decode()
    english = client.get("/en/events/")
    assert english.status_code == 200 and "Language club for newcomers" in english.content.decode()
    assert "Upcoming events" in client.get("/en/").content.decode()
    for page in EventPage.objects.live():
        assert client.get(page.url).status_code == 200
        parse_ics(client.get(page.url + "ics/"))
