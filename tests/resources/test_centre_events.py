"""A centre page gathers the upcoming events held there (DESIGN.md: reverse lists are queries)."""

import datetime

from django.utils import timezone

from tests.factories.events import EventIndexPageFactory, EventPageFactory
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

    assert "Встреча в центре" in html
    assert "Встреча в другом месте" not in html
    assert "Прошлая встреча в центре" not in html
