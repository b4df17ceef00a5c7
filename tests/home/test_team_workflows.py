"""The team's moderation, end to end through the admin: an editor submits, a moderator asks for
changes with a comment, the editor resubmits, the moderator approves (and for news the chief
editor after them), and only then is the page live at its public URL. The English tree is
moderated the same way, and an edit at the last step sends the news back to the first.
"""

import html as html_module
import re

from django.core import mail
from django.urls import reverse

from wagtail.models import TaskState, WorkflowState
from wagtail_localize.models import Translation

import pytest
from bs4 import BeautifulSoup

from home.editorial.workflows import CHIEF_EDITOR_TASK, MODERATOR_TASK
from news.models import NewsPage
from tests.helpers import Committing, form_data, rolled_back_after
from tests.home.team import add_url, build_site, edit_url, reload

pytestmark = pytest.mark.django_db

REQUEST = "Добавьте, пожалуйста, источник и дату."
NEWS_FIELDS = {"lead": "Жители сами выбрали, что сделать.", "publication_date": "2026-12-01 10:00"}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_site()
        yield built


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    return Committing(client, django_capture_on_commit_callbacks)


def as_member(client, site, role):
    client.force_login(site.users[role])
    return client


def current_task(page):
    state = reload(page).current_workflow_state
    return state.current_task_state if state else None


def submit_new(client, index, model, title, slug, **fields):
    """The editor's "Submit for moderation" on a new page: the add view, GET then POST."""
    url = add_url(index, model)
    form = client.get(url)
    assert form.status_code == 200
    answer = client.post(
        url, {**form_data(form), "title": title, "slug": slug, **fields, "action-submit": "1"}
    )
    assert answer.status_code == 302, answer.context and answer.context["form"].errors
    return model.objects.child_of(index).get(slug=slug)


def edit_and_submit(client, page, **changes):
    form = client.get(edit_url(page))
    assert form.status_code == 200
    answer = client.post(edit_url(page), {**form_data(form), **changes, "action-submit": "1"})
    assert answer.status_code == 302
    return answer


def workflow_action(client, page, action, comment=""):
    """What the moderation buttons post (the dashboard's and the editor's): the action on the
    page's current task, with the comment the modal collects."""
    task_state = current_task(page)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk))
    return client.post(url, {"comment": comment})


def public(client, page):
    """The reader's view of a page, logged out."""
    client.logout()
    return client.get(reload(page).url)


def test_a_news_item_goes_through_both_steps_before_it_is_live(client, site):
    index = site.sections["news", "ru"].index

    editor = as_member(client, site, "editors")
    page = submit_new(editor, index, NewsPage, "Двор после ремонта", "dvor", **NEWS_FIELDS)
    assert not page.live
    assert current_task(page).task.name == MODERATOR_TASK
    assert public(client, page).status_code == 404
    # The moderators are told, the superusers are not.
    assert [message.to for message in mail.outbox] == [["moderator@example.org"]]

    moderator = as_member(client, site, "moderators")
    answer = workflow_action(moderator, page, "reject", REQUEST)
    assert answer.status_code == 302
    state = reload(page).workflow_states.get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert TaskState.objects.get(workflow_state=state).comment == REQUEST
    assert not reload(page).live

    editor = as_member(client, site, "editors")
    edit = editor.get(edit_url(page))
    assert REQUEST in html_module.unescape(edit.content.decode())
    edit_and_submit(editor, page, title="Двор после ремонта: итоги")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert current_task(page).task.name == MODERATOR_TASK

    moderator = as_member(client, site, "moderators")
    assert workflow_action(moderator, page, "approve").status_code == 302
    assert current_task(page).task.name == CHIEF_EDITOR_TASK
    assert not reload(page).live
    assert public(client, page).status_code == 404

    chief = as_member(client, site, "chief_editor")
    assert workflow_action(chief, page, "approve").status_code == 302
    page = reload(page)
    assert page.live and current_task(page) is None
    answer = public(client, page)
    assert answer.status_code == 200
    assert "Двор после ремонта: итоги" in answer.content.decode()


def test_an_event_needs_one_moderator(client, site):
    index = site.sections["events", "ru"].index
    fields = {
        "start_date": "2026-12-12",
        "start_time": "18:00",
        "end_time": "20:00",
        "place_name": "Библиотека",
        "summary": "О том, как жители меняют дворы.",
    }

    editor = as_member(client, site, "editors")
    page = submit_new(
        editor, index, type(site.sections["events", "ru"].live), "Лекция", "lekciya", **fields
    )
    assert public(client, page).status_code == 404

    moderator = as_member(client, site, "moderators")
    assert workflow_action(moderator, page, "reject", REQUEST).status_code == 302
    assert not reload(page).live

    editor = as_member(client, site, "editors")
    edit_and_submit(editor, page, title="Лекция о дворах")
    assert public(client, page).status_code == 404

    moderator = as_member(client, site, "moderators")
    assert workflow_action(moderator, page, "approve").status_code == 302
    answer = public(client, page)
    assert answer.status_code == 200 and "Лекция о дворах" in answer.content.decode()


def test_a_translators_english_edit_is_live_only_once_a_moderator_approves(client, site):
    """wagtail-localize's editor offers a translator no way to submit: to send an English page
    to moderation they stop its synchronisation with the Russian page and edit it in Wagtail's
    own editor."""
    page = site.sections["centres", "en"].live
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )

    translator = as_member(client, site, "translators")
    stop = translator.post(
        reverse("wagtail_localize:stop_translation", args=(translation.pk,)),
        {"next": edit_url(page)},
    )
    assert stop.status_code == 302
    edit_and_submit(translator, page, title="Published: centres, revised")
    assert current_task(page).task.name == MODERATOR_TASK
    assert reload(page).title == "Published: centres"
    assert "revised" not in public(client, page).content.decode()

    moderator = as_member(client, site, "moderators")
    assert workflow_action(moderator, page, "approve").status_code == 302
    answer = public(client, page)
    assert answer.status_code == 200 and "Published: centres, revised" in answer.content.decode()


def step_in_progress(client, page):
    """The step the page's edit view marks as the current one in its workflow timeline."""
    html = html_module.unescape(client.get(edit_url(page)).content.decode())
    current = re.search(r'workflow-timeline__item--in_progress"[^>]*>(.*?)</li>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", current.group(1)).split()) if current else None


def awaiting_review(client):
    """The titles in the dashboard's "waiting for my review" panel."""
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    panel = soup.find(id="review-queue-section")
    return [link.get_text(strip=True) for link in panel.select("td.title a")] if panel else []


def test_an_edit_at_the_chief_editors_step_sends_the_news_back_to_the_moderators(client, site):
    """WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT: the moderator approved another text than
    the one the chief editor approves, so the moderators see the news again."""
    index = site.sections["news", "ru"].index
    editor = as_member(client, site, "editors")
    page = submit_new(editor, index, NewsPage, "Новый сквер", "skver", **NEWS_FIELDS)
    moderator = as_member(client, site, "moderators")
    workflow_action(moderator, page, "approve")
    assert awaiting_review(moderator) == []

    chief = as_member(client, site, "chief_editor")
    assert awaiting_review(chief) == ["Новый сквер"]
    form = chief.get(edit_url(page))
    saved = chief.post(edit_url(page), {**form_data(form), "title": "Новый сквер у реки"})
    assert saved.status_code == 302
    assert CHIEF_EDITOR_TASK in step_in_progress(chief, page)
    assert workflow_action(chief, page, "approve").status_code == 302

    assert not reload(page).live
    assert current_task(page).task.name == MODERATOR_TASK
    assert MODERATOR_TASK in step_in_progress(chief, page)
    moderator = as_member(client, site, "moderators")
    assert awaiting_review(moderator) == ["Новый сквер у реки"]
    assert public(client, page).status_code == 404

    moderator = as_member(client, site, "moderators")
    workflow_action(moderator, page, "approve")
    chief = as_member(client, site, "chief_editor")
    workflow_action(chief, page, "approve")
    answer = public(client, page)
    assert answer.status_code == 200 and "Новый сквер у реки" in answer.content.decode()


def publish_buttons(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select('footer [name="action-publish"]')


def test_a_moderator_cannot_skip_the_chief_editor_but_loses_nothing(client, site):
    news = site.sections["news", "ru"].draft
    events = site.sections["events", "ru"].draft
    moderator = as_member(client, site, "moderators")

    assert publish_buttons(moderator.get(edit_url(news))) == []
    assert publish_buttons(moderator.get(edit_url(events)))  # one step: its reviewers publish
    form = moderator.get(edit_url(news))
    answer = moderator.post(
        edit_url(news), {**form_data(form), "title": "Срочно в номер", "action-publish": "1"}
    )
    assert answer.status_code == 302 and answer.url == edit_url(news)
    page = reload(news)
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Срочно в номер"  # kept, as a draft
    told = html_module.unescape(moderator.get(answer.url).content.decode())
    assert "сохранена как черновик, но не опубликована" in told
    assert "«Проверка новостей»" in told

    chief = as_member(client, site, "chief_editor")
    assert publish_buttons(chief.get(edit_url(news)))


def test_bulk_publish_of_news_is_refused_to_a_moderator(client, site):
    news = site.sections["news", "ru"].draft
    moderator = as_member(client, site, "moderators")
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={news.pk}&next=/admin/"
    )
    answer = moderator.post(url, {})
    assert answer.status_code == 302
    assert not reload(news).live
    told = html_module.unescape(moderator.get(answer.url).content.decode())
    assert "Не опубликовано" in told and "Черновик: news" in told
