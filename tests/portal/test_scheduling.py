"""Scheduled publishing, as the team sees it on the dashboard: a page waits for its go-live
time, is marked overdue once the time has passed, and is live once publish_scheduled runs."""

import datetime
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.users.models import UserProfile

import pytest
import time_machine

from portal.wagtail_hooks import ScheduledPagesPanel
from tests.browser import site_tree  # noqa: F401 (fixture)
from tests.factories.home import StandardPageFactory
from tests.helpers import form_data
from tests.processes import ROOT

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
    with time_machine.travel(NOON, tick=False):  # the go-live time is still ahead, on any day
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


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", password="x")
    user.groups.add(Group.objects.get(name="Модераторы"))
    return user


def test_a_moderator_schedules_a_page_in_the_editor_and_saves_it_again_once_live(
    client, home, moderator, django_capture_on_commit_callbacks
):
    """The editor's own form: the go-live time is a field of the page form (the schedule
    dialog only shows it), in Moscow time, posted with "Publish"."""
    page = StandardPageFactory(parent=home, title="Открытие катка", live=False)
    client.force_login(moderator)
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    one_minute_later = timezone.localtime(NOON + datetime.timedelta(minutes=1))

    with time_machine.travel(NOON, tick=False):
        form = client.get(edit)
        assert 'name="go_live_at"' in form.content.decode()
        data = {**form_data(form), "go_live_at": one_minute_later.strftime("%Y-%m-%d %H:%M")}
        published = client.post(edit, {**data, "action-publish": "action-publish"})
        assert published.status_code == 302
        page.refresh_from_db()
        assert not page.live
        assert page.get_latest_revision().approved_go_live_at == NOON + datetime.timedelta(
            minutes=1
        )
        html = dashboard(client)
        assert "Открытие катка" in html and "Запланирована" in html

    with time_machine.travel(NOON + datetime.timedelta(minutes=2), tick=False):
        assert "Просрочена" in dashboard(client)
        call_command("publish_scheduled")
        page.refresh_from_db()
        assert page.live
        client.logout()
        answer = client.get(page.url)
        assert answer.status_code == 200 and "Открытие катка" in answer.content.decode()

        # "Save draft" posts the schedule the form still holds, a time now past: no error.
        client.force_login(moderator)
        form = client.get(edit)
        with django_capture_on_commit_callbacks(execute=True):
            saved = client.post(edit, {**form_data(form), "title": "Каток открыт"})
        assert saved.status_code == 302, saved.context["form"].errors
        page.refresh_from_db()
        assert page.get_latest_revision_as_object().title == "Каток открыт"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.postgres
def test_make_run_publishes_scheduled_pages_and_stops_with_the_server(site_tree):  # noqa: F811
    """`make run` (`run_portal`) serves the site and runs publish_scheduled in the background:
    a page whose go-live time has passed goes live without anyone running a command, and
    stopping the server stops the rest."""
    page = schedule(
        StandardPageFactory(parent=site_tree, title="Сразу после", live=False),
        at=timezone.now() + datetime.timedelta(seconds=2),
    )
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "run_portal",
            f"127.0.0.1:{port}",
            "--noreload",
            "--publish-every",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            page.refresh_from_db()
            if page.live:
                break
            time.sleep(0.5)
        assert page.live, "publish_scheduled did not run"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{page.url}", timeout=10) as answer:
            assert answer.status == 200
            assert "Сразу после" in answer.read().decode()
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=30)[0]
    assert server.returncode is not None, output
    # Nothing of the run is left behind: its whole process group is gone.
    with pytest.raises(ProcessLookupError):
        os.killpg(server.pid, 0)
