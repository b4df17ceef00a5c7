"""Machine translation in wagtail-localize's translation editor: off unless configured; with a
translator (here wagtail-localize's dummy one, which reverses the words) its strings are marked
as made by a machine, make a draft, and reach the site through review (or once a person has
checked each of them), never by a direct publish. Through the admin and wagtail-localize's own
views, as the team's real groups."""

from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django.urls import reverse

from wagtail.models import WorkflowState
from wagtail_localize.machine_translators.dummy import translate_html
from wagtail_localize.models import StringSegment, StringTranslation, Translation

import pytest
from bs4 import BeautifulSoup

from portal.settings.base import machine_translator
from tests.helpers import Committing, rolled_back_after
from tests.home.team import build_site, edit_url, reload
from tests.portal.translation.test_review import (
    as_member,
    editor,
    post,
    public,
    start_translation,
    state,
)
from tests.processes import run_python

pytestmark = pytest.mark.django_db

DUMMY = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
APPROVE = {"action-workflow-action": "1", "workflow-action-name": "approve"}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_site()
        yield built


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    return Committing(client, django_capture_on_commit_callbacks)


@pytest.fixture
def dummy():
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=DUMMY):
        yield


def machine_translate(client, page, props):
    """The editor's "Translate with …" button: a form posting to the URL the editor was given."""
    answer = client.post(props["machineTranslator"]["url"], {"next": edit_url(page)})
    assert answer.status_code == 302
    assert answer["Location"] == edit_url(page)
    return [str(message) for message in get_messages(answer.wsgi_request)]


def machine_notice(soup):
    notice = soup.select_one("[data-portal-machine-translation]")
    return None if notice is None else notice.get_text(" ", strip=True)


def string_segments(props):
    return [segment for segment in props["segments"] if segment["type"] == "string"]


def save_string(client, translation, segment, value):
    """What the editor does when a person saves a string, changed or not."""
    url = reverse("wagtail_localize:edit_string_translation", args=(translation.pk, segment["id"]))
    answer = client.put(
        url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code in (200, 201)


def status_of(client, source):
    """The source's row in «Статус переводов»."""
    answer = client.get(reverse("translation_status"))
    assert answer.status_code == 200
    soup = BeautifulSoup(answer.content, "html.parser")
    (row,) = [row for row in soup.select("tbody tr") if source.title in row.get_text()]
    return row.get_text(" ", strip=True)


def told(client, answer):
    return BeautifulSoup(client.get(answer.url).content, "html.parser").get_text(" ")


def test_machine_translation_ends_as_a_draft_marked_machine_translated(client, site, dummy):
    source = site.sections["centres", "ru"].untranslated
    machine_title = translate_html(source.title)
    translator = as_member(client, site, "translators")
    page, translation = start_translation(translator, source)

    soup, props, _footer = editor(translator, page)
    assert props["machineTranslator"]["name"] == "Фиктивный переводчик"
    assert machine_notice(soup) is None
    messages = machine_translate(translator, page, props)
    assert any("Переведено с помощью Фиктивный переводчик" in message for message in messages)

    strings = StringTranslation.objects.filter(
        locale=page.locale, context__object_id=source.translation_key
    )
    segments = string_segments(props)
    assert strings.count() == len(segments)
    assert set(strings.values_list("translation_type", flat=True)) == {"machine"}

    soup, props, _footer = editor(translator, page)
    notice = machine_notice(soup)
    assert soup.select_one("[data-portal-machine-translation]")["data-count"] == str(len(segments))
    assert f"{len(segments)} строк" in notice and "машин" in notice
    assert "Фиктивный переводчик" in notice

    messages = post(translator, page)  # save draft
    assert any("Черновик" in message for message in messages)
    draft = reload(page)
    assert not draft.live
    assert draft.latest_revision.as_object().title == machine_title
    assert public(client, page) is None or public(client, page).status_code == 404
    translator = as_member(client, site, "translators")
    assert "Черновик (машинный перевод, не проверен)" in status_of(translator, source)

    # A moderator may publish here, but not a machine's strings nobody has checked.
    moderator = as_member(client, site, "moderators")
    soup, _props, footer = editor(moderator, page)
    assert footer.select("[name=action-publish]")
    assert machine_notice(soup)
    answer = moderator.post(edit_url(page), {"action-publish": "1"})
    assert answer.status_code == 302
    assert not reload(page).live
    text = told(moderator, answer)
    assert "не опубликована" in text and "машин" in text and "на проверку" in text

    # The translator checks one string: it is no longer the machine's.
    translator = as_member(client, site, "translators")
    save_string(translator, translation, segments[0], "Checked by a person")
    soup, _props, _footer = editor(translator, page)
    assert soup.select_one("[data-portal-machine-translation]")["data-count"] == str(
        len(segments) - 1
    )

    post(translator, page, **{"action-submit": "1"})
    assert state(page).status == WorkflowState.STATUS_IN_PROGRESS
    messages = post(as_member(client, site, "moderators"), page, **APPROVE)
    assert any("опубликована" in message for message in messages)
    assert reload(page).live
    answer = public(client, page)
    assert answer.status_code == 200
    shown = answer.content.decode()
    first = segments[0]["source"]
    # What the machine made of the other strings is on the site; the reviewer checked it.
    assert any(translate_html(s["source"]) in shown for s in segments if s["source"] != first)
    translator = as_member(client, site, "translators")
    soup, _props, _footer = editor(translator, page)
    assert machine_notice(soup) is None
    assert "машинный перевод" not in status_of(translator, source)


def test_a_live_english_page_keeps_its_text_until_the_machine_strings_are_checked(
    client, site, dummy
):
    page = site.sections["standard", "en"].live
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    translator = as_member(client, site, "translators")
    _soup, props, _footer = editor(translator, page)
    source_title = site.sections["standard", "ru"].live.title
    title = next(segment for segment in string_segments(props) if segment["source"] == source_title)
    # The translator clears the title's translation and lets the machine redo it.
    answer = translator.delete(
        reverse("wagtail_localize:edit_string_translation", args=(translation.pk, title["id"]))
    )
    assert answer.status_code == 200
    machine_translate(translator, page, props)
    machine_title = translate_html(title["source"])
    soup, _props, _footer = editor(translator, page)
    assert soup.select_one("[data-portal-machine-translation]")["data-count"] == "1"
    post(translator, page)

    live = reload(page)
    assert live.live and live.title == "Published: standard"
    assert live.latest_revision.as_object().title == machine_title
    assert "Published: standard" in public(client, page).content.decode()

    moderator = as_member(client, site, "moderators")
    post(moderator, page, **{"action-publish": "1"})
    assert reload(page).title == "Published: standard"

    # The listing's bulk publish is refused as well.
    url = (
        reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
        + f"?id={page.pk}&next=/admin/"
    )
    answer = moderator.post(url, {})
    assert answer.status_code == 302
    assert reload(page).title == "Published: standard"
    assert "Не опубликовано" in told(moderator, answer)

    # Once a person has saved the string (as the machine wrote it), it may be published.
    save_string(moderator, translation, title, machine_title)
    messages = post(moderator, page, **{"action-publish": "1"})
    assert any("опубликована" in message for message in messages)
    assert reload(page).title == machine_title
    assert machine_title in public(client, page).content.decode()


def test_machine_translation_is_off_by_default(client, site):
    page = site.sections["events", "en"].live
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )
    translator = as_member(client, site, "translators")
    soup, props, _footer = editor(translator, page)
    assert props["machineTranslator"] is None
    assert "Перевести с помощью" not in soup.get_text()
    url = reverse("wagtail_localize:machine_translate", args=(translation.pk,))
    assert translator.post(url, {"next": edit_url(page)}).status_code == 404


def test_a_service_that_does_not_answer_gives_a_message_not_an_error(client, site):
    """A LibreTranslate server that is not there (nothing listens on the discard port)."""
    source = site.sections["toolkits", "ru"].untranslated
    unreachable = {
        "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
        "OPTIONS": {"LIBRETRANSLATE_URL": "http://127.0.0.1:9", "API_KEY": "", "TIMEOUT": 2},
    }
    with override_settings(WAGTAILLOCALIZE_MACHINE_TRANSLATOR=unreachable):
        translator = as_member(client, site, "translators")
        page, translation = start_translation(translator, source)
        _soup, props, _footer = editor(translator, page)
        assert props["machineTranslator"]["name"] == "LibreTranslate"
        messages = machine_translate(translator, page, props)
    assert any(
        "LibreTranslate" in message and "ничего не изменено" in message for message in messages
    )
    assert not StringTranslation.objects.filter(
        locale=page.locale, context__object_id=source.translation_key
    ).exists()


# Settings


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, None),
        (
            {"DEEPL_API_KEY": "key:fx"},
            {
                "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
                "OPTIONS": {"AUTH_KEY": "key:fx", "TIMEOUT": 20},
            },
        ),
    ],
)
def test_off_by_default_and_deepl_with_its_key(monkeypatch, variables, expected):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert machine_translator("deepl" if variables else "") == expected


def test_libretranslate_needs_its_address_and_may_go_without_a_key(monkeypatch):
    monkeypatch.delenv("LIBRETRANSLATE_API_KEY", raising=False)
    monkeypatch.delenv("LIBRETRANSLATE_URL", raising=False)
    with pytest.raises(ImproperlyConfigured, match="LIBRETRANSLATE_URL"):
        machine_translator("libretranslate")
    monkeypatch.setenv("LIBRETRANSLATE_URL", "https://translate.example.org/")
    monkeypatch.setenv("MACHINE_TRANSLATOR_TIMEOUT", "8")
    assert machine_translator("LibreTranslate")["OPTIONS"] == {
        "LIBRETRANSLATE_URL": "https://translate.example.org",
        "API_KEY": "",
        "TIMEOUT": 8,
    }


def test_google_says_what_it_lacks(monkeypatch):
    monkeypatch.delenv("GOOGLE_CLOUD_PROJECT_ID", raising=False)
    with pytest.raises(
        ImproperlyConfigured, match="google-cloud-translate|GOOGLE_CLOUD_PROJECT_ID"
    ):
        machine_translator("google")


def settings_in_a_new_process(**variables):
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    env.update(variables)
    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR))"
    )
    return run_python("-c", script, env=env)


def test_the_environment_chooses_the_translator_at_startup():
    result = settings_in_a_new_process(MACHINE_TRANSLATOR="deepl", DEEPL_API_KEY="secret")
    assert result.returncode == 0, result.stderr
    assert '"AUTH_KEY": "secret"' in result.stdout and "DeepLTranslator" in result.stdout

    result = settings_in_a_new_process(MACHINE_TRANSLATOR="")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "null"


@pytest.mark.parametrize(
    ("variables", "said"),
    [
        ({"MACHINE_TRANSLATOR": "yandex"}, "MACHINE_TRANSLATOR must be one of deepl, google"),
        ({"MACHINE_TRANSLATOR": "deepl", "DEEPL_API_KEY": ""}, "needs DEEPL_API_KEY"),
    ],
)
def test_a_choice_that_cannot_work_stops_the_start(variables, said):
    result = settings_in_a_new_process(**variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and said in result.stderr


def test_the_footer_texts_machine_strings_are_not_published_unchecked(client, site, dummy):
    from portal.models import SiteTexts

    english = SiteTexts.objects.get(locale__language_code="en")
    snippet_url = reverse("wagtailsnippets_portal_sitetexts:edit", args=[english.pk])
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=english.locale
    )
    segment = StringSegment.objects.get(
        source=translation.source, string__data__startswith="Тексты можно"
    )
    segment_url = reverse(
        "wagtail_localize:edit_string_translation", args=(translation.pk, segment.pk)
    )
    translator = as_member(client, site, "translators")
    assert translator.delete(segment_url).status_code == 200
    answer = translator.post(
        reverse("wagtail_localize:machine_translate", args=(translation.pk,)),
        {"next": snippet_url},
    )
    assert answer.status_code == 302
    soup = BeautifulSoup(translator.get(snippet_url).content, "html.parser")
    assert soup.select_one("[data-portal-machine-translation]")["data-count"] == "1"

    manager = as_member(client, site, "site_managers")
    answer = manager.post(snippet_url, {"action": "publish"})
    assert answer.status_code == 302
    assert "Не опубликовано." in told(manager, answer)
    client.logout()
    assert "Texts may be reused with a link to the source." in client.get("/en/").content.decode()

    manager = as_member(client, site, "site_managers")
    machine_text = StringTranslation.objects.get(
        translation_of=segment.string, locale=english.locale
    ).data
    save_string(manager, translation, {"id": segment.pk}, machine_text)
    assert manager.post(snippet_url, {"action": "publish"}).status_code == 302
    client.logout()
    shown = client.get("/en/").content.decode()
    assert "Texts may be reused with a link to the source." not in shown
    assert "можно Тексты" in shown  # the dummy reverses the words
