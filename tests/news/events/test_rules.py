"""Where events sit in the page tree and what an event may not be: validation in code and in
the admin."""

import datetime
import re

from wagtail.test.utils import WagtailPageTestCase

import pytest

from home.models import HomePage
from news.models import EventIndexPage, EventPage
from tests.factories.events import EventIndexPageFactory, EventPageFactory


class TestEventPageRules(WagtailPageTestCase):
    def test_calendar_tree(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_date": datetime.date(2026, 12, 1)}, "end_date"),
        ({"end_time": datetime.time(18)}, "end_time"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"frequency": "weekly", "until": datetime.date(2026, 12, 31), "count": 3}, "count"),
        ({"frequency": "weekly", "excluded_dates": "2026-12-11 вчера"}, "excluded_dates"),
        ({"until": datetime.date(2026, 12, 31)}, "frequency"),
        ({"status": "moved_online"}, "online_url"),
        ({"is_free": False}, "price_note"),
        ({"place_name": "", "address": ""}, "place_name"),
        ({"registration_deadline": datetime.date(2026, 12, 30)}, "registration_deadline"),
    ],
)
def test_inconsistent_events_are_refused(index, fields, field):
    with pytest.raises(Exception) as caught:
        EventPageFactory(parent=index, **fields)
    assert field in caught.value.message_dict


def test_an_event_names_every_broken_rule_at_once(index):
    """A half-given point on the map does not hide the event's other mistakes."""
    with pytest.raises(Exception) as caught:
        EventPageFactory(parent=index, latitude="55.75", end_date=datetime.date(2026, 12, 1))
    assert {"longitude", "end_date"} <= set(caught.value.message_dict)


class TestAdminValidation(WagtailPageTestCase):
    def test_admin_add_form_shows_field_errors(self):
        from django.urls import reverse

        from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

        self.login()
        home = HomePage.objects.get(locale__language_code="ru")
        index = EventIndexPageFactory(parent=home)
        url = reverse("wagtailadmin_pages:add", args=("news", "eventpage", index.pk))
        data = nested_form_data(
            {
                "title": "Лекция",
                "slug": "lekciya",
                "status": "scheduled",
                "summary": "О дворах.",
                "start_date": "2026-12-04",
                "start_time": "19:00",
                "end_date": "2026-12-03",
                "end_time": "21:00",
                "interval": "1",
                "place_name": "Библиотека",
                "is_free": "on",
                "topics": inline_formset([]),
                "body": streamfield([]),
                "weekdays": [],
            }
        )
        response = self.client.post(url, data)

        assert response.status_code == 200
        # The admin speaks the default language, Russian.
        assert "Событие не может закончиться раньше, чем начнётся." in response.content.decode()
        assert not EventPage.objects.filter(slug="lekciya").exists()

        data["end_date"] = "2026-12-04"
        data["frequency"] = "weekly"
        data["weekdays"] = ["TU", "FR"]
        response = self.client.post(url, data)
        assert response.status_code == 302
        created = EventPage.objects.get(slug="lekciya")
        assert created.weekdays == "TU,FR"
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=(created.pk,)))
        assert edit.status_code == 200
        assert re.search(r'value="TU"[^>]*checked', edit.content.decode())
