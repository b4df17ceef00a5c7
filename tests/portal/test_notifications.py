"""Moderation e-mails, through the real admin: who gets which mail, in which language, with
which links, and that they leave from a background task rather than the editor's request."""

import logging
import re
import socket
from urllib.parse import urlsplit

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import (
    GroupApprovalTask,
    Page,
    TaskState,
    WorkflowState,
)
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

import pytest

from home.editorial import ensure_roles, ensure_team
from home.editorial.workflows import CHIEF_EDITOR_TASK, MODERATOR_TASK
from portal import notifications
from tests.browser import site_tree  # noqa: F401 (fixture)
from tests.factories.home import StandardPageFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
URL = re.compile(r"https?://\S+")
TASK_PATH = "portal.notifications.send_moderation_notification"


class Team:
    """The portal's groups and workflows, as ``setup_portal`` names them, and their people."""

    def __init__(self, users, home):
        groups, _changes = ensure_roles()
        self.editors = groups["editors"]
        self.moderators = groups["moderators"]
        self.chiefs = groups["chief_editor"]
        self.review = GroupApprovalTask.objects.get(name=MODERATOR_TASK)
        self.approval = GroupApprovalTask.objects.get(name=CHIEF_EDITOR_TASK)
        self.users = users

    def person(self, username, group=None, language=None, email=True, **profile):
        person = self.users.objects.create_user(
            username,
            f"{username}@portal.test" if email else "",
            "x",
            first_name=username.capitalize(),
        )
        if group is not None:
            person.groups.add(group)
        if language is not None or profile:
            UserProfile.objects.create(user=person, preferred_language=language or "", **profile)
        return person


@pytest.fixture
def team(db, home, django_user_model):
    team = Team(django_user_model, home)
    # The editor works in English: the request that submits is in English, yet a moderator
    # who never chose a language still reads Russian.
    team.editor = team.person("irina", team.editors, language="en")
    team.author = team.person("anna", team.editors)
    team.olga = team.person("olga", team.moderators, language="ru")
    team.mark = team.person("mark", team.moderators, language="en")
    team.nina = team.person("nina", team.moderators)  # no profile: the default, Russian
    team.mute = team.person("mute", team.moderators, submitted_notifications=False)
    team.nomail = team.person("nomail", team.moderators, email=False)
    team.peter = team.person("peter", team.chiefs)
    team.root = django_user_model.objects.create_superuser("root", "root@portal.test", "x")
    return team


@pytest.fixture
def page(team, home):
    page = StandardPageFactory(
        parent=home, title="Как открыть коворкинг", slug="kovorking", owner=team.author
    )
    ensure_team()  # a section of the Russian tree: the editors may write in it
    return page


def edit_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "body": streamfield([]),
        "comments": inline_formset([]),
        **changes,
    }
    return nested_form_data(data)


def news_form(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "lead": page.lead,
        "body": streamfield([]),
        "authors": inline_formset([]),
        "topics": inline_formset([]),
        "related_pages": inline_formset([]),
        "publication_date": page.publication_date.strftime("%Y-%m-%d %H:%M"),
        "comments": inline_formset([]),
        **changes,
    }
    return nested_form_data(data)


def submit(client, person, page, form=edit_form, **changes):
    """The editor's "Submit for moderation" in the page editor."""
    client.force_login(person)
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        {**form(page, **changes), "action-submit": "action-submit"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Page.objects.get(pk=page.pk).current_workflow_state


def act(client, person, page, action, comment=""):
    """A reviewer's "Approve (with comment)" or "Request changes" on the current step."""
    task_state = TaskState.objects.get(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    )
    client.force_login(person)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk)),
        {"comment": comment},
    )
    assert response.status_code == 302
    return task_state


def outbox():
    """Each recipient's mail, by address; fails on a second mail to the same person."""
    mails = {}
    for message in mail.outbox:
        (address,) = message.to
        assert address not in mails, f"two mails to {address}"
        mails[address] = message
    return mails


def links(message):
    return URL.findall(message.body)


def assert_links_open_for(client, person, message):
    """Every link is absolute on WAGTAILADMIN_BASE_URL and opens for the recipient."""
    found = links(message)
    assert found
    client.force_login(person)
    for link in found:
        parts = urlsplit(link)
        assert f"{parts.scheme}://{parts.netloc}" == "http://testserver", link
        response = client.get(parts.path)
        assert response.status_code == 200, link


def test_a_submitted_page_is_sent_to_the_moderators_in_their_languages(
    client, team, page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, team.editor, page)

    mails = outbox()
    # The step's group only: not the submitter, not the superuser by role, not the chief
    # editor of a step the page is not on, not who turned these mails off or has no address.
    assert set(mails) == {"olga@portal.test", "mark@portal.test", "nina@portal.test"}

    english = mails["mark@portal.test"]
    assert english.subject == 'Review the page "Как открыть коворкинг"'
    assert "Hello, Mark!" in english.body
    assert (
        'The page "Как открыть коворкинг" is waiting for your review at the '
        '"Проверка модератором" step.' in english.body
    )
    assert "Submitted by Irina." in english.body
    for russian in (mails["olga@portal.test"], mails["nina@portal.test"]):
        assert russian.subject == "Проверьте страницу «Как открыть коворкинг»"
        assert "ждёт вашей проверки на этапе «Проверка модератором»" in russian.body
        assert "На проверку отправил(а): Irina." in russian.body

    edit = f"http://testserver/admin/pages/{page.pk}/edit/"
    preview = f"http://testserver/admin/pages/workflow/preview/{page.pk}/{team.review.pk}/"
    assert links(english) == [preview, edit, "http://testserver/admin/account/"]
    assert_links_open_for(client, team.mark, english)
    assert english.extra_headers["Auto-Submitted"] == "auto-generated"


def test_changes_requested_go_to_the_submitter_and_the_author_with_the_comment(
    client, team, page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, team.editor, page)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        act(client, team.olga, page, "reject", comment="Добавьте адрес и часы работы.")

    mails = outbox()
    assert set(mails) == {"irina@portal.test", "anna@portal.test"}
    english = mails["irina@portal.test"]
    assert english.subject == 'Changes requested to the page "Как открыть коворкинг"'
    assert (
        'Olga asks for changes to the page "Как открыть коворкинг" at the '
        '"Проверка модератором" step.' in english.body
    )
    assert "Comment:\nДобавьте адрес и часы работы." in english.body
    russian = mails["anna@portal.test"]
    assert russian.subject == "Страница «Как открыть коворкинг» возвращена на доработку"
    assert "Olga просит доработать страницу «Как открыть коворкинг»" in russian.body
    assert "Комментарий:\nДобавьте адрес и часы работы." in russian.body
    assert links(russian)[0] == f"http://testserver/admin/pages/{page.pk}/edit/"
    assert_links_open_for(client, team.editor, english)


def test_approval_tells_the_submitter_and_the_author_where_the_page_is_live(
    client, team, page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, team.editor, page, title="Как открыть коворкинг в районе")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        act(client, team.mark, page, "approve", comment="Отлично, публикую.")

    page.refresh_from_db()
    assert page.live and page.title == "Как открыть коворкинг в районе"
    mails = outbox()
    assert set(mails) == {"irina@portal.test", "anna@portal.test"}
    english, russian = mails["irina@portal.test"], mails["anna@portal.test"]
    assert english.subject == 'The page "Как открыть коворкинг в районе" has been approved'
    assert russian.subject == "Страница «Как открыть коворкинг в районе» утверждена"
    assert "прошла проверку («Редакционная проверка»)" in russian.body
    assert "Комментарий (Mark, этап «Проверка модератором»):\nОтлично, публикую." in russian.body
    assert 'Mark commented at the "Проверка модератором" step:' in english.body

    live, edit, _preferences = links(russian)
    assert live == "http://testserver/ru/kovorking/"
    assert edit == f"http://testserver/admin/pages/{page.pk}/edit/"
    assert "Как открыть коворкинг в районе" in client.get(urlsplit(live).path).content.decode()
    assert_links_open_for(client, team.author, russian)


def test_a_page_approved_for_later_says_when_it_goes_live(
    client, team, home, django_capture_on_commit_callbacks
):
    """An approved page with a go-live time is not live yet: the mail gives the time, in the
    recipient's language and Moscow time, and no public link that would not open."""
    page = StandardPageFactory(
        parent=home, title="Анонс", slug="anons", owner=team.author, live=False
    )
    ensure_team()
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, team.editor, page, go_live_at="2031-03-01 12:00")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client, team.olga, page, "approve")

    page.refresh_from_db()
    assert not page.live
    mails = outbox()
    assert "Она будет опубликована 1 марта 2031 г. 12:00." in mails["anna@portal.test"].body
    assert "It will go live on March 1, 2031, noon." in mails["irina@portal.test"].body
    assert links(mails["anna@portal.test"]) == [
        f"http://testserver/admin/pages/{page.pk}/edit/",
        "http://testserver/admin/account/",
    ]


def test_each_step_of_a_two_step_workflow_is_told_in_turn(
    client, team, home, django_capture_on_commit_callbacks
):
    news = NewsIndexPageFactory(parent=home)
    ensure_team()  # the news section gets its two-step review
    item = NewsPageFactory(parent=news, title="Открылся коворкинг", slug="otkrylsya", live=False)
    item.owner = team.author
    item.save()

    with django_capture_on_commit_callbacks(execute=True):
        submit(client, team.editor, item, form=news_form)
    assert set(outbox()) == {"olga@portal.test", "mark@portal.test", "nina@portal.test"}
    mail.outbox.clear()

    # The moderators approve: the chief editor is asked next, the editor hears nothing yet.
    with django_capture_on_commit_callbacks(execute=True):
        act(client, team.olga, item, "approve")
    mails = outbox()
    assert set(mails) == {"peter@portal.test"}
    assert "на этапе «Утверждение главным редактором»" in mails["peter@portal.test"].body
    assert "На проверку отправил(а): Irina." in mails["peter@portal.test"].body
    assert_links_open_for(client, team.peter, mails["peter@portal.test"])
    mail.outbox.clear()

    # The chief editor sends it back: the person who submitted it at step one is told.
    with django_capture_on_commit_callbacks(execute=True):
        act(client, team.peter, item, "reject", comment="Нужна фотография.")
    mails = outbox()
    assert set(mails) == {"irina@portal.test", "anna@portal.test"}
    assert '"Утверждение главным редактором" step' in mails["irina@portal.test"].body
    assert "Нужна фотография." in mails["irina@portal.test"].body
    mail.outbox.clear()

    # Resubmitted, the page starts again at the step that asked for changes.
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, team.editor, item, form=news_form, lead="С фотографией.")
    assert set(outbox()) == {"peter@portal.test"}


def test_the_profile_says_who_wants_which_mail(
    client, team, page, django_capture_on_commit_callbacks
):
    profile = UserProfile.get_for_user(team.editor)
    profile.rejected_notifications = False
    profile.save()
    team.author.email = ""
    team.author.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, team.editor, page)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        act(client, team.olga, page, "reject", comment="Нет.")

    assert mail.outbox == []


def test_reviewing_your_own_page_sends_you_nothing(
    client, team, page, django_capture_on_commit_callbacks
):
    """A moderator who submits their own page is not asked to review it, and hears nothing
    of their own approval; the page's author does."""
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, team.olga, page)
    assert set(outbox()) == {"mark@portal.test", "nina@portal.test"}
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        act(client, team.olga, page, "approve")
    assert set(outbox()) == {"anna@portal.test"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


MAIL_SERVER_DOWN = {
    "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "EMAIL_HOST": "127.0.0.1",
    "EMAIL_PORT": free_port(),  # nothing listens there
    "EMAIL_TIMEOUT": 2,
}


def test_a_mail_server_that_is_down_never_fails_the_editor(
    client, team, page, caplog, django_capture_on_commit_callbacks
):
    with (
        override_settings(**MAIL_SERVER_DOWN),
        caplog.at_level(logging.ERROR, logger="django_tasks"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        state = submit(client, team.editor, page)

    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    (failure,) = [record for record in caplog.records if record.name == "django_tasks"]
    assert TASK_PATH in failure.getMessage() and "FAILED" in failure.getMessage()


class RefusingBackend(MemoryBackend):
    """A mail server that turns one mailbox down."""

    refused = "mark@portal.test"

    def send_messages(self, messages):
        if any(self.refused in message.to for message in messages):
            raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


@override_settings(EMAIL_DELIVERY_BACKEND=f"{__name__}.RefusingBackend")
def test_a_mail_the_server_refuses_is_logged_and_fails_the_task(team, page, caplog):
    """One refused address does not keep the others from their mail; the task still fails,
    so the queue keeps a record of it."""
    page.save_revision(user=team.editor)
    task_state = page.get_workflow().start(page, team.editor).current_task_state

    with (
        caplog.at_level(logging.ERROR, logger="portal.notifications"),
        pytest.raises(notifications.NotificationNotSent, match="1 of 3"),
    ):
        notifications.send_notification("submitted", task_state.pk, team.editor.pk)

    assert set(outbox()) == {"olga@portal.test", "nina@portal.test"}
    assert [record.getMessage() for record in caplog.records] == [
        f"The 'submitted' notification was not sent to user {team.mark.pk}."
    ]


def test_the_request_only_queues_the_mails(
    client, team, home, page, django_capture_on_commit_callbacks
):
    """With the production queue nothing is sent while the editor waits, and the request
    costs the same whatever the number of moderators: the task carries ids only."""
    from django_tasks_db.models import DBTaskResult

    def submitted(page):
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            state = submit(client, team.editor, page)
        return state, len(queries.captured_queries)

    others = [
        StandardPageFactory(parent=home, title=page.title, slug=f"page-{n}", owner=team.author)
        for n in range(2)
    ]
    ensure_team()
    with override_settings(TASKS=DB_QUEUE):
        submitted(others[0])  # the first request of a test fills Django's and Wagtail's caches
        DBTaskResult.objects.all().delete()
        state, few = submitted(page)
        assert mail.outbox == []
        (queued,) = DBTaskResult.objects.filter(task_path=TASK_PATH)
        assert queued.status == "READY"
        assert queued.args_kwargs == {
            "args": ["submitted", state.current_task_state_id, team.editor.pk, None],
            "kwargs": {},
        }

        for number in range(10):
            team.person(f"moderator{number}", team.moderators)
        _state, many = submitted(others[1])
    assert mail.outbox == []
    assert many == few


@pytest.fixture
def portal_receivers():
    yield
    notifications.replace_wagtail_receivers()


@pytest.mark.parametrize(
    "wagtail_first", [False, True], ids=["portal ready first", "wagtail first"]
)
def test_wagtails_own_mails_stay_off_whichever_app_is_ready_first(
    wagtail_first, client, team, page, portal_receivers, django_capture_on_commit_callbacks
):
    """Wagtail's receivers would send in the request; whichever of the two apps connects its
    receivers first, only the portal's run and every mail is queued."""
    from wagtail.admin.signal_handlers import register_signal_handlers

    from django_tasks_db.models import DBTaskResult

    if wagtail_first:
        for wagtail_signal, sender, dispatch_uid, _receiver in notifications.RECEIVERS:
            wagtail_signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        register_signal_handlers()
        notifications.replace_wagtail_receivers()
    else:
        register_signal_handlers()  # what wagtail.admin's ready() does after the portal's

    with override_settings(TASKS=DB_QUEUE):
        for step in (
            lambda: submit(client, team.editor, page),
            lambda: act(client, team.olga, page, "reject", comment="Нет адреса."),
            lambda: submit(client, team.editor, page),
            lambda: act(client, team.olga, page, "approve"),
        ):
            with django_capture_on_commit_callbacks(execute=True):
                step()

    assert mail.outbox == []
    events = [
        queued.args_kwargs["args"][0] for queued in DBTaskResult.objects.filter(task_path=TASK_PATH)
    ]
    assert sorted(events) == ["approved", "rejected", "submitted", "submitted"]


@override_settings(TASKS=DB_QUEUE)
def test_the_task_worker_sends_what_the_request_queued(
    client,
    site_tree,  # noqa: F811
    django_user_model,
    task_worker,
):
    """Production's queue end to end: the request leaves a task row, `db_worker` sends the
    mail; with the mail server down the task is recorded as failed, with its error."""
    from django_tasks_db.models import DBTaskResult

    team = Team(django_user_model, site_tree)
    editor = team.person("irina", team.editors)
    team.person("olga", team.moderators, language="en")
    page = StandardPageFactory(parent=site_tree, title="Коворкинг", slug="kovorking")

    submit(client, editor, page)
    assert mail.outbox == []
    assert DBTaskResult.objects.get(task_path=TASK_PATH).status == "READY"

    task_worker()

    done = DBTaskResult.objects.get(task_path=TASK_PATH)
    assert (done.status, done.return_value) == ("SUCCESSFUL", 1)  # one mail sent
    (sent,) = mail.outbox
    assert sent.to == ["olga@portal.test"]
    assert sent.subject == 'Review the page "Коворкинг"'
    assert Page.objects.get(pk=page.pk).workflow_in_progress

    DBTaskResult.objects.all().delete()
    later = StandardPageFactory(parent=site_tree, title="Резиденция", slug="residency")
    submit(client, editor, later)
    with override_settings(**MAIL_SERVER_DOWN):
        task_worker()
    failed = DBTaskResult.objects.get(task_path=TASK_PATH)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "builtins.ConnectionRefusedError"
    assert len(mail.outbox) == 1
