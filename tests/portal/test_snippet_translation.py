"""Translated snippets: the site texts go through draft and review like a page, and a taxonomy
term of a language is changed only by who writes that language. Through the admin and
wagtail-localize's own views, as the team's real groups."""

import json
from urllib.parse import urlencode

from django.contrib.admin.utils import quote
from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import Locale, WorkflowState
from wagtail_localize.models import Translation

import pytest
from bs4 import BeautifulSoup

from home.editorial.workflows import MODERATOR_TASK
from portal.models import SiteTexts, Topic
from tests.helpers import Committing, refused, rolled_back_after
from tests.home.team import build_site

pytestmark = pytest.mark.django_db

OLD_NOTE = "Texts may be reused with a link to the source."
NEW_NOTE = "Reuse the texts freely, with a link to the portal."


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


def edit_url(instance):
    name = f"wagtailsnippets_portal_{instance._meta.model_name}:edit"
    return reverse(name, args=[quote(instance.pk)])


def texts(language):
    return SiteTexts.objects.get(locale__language_code=language)


def footer(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def public_footer(client, url, site, role):
    """The footer as a reader sees it, then the member logged in again."""
    client.logout()
    seen = footer(client, url)
    as_member(client, site, role)
    return seen


def editor(client, instance):
    """The translation editor (the snippet's edit view) and what it offers."""
    answer = client.get(edit_url(instance))
    assert answer.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in answer.templates]
    soup = BeautifulSoup(answer.content, "html.parser")
    props = json.loads(soup.select_one(".js-translation-editor")["data-props"])
    return props, soup.select_one("#portal-translation-actions")


def actions(footer_html):
    return [element.get_text(" ", strip=True) for element in footer_html.select("button, a")]


def main_action(footer_html):
    button = footer_html.select_one(".w-dropdown-button > button, .w-dropdown-button > a")
    if button is None:
        button = footer_html.select_one("nav > button, nav > a")
    return button.get_text(" ", strip=True)


def put_string(client, translation, segment_id, value):
    url = reverse("wagtail_localize:edit_string_translation", args=(translation.pk, segment_id))
    return client.put(
        url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded"
    )


def translate(client, translation, props, words):
    """What the editor does as the translator types: one PUT per string given."""
    for segment in props["segments"]:
        if segment["type"] == "string" and segment["source"] in words:
            answer = put_string(client, translation, segment["id"], words[segment["source"]])
            assert answer.status_code in (200, 201), answer.content


def post(client, instance, **fields):
    answer = client.post(edit_url(instance), fields)
    assert answer.status_code == 302, answer.status_code
    return [str(message) for message in get_messages(answer.wsgi_request)]


def translation_of(instance):
    return Translation.objects.get(
        source__object_id=instance.translation_key, target_locale=instance.locale
    )


def review_queue(client):
    answer = client.get(reverse("wagtailadmin_home"))
    panel = BeautifulSoup(answer.content, "html.parser").select_one("#review-queue-section")
    return panel.get_text(" ", strip=True) if panel else ""


def test_the_footers_translation_goes_from_draft_through_review_to_the_site(client, site):
    english = texts("en")
    translation = translation_of(english)
    translator = as_member(client, site, "translators")

    props, footer_html = editor(translator, english)
    assert main_action(footer_html) == "Сохранить черновик"
    assert "Отправить на «Редакционная проверка»" in actions(footer_html)
    assert not footer_html.select("[name=action-publish]")

    source = next(s["source"] for s in props["segments"] if s["source"].startswith("Тексты можно"))
    translate(translator, translation, props, {source: NEW_NOTE})
    messages = post(translator, english)
    assert any("Черновик" in message for message in messages), messages
    assert texts("en").latest_revision.as_object().reuse_note == NEW_NOTE
    assert OLD_NOTE in public_footer(translator, "/en/", site, "translators")

    messages = post(translator, english, **{"action-submit": "1"})
    assert any("Редакционная проверка" in message for message in messages), messages
    state = texts("en").current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.task.name == MODERATOR_TASK
    _props, footer_html = editor(translator, english)
    assert "Сохранить черновик" not in actions(footer_html)  # locked while in review
    assert OLD_NOTE in public_footer(translator, "/en/", site, "translators")

    moderator = as_member(client, site, "moderators")
    assert "Тексты сайта (Английский)" in review_queue(moderator)
    _props, footer_html = editor(moderator, english)
    assert footer_html.select('[data-workflow-action-name="approve"]')
    assert footer_html.select('[data-workflow-action-name="reject"]')
    messages = post(
        moderator,
        english,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    assert any("опубликован" in message for message in messages), messages

    assert texts("en").current_workflow_state is None
    live_footer = public_footer(moderator, "/en/", site, "moderators")
    assert NEW_NOTE in live_footer and OLD_NOTE not in live_footer
    assert "Тексты сайта (Английский)" not in review_queue(moderator)


def test_the_moderator_asks_for_changes_and_the_translator_sees_why(client, site):
    english = texts("en")
    translation = translation_of(english)
    translator = as_member(client, site, "translators")
    props, _footer = editor(translator, english)
    source = next(s["source"] for s in props["segments"] if s["source"].startswith("Тексты можно"))
    translate(translator, translation, props, {source: "Reuse it."})
    post(translator, english, **{"action-submit": "1"})

    moderator = as_member(client, site, "moderators")
    post(
        moderator,
        english,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": "Say where to link."}),
        },
    )
    assert texts("en").current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    translator = as_member(client, site, "translators")
    answer = translator.get(edit_url(english))
    assert "Say where to link." in answer.content.decode()
    assert OLD_NOTE in public_footer(translator, "/en/", site, "translators")
    post(translator, english, **{"action-submit": "1"})
    assert texts("en").current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_the_footers_review_is_told_by_mail_like_a_pages(client, site, mailoutbox):
    """Moderators hear of the translated footer waiting for them; the translator hears of the
    changes asked and of the approval — in Russian, with the editor's address."""
    english = texts("en")
    translation = translation_of(english)
    translator = as_member(client, site, "translators")
    props, _footer = editor(translator, english)
    source = next(s["source"] for s in props["segments"] if s["source"].startswith("Тексты можно"))
    translate(translator, translation, props, {source: NEW_NOTE})
    post(translator, english, **{"action-submit": "1"})

    moderator_mail = [m for m in mailoutbox if site.users["moderators"].email in m.to]
    assert len(moderator_mail) == 1
    assert moderator_mail[0].subject == f"Проверьте запись «{english}»"
    assert "ждёт вашей проверки" in moderator_mail[0].body
    assert "http://testserver" + edit_url(english) in moderator_mail[0].body
    assert not [m for m in mailoutbox if site.users["translators"].email in m.to]

    mailoutbox.clear()
    moderator = as_member(client, site, "moderators")
    post(
        moderator,
        english,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": "Say where to link."}),
        },
    )
    (returned,) = [m for m in mailoutbox if site.users["translators"].email in m.to]
    assert returned.subject == f"Запись «{english}» возвращена на доработку"
    assert "Say where to link." in returned.body

    mailoutbox.clear()
    translator = as_member(client, site, "translators")
    post(translator, english, **{"action-submit": "1"})
    moderator = as_member(client, site, "moderators")
    post(moderator, english, **{"action-workflow-action": "1", "workflow-action-name": "approve"})
    (approved,) = [m for m in mailoutbox if site.users["translators"].email in m.to]
    assert approved.subject == f"Запись «{english}» утверждена"


def test_translators_may_not_publish_the_footer_themselves(client, site):
    translator = as_member(client, site, "translators")

    messages = post(translator, texts("en"), action="publish")

    assert any("отправьте их на проверку" in message for message in messages), messages
    assert OLD_NOTE in public_footer(translator, "/en/", site, "translators")


def russian_topic(slug="gorodskaya-sreda"):
    return Topic.objects.create(name="Городская среда", slug=slug, locale=Locale.get_default())


def start_translation(client, topic):
    english = Locale.objects.get(language_code="en")
    answer = client.post(
        reverse("wagtail_localize:submit_snippet_translation", args=["portal", "topic", topic.pk]),
        {"locales": [english.pk]},
    )
    assert answer.status_code == 302
    return topic.get_translation(english)


def test_a_translator_translates_an_english_term_but_is_refused_a_russian_one(client, site):
    topic = russian_topic()
    translator = as_member(client, site, "translators")

    english = start_translation(translator, topic)
    props, footer_html = editor(translator, english)
    assert footer_html is None  # a term has no drafts: wagtail-localize's "Publish" saves it
    translate(translator, translation_of(english), props, {"Городская среда": "Urban space"})
    assert translator.post(edit_url(english), {"action": "publish"}).status_code == 302
    assert Topic.objects.get(pk=english.pk).name == "Urban space"

    # The listing of each language links to the editor only where the translator may edit.
    listing = translator.get(reverse("wagtailsnippets_portal_topic:list") + "?locale=en")
    assert edit_url(english) in listing.content.decode()
    listing = translator.get(reverse("wagtailsnippets_portal_topic:list") + "?locale=ru")
    assert listing.status_code == 200 and "Городская среда" in listing.content.decode()
    assert edit_url(topic) not in listing.content.decode()
    # Wagtail's admin says no as it does elsewhere: back to the dashboard, with a message.
    answer = translator.get(edit_url(topic))
    assert refused(answer)
    assert [str(m) for m in get_messages(answer.wsgi_request)]
    answer = translator.post(
        edit_url(topic), {"name": "Переписано", "slug": topic.slug, "description": ""}
    )
    assert refused(answer)
    assert Topic.objects.get(pk=topic.pk).name == "Городская среда"
    delete = reverse("wagtailsnippets_portal_topic:delete", args=[english.pk])
    assert refused(translator.post(delete))
    assert Topic.objects.filter(pk=english.pk).exists()


def test_editors_change_the_russian_terms_not_the_english_ones(client, site):
    topic = russian_topic()
    english = start_translation(as_member(client, site, "moderators"), topic)
    translation = translation_of(english)
    editor_client = as_member(client, site, "editors")

    assert editor_client.get(edit_url(topic)).status_code == 200
    assert refused(editor_client.get(edit_url(english)))
    assert refused(editor_client.post(edit_url(english), {"action": "publish"}))
    segment = translation.source.stringsegment_set.first()
    assert put_string(editor_client, translation, segment.pk, "Edited").status_code == 403
    assert not translation.source.stringsegment_set.filter(
        string__translations__data="Edited"
    ).exists()

    add_english = reverse("wagtailsnippets_portal_topic:add") + "?locale=en"
    assert refused(editor_client.post(add_english, {"name": "Parks", "slug": "parks"}))
    assert not Topic.objects.filter(slug="parks").exists()


def test_moderators_correct_the_terms_of_every_language(client, site):
    topic = russian_topic()
    moderator = as_member(client, site, "moderators")
    english = start_translation(moderator, topic)

    assert moderator.get(edit_url(topic)).status_code == 200
    assert moderator.get(edit_url(english)).status_code == 200
