"""A translation goes through review like any page: in wagtail-localize's translation editor a
translator saves drafts and submits, the moderator asks for changes or approves, and only the
approval puts the English text on the site. Through the admin and wagtail-localize's own views,
as the team's real groups."""

import json
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Locale, WorkflowState
from wagtail_localize.models import Translation

import polib
import pytest
from bs4 import BeautifulSoup

from home.editorial.workflows import CHIEF_EDITOR_TASK, MODERATOR_TASK
from tests.helpers import Committing, rolled_back_after
from tests.home.team import build_site, edit_url, reload

pytestmark = pytest.mark.django_db

REQUEST = "«Centre» — по-британски; у нас американское написание: center."


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


def public(client, page):
    client.logout()
    return client.get(reload(page).url) if reload(page).url else None


def editor(client, page):
    """The translation editor (the English page's edit view) and what it offers."""
    answer = client.get(edit_url(page))
    assert answer.status_code == 200
    soup = BeautifulSoup(answer.content, "html.parser")
    props = json.loads(soup.select_one(".js-translation-editor")["data-props"])
    footer = soup.select_one("#portal-translation-actions")
    return soup, props, footer


def main_action(footer):
    button = footer.select_one(".w-dropdown-button > button, .w-dropdown-button > a")
    if button is None:
        button = footer.select_one("nav > button, nav > a")
    return button.get_text(" ", strip=True)


def actions(footer):
    return [element.get_text(" ", strip=True) for element in footer.select("button, a")]


def translate_strings(client, translation, props, words):
    """What the editor does as the translator types: one PUT per string."""
    for segment in props["segments"]:
        if segment["type"] != "string":
            continue
        url = reverse(
            "wagtail_localize:edit_string_translation", args=(translation.pk, segment["id"])
        )
        value = words.get(segment["source"], f"EN {segment['source']}")
        answer = client.put(
            url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded"
        )
        assert answer.status_code in (200, 201)


def post(client, page, **fields):
    answer = client.post(edit_url(page), fields)
    assert answer.status_code == 302, answer.status_code
    return [str(message) for message in get_messages(answer.wsgi_request)]


def state(page):
    return reload(page).workflow_states.order_by("-created_at").first()


def start_translation(client, page):
    english = Locale.objects.get(language_code="en")
    answer = client.post(
        reverse("wagtail_localize:submit_page_translation", args=(page.pk,)),
        {"locales": [english.pk]},
    )
    assert answer.status_code == 302
    target = page.get_translation(english)
    translation = Translation.objects.get(source__object_id=page.translation_key)
    return target, translation


def test_a_new_translation_goes_from_draft_through_review_to_the_site(client, site):
    source = site.sections["centres", "ru"].untranslated
    translator = as_member(client, site, "translators")
    page, translation = start_translation(translator, source)
    assert not page.live

    soup, props, footer = editor(translator, page)
    assert main_action(footer) == "Сохранить черновик"
    assert "Отправить на «Редакционная проверка»" in actions(footer)
    assert not footer.select("[name=action-publish]")
    assert "Удалить" not in actions(footer)

    translate_strings(translator, translation, props, {source.title: "A centre in the park"})
    messages = post(translator, page)
    assert any("Черновик" in message for message in messages)
    assert reload(page).latest_revision.as_object().title == "A centre in the park"
    assert not reload(page).live

    messages = post(translator, page, **{"action-submit": "1"})
    assert state(page).status == WorkflowState.STATUS_IN_PROGRESS
    assert state(page).current_task_state.task.name == MODERATOR_TASK
    _soup, _props, footer = editor(translator, page)
    assert "Сохранить черновик" not in actions(footer)  # locked while in review
    assert not public(client, page) or public(client, page).status_code == 404

    moderator = as_member(client, site, "moderators")
    _soup, _props, footer = editor(moderator, page)
    assert footer.select('[data-workflow-action-name="approve"]')
    assert footer.select('[data-workflow-action-name="reject"]')
    post(
        moderator,
        page,
        **{
            "action-workflow-action": "1",
            "workflow-action-name": "reject",
            "workflow-action-extra-data": json.dumps({"comment": REQUEST}),
        },
    )
    assert state(page).status == WorkflowState.STATUS_NEEDS_CHANGES

    translator = as_member(client, site, "translators")
    soup, props, footer = editor(translator, page)
    notice = soup.select_one("[data-portal-review-status]").get_text(" ", strip=True)
    moderator_name = site.users["moderators"].get_full_name()
    assert REQUEST in notice and moderator_name in notice
    assert any(text.startswith("Отправить повторно") for text in actions(footer))
    translate_strings(translator, translation, props, {source.title: "A center in the park"})
    post(translator, page, **{"action-submit": "1"})
    assert state(page).status == WorkflowState.STATUS_IN_PROGRESS

    moderator = as_member(client, site, "moderators")
    messages = post(
        moderator, page, **{"action-workflow-action": "1", "workflow-action-name": "approve"}
    )
    assert "«A center in the park» одобрена и опубликована." in messages
    assert reload(page).live
    answer = public(client, page)
    assert answer.status_code == 200
    assert "A center in the park" in answer.content.decode()


def test_a_draft_of_a_live_english_page_leaves_the_site_as_it_is(client, site):
    page = site.sections["centres", "en"].live
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    translator = as_member(client, site, "translators")
    _soup, props, _footer = editor(translator, page)
    translate_strings(translator, translation, props, {"Опубликовано: centres": "Revised centre"})
    messages = post(translator, page)

    live = reload(page)
    assert live.has_unpublished_changes, messages
    assert live.title == "Published: centres" and live.has_unpublished_changes
    assert live.latest_revision.as_object().title == "Revised centre"
    text = public(client, page).content.decode()
    assert "Published: centres" in text and "Revised centre" not in text

    moderator = as_member(client, site, "moderators")
    _soup, _props, footer = editor(moderator, page)
    compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=(page.pk, "live", live.latest_revision_id)
    )
    assert footer.select_one(f'a[href="{compare}"]').get_text(strip=True) == (
        "Сравнить с опубликованной"
    )
    assert moderator.get(compare).status_code == 200


def test_nobody_publishes_the_english_news_past_the_chief_editor(client, site):
    page = site.sections["news", "en"].live
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    moderator = as_member(client, site, "moderators")
    _soup, props, footer = editor(moderator, page)
    assert not footer.select("[name=action-publish]")
    translate_strings(moderator, translation, props, {"Опубликовано: news": "Moderated news"})
    # Neither the portal's button nor wagtail-localize's own "Publish in English" (its post).
    for fields in ({"action-publish": "1"}, {"action": "publish"}):
        post(moderator, page, **fields)
        assert reload(page).title == "Published: news"

    chief = as_member(client, site, "chief_editor")
    _soup, _props, footer = editor(chief, page)
    assert footer.select("[name=action-publish]")
    messages = post(chief, page, **{"action-publish": "1"})
    assert reload(page).title == "Moderated news"
    assert any("опубликована" in message or "published" in message for message in messages)


def test_a_translator_cannot_publish_even_by_posting_wagtail_localizes_form(client, site):
    source = site.sections["standard", "ru"].untranslated
    translator = as_member(client, site, "translators")
    page, translation = start_translation(translator, source)
    _soup, props, _footer = editor(translator, page)
    translate_strings(translator, translation, props, {})
    post(translator, page, action="publish")
    assert not reload(page).live


def test_a_translation_with_untranslated_strings_is_not_submitted(client, site):
    source = site.sections["toolkits", "ru"].untranslated
    translator = as_member(client, site, "translators")
    page, translation = start_translation(translator, source)
    _soup, props, _footer = editor(translator, page)
    first = next(segment for segment in props["segments"] if segment["type"] == "string")
    translate_strings(
        translator, translation, {"segments": [first]}, {first["source"]: "Only this one"}
    )
    messages = post(translator, page, **{"action-submit": "1"})
    assert state(page) is None
    assert any("не переведен" in message for message in messages)


def test_the_news_translation_goes_through_both_steps(client, site):
    page = site.sections["news", "en"].live
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    translator = as_member(client, site, "translators")
    _soup, props, _footer = editor(translator, page)
    translate_strings(translator, translation, props, {"Опубликовано: news": "Two-step news"})
    post(translator, page, **{"action-submit": "1"})
    approve = {"action-workflow-action": "1", "workflow-action-name": "approve"}
    post(as_member(client, site, "moderators"), page, **approve)
    assert state(page).current_task_state.task.name == CHIEF_EDITOR_TASK
    assert reload(page).title == "Published: news"
    post(as_member(client, site, "chief_editor"), page, **approve)
    assert reload(page).title == "Two-step news"


def test_an_agencys_po_file_goes_through_review_to_the_site(client, site):
    """The round trip an agency makes: export, fill, import; then the same review as typing."""
    source = site.sections["centres", "ru"].untranslated
    translator = as_member(client, site, "translators")
    page, translation = start_translation(translator, source)
    exported = translator.get(reverse("wagtail_localize:download_pofile", args=(translation.pk,)))
    po = polib.pofile(exported.content.decode())
    for entry in po:
        entry.msgstr = "Agency: " + entry.msgid
    uploaded = translator.post(
        reverse("wagtail_localize:upload_pofile", args=(translation.pk,)),
        {"file": SimpleUploadedFile("agency.po", str(po).encode()), "next": edit_url(page)},
    )
    assert uploaded.status_code == 302
    assert not reload(page).live  # an import fills the strings; it publishes nothing

    post(translator, page, **{"action-submit": "1"})
    assert state(page).status == WorkflowState.STATUS_IN_PROGRESS
    approve = {"action-workflow-action": "1", "workflow-action-name": "approve"}
    post(as_member(client, site, "moderators"), page, **approve)
    answer = public(client, page)
    assert answer.status_code == 200
    assert f"Agency: {source.title}" in answer.content.decode()


def test_only_who_may_publish_turns_a_translation_back_into_an_alias(client, site):
    """An alias shows the Russian page's content live on the English URL at once: a publish."""
    page = site.sections["standard", "en"].live
    convert = reverse("wagtail_localize:convert_to_alias", args=(page.pk,))
    translator = as_member(client, site, "translators")
    _soup, _props, footer = editor(translator, page)
    assert not footer.select("[name=localize-convert-to-alias]")
    for answer in (translator.get(convert), translator.post(convert)):
        # Wagtail's answer to a refused admin view: back to the dashboard, with its message.
        assert answer.status_code == 302 and answer.url == reverse("wagtailadmin_home")
        assert [str(message) for message in get_messages(answer.wsgi_request)]
    assert reload(page).alias_of_id is None

    moderator = as_member(client, site, "moderators")
    _soup, _props, footer = editor(moderator, page)
    assert footer.select("[name=localize-convert-to-alias]")
    assert moderator.get(convert).status_code == 200
    assert moderator.post(convert).status_code == 302
    assert reload(page).alias_of_id is not None
