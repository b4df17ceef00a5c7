"""Scheduled publishing, as the team sees it on the dashboard: a page waits for its go-live
time, is marked overdue once the time has passed, and is live once publish_scheduled runs."""

import datetime

from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from wagtail.users.models import UserProfile

import pytest
import time_machine

from portal.wagtail_hooks import ScheduledPagesPanel
from tests.factories.home import StandardPageFactory

NOON = datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC)  # 12:00 in Moscow
GO_LIVE = NOON + datetime.timedelta(hours=1)


def schedule(page, at=GO_LIVE):
    """What the editor's "Publish" with a go-live time does: an approved, scheduled revision."""
    page.go_live_at = at
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    return page


@pytest.fixture
def scheduled(home):
    return schedule(StandardPageFactory(parent=home, title="Открытие в декабре", live=False))


def dashboard(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_scheduled_page_waits_then_is_overdue_then_goes_live(admin_client, scheduled):
    with time_machine.travel(NOON, tick=False):
        html = dashboard(admin_client)
    assert "Отложенная публикация" in html and "Открытие в декабре" in html
    assert "Запланирована" in html and "Просрочена" not in html

    with time_machine.travel(GO_LIVE + datetime.timedelta(minutes=3), tick=False):
        html = dashboard(admin_client)
        assert "Просрочена" in html
        assert "1 страница уже должна быть опубликована" in html
        call_command("publish_scheduled")
        scheduled.refresh_from_db()
        assert scheduled.live
        assert admin_client.get(scheduled.url).status_code == 200
        assert "Открытие в декабре" not in dashboard(admin_client)


def test_the_panel_speaks_english_to_an_english_speaking_admin(admin_client, admin_user, scheduled):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    with time_machine.travel(GO_LIVE + datetime.timedelta(minutes=3), tick=False):
        html = dashboard(admin_client)
    assert "Scheduled publishing" in html and "Overdue" in html
    assert "1 page should already be live" in html


def test_an_editor_sees_only_the_pages_they_may_edit(client, home, django_user_model, scheduled):
    outsider = django_user_model.objects.create_user("outsider", password="x", is_staff=True)
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    with time_machine.travel(NOON, tick=False):
        assert "Открытие в декабре" not in dashboard(client)


def panel_html(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return ScheduledPagesPanel().render_html({"request": request})


def test_the_panel_costs_the_same_queries_for_one_page_as_for_many(
    admin_user, home, scheduled, django_assert_num_queries
):
    with time_machine.travel(NOON, tick=False):
        with CaptureQueriesContext(connection) as few:
            panel_html(admin_user)
        for number in range(4):
            schedule(StandardPageFactory(parent=home, title=f"Анонс {number}", live=False))
        with django_assert_num_queries(len(few.captured_queries)):
            html = panel_html(admin_user)
    assert html.count("Запланирована") == 5
