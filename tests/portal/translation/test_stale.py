"""Translations out of date: a Russian publish flags exactly its English translations — in
the page listing and in the translation editor —, «Синхронизировать» takes the new Russian text
and offers each changed string's previous English text, and the optional automatic sync makes
a draft while the live English page keeps its text. Through the admin and wagtail-localize's
own views, as translators whose admin speaks Russian and English."""

import copy
import json

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import StringTranslation, Translation

import pytest
from bs4 import BeautifulSoup

from home.editorial.roles import TRANSLATORS
from portal.translation.states import stale_translations
from portal.translation.translate import translate_object
from tests.helpers import Committing, refused, rolled_back_after
from tests.home.team import build_site, edit_url, reload

pytestmark = pytest.mark.django_db

INTRO_RU = "Проект о публичных пространствах."
INTRO_EN = "A project about public spaces."
NEW_INTRO_RU = "Проект о публичных пространствах и их сообществах."


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_site()
            english = Locale.objects.get(language_code="en")
            about = built.sections["standard", "ru"].live.specific
            about.intro = INTRO_RU
            about.save_revision().publish()
            shadow = copy.copy(about)
            shadow.title, shadow.slug, shadow.intro = "Published: standard", about.slug, INTRO_EN
            translate_object(about, english, shadow)
            for language in ("ru", "en"):
                user = get_user_model().objects.create_user(
                    f"translator-{language}", email=f"{language}@example.org", password="x"
                )
                user.groups.add(Group.objects.get(name=TRANSLATORS.name))
                profile = UserProfile.get_for_user(user)
                profile.preferred_language = language
                profile.save(update_fields=["preferred_language"])
                built.users[f"translator-{language}"] = user
        yield built


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    return Committing(client, django_capture_on_commit_callbacks)


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a new version of the Russian page, as its editor would (and what is queued
    once that is committed runs)."""

    def publish(page, **changes):
        page = reload(page).specific
        for name, value in changes.items():
            setattr(page, name, value)
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()
        return page

    return publish


def as_user(client, site, key):
    client.force_login(site.users[key])
    return client


def about(site, language):
    return site.sections["standard", language].live


def explorer(client, parent):
    answer = client.get(reverse("wagtailadmin_explore", args=[parent.pk]))
    assert answer.status_code == 200
    return BeautifulSoup(answer.content, "html.parser")


def tagged_titles(soup):
    """The titles of the listing's rows that carry the out-of-date tag, and the tag's text."""
    found = {}
    for row in soup.select("table.listing tbody tr"):
        tag = row.select_one("[data-portal-stale-tag]")
        if tag is not None:
            title = row.select_one("td.title a").get_text(" ", strip=True)
            found[title] = tag.get_text(" ", strip=True)
    return found


def editor(client, page):
    answer = client.get(edit_url(page))
    assert answer.status_code == 200
    soup = BeautifulSoup(answer.content, "html.parser")
    props = json.loads(soup.select_one(".js-translation-editor")["data-props"])
    return soup, props


def translation_of(page):
    return Translation.objects.get(
        source__object_id=page.translation_key, target_locale=page.locale
    )


def messages_of(answer):
    return [str(message) for message in get_messages(answer.wsgi_request)]


def sync(client, page):
    """«Синхронизировать» of the editor's notice."""
    soup, _props = editor(client, page)
    form = soup.select_one("[data-portal-stale-notice] form[data-portal-sync]")
    answer = client.post(form["action"], {"next": form.select_one("[name=next]")["value"]})
    assert answer.status_code == 302
    return answer


def test_a_source_publish_marks_exactly_its_translations_out_of_date(site, publish):
    assert not stale_translations().exists()
    publish(about(site, "ru"), intro=NEW_INTRO_RU)
    assert [page.pk for page in stale_translations()] == [about(site, "en").pk]
    # Saving a draft of another page, or publishing a page nobody translated, flags nothing.
    reload(site.sections["news", "ru"].live).specific.save_revision()
    publish(site.sections["news", "ru"].untranslated, title="Без перевода: обновлено")
    assert [page.pk for page in stale_translations()] == [about(site, "en").pk]


@pytest.mark.parametrize(
    ("user", "label"),
    [("translator-ru", "Перевод устарел"), ("translator-en", "Translation out of date")],
)
def test_the_page_listing_tags_the_translation_out_of_date(client, site, publish, user, label):
    publish(about(site, "ru"), intro=NEW_INTRO_RU)
    soup = explorer(as_user(client, site, user), site.sections["standard", "en"].index)
    assert tagged_titles(soup) == {"Published: standard": label}
    # The Russian tree has nothing out of date.
    moderator = as_user(client, site, "moderators")
    assert not tagged_titles(explorer(moderator, site.sections["standard", "ru"].index))


def test_the_listing_costs_the_same_queries_whatever_the_number_of_stale_rows(
    client, site, publish
):
    translator = as_user(client, site, "translator-ru")
    url = reverse("wagtailadmin_explore", args=[site.homes["en"].pk])
    translator.get(url)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert translator.get(url).status_code == 200
        return len(context.captured_queries)

    fresh = queries()
    for name in ("standard", "news", "events", "centres", "toolkits"):
        publish(site.sections[name, "ru"].index, title=f"{name}: новая редакция")
    soup = explorer(translator, site.homes["en"])
    assert set(tagged_titles(soup)) == {"About", "News", "Events", "Spaces", "Formats"}
    assert queries() == fresh


@pytest.mark.parametrize(
    ("user", "words"),
    [
        ("translator-ru", ("Перевод устарел", "Синхронизировать")),
        ("translator-en", ("The translation is out of date", "Sync")),
    ],
)
def test_the_translation_editor_says_since_when_and_offers_the_sync(
    client, site, publish, user, words
):
    page = about(site, "en")
    soup, _props = editor(as_user(client, site, user), page)
    assert soup.select_one("[data-portal-stale-notice]") is None

    publish(about(site, "ru"), intro=NEW_INTRO_RU)
    soup, _props = editor(client, page)
    notice = soup.select_one("[data-portal-stale-notice]")
    text = notice.get_text(" ", strip=True)
    first, button = words
    assert first in text
    sync_form = notice.select_one("form[data-portal-sync]")
    assert sync_form["action"] == reverse(
        "wagtail_localize:update_translations", args=[translation_of(page).source_id]
    )
    assert sync_form.select_one("button").get_text(strip=True) == button


def test_who_may_not_sync_is_not_offered_the_button(client, site, publish):
    publish(about(site, "ru"), intro=NEW_INTRO_RU)
    translator = site.users["translator-ru"]
    group = Group.objects.get(name=TRANSLATORS.name)
    without = Group.objects.create(name="Переводчики без синхронизации")
    without.permissions.set(group.permissions.exclude(codename="submit_translation"))
    for permission in group.page_permissions.all():
        permission.pk, permission.group = None, without
        permission.save()
    translator.groups.set([without])
    soup, _props = editor(as_user(client, site, "translator-ru"), about(site, "en"))
    notice = soup.select_one("[data-portal-stale-notice]")
    assert notice is not None and notice.select_one("form[data-portal-sync]") is None
    url = reverse(
        "wagtail_localize:update_translations", args=[translation_of(about(site, "en")).source_id]
    )
    assert refused(client.post(url))


def test_sync_clears_the_flag_and_offers_the_previous_english_text(client, site, publish):
    page = about(site, "en")
    publish(about(site, "ru"), intro=NEW_INTRO_RU)
    translator = as_user(client, site, "translator-ru")
    answer = sync(translator, page)
    assert answer["Location"] == edit_url(page)
    assert any("предыдущий английский текст" in message for message in messages_of(answer))
    assert not stale_translations().exists()
    assert not tagged_titles(explorer(translator, site.sections["standard", "en"].index))

    # The changed string is empty in the editor; the notice offers its previous English text.
    soup, props = editor(translator, page)
    strings = [s for s in props["segments"] if s["type"] == "string"]
    (segment,) = [s for s in strings if s["source"] == NEW_INTRO_RU]
    translated = {t["segment_id"]: t["data"] for t in props["initialStringTranslations"]}
    assert segment["id"] not in translated
    assert "Published: standard" in translated.values()  # the unchanged title keeps its text
    notice = soup.select_one("[data-portal-stale-notice]")
    assert "Перевод устарел" not in notice.get_text()
    (row,) = notice.select("form[data-portal-previous-texts] tbody tr")
    assert [cell.get_text(strip=True) for cell in row.select("td")][:3] == [
        NEW_INTRO_RU,
        INTRO_RU,
        INTRO_EN,
    ]
    # The English page on the site keeps its text: the sync published nothing.
    client.logout()
    assert INTRO_EN in client.get(reload(page).url).content.decode()

    # «Принять»: the string takes the previous English text, to keep or edit in the editor.
    translator = as_user(client, site, "translator-ru")
    form = notice.select_one("form[data-portal-previous-texts]")
    button = row.select_one("button[name=segment]")
    assert button.get_text(strip=True) == "Принять"
    answer = translator.post(form["action"], {"segment": button["value"], "next": edit_url(page)})
    assert answer.status_code == 302 and answer["Location"] == edit_url(page)
    soup, props = editor(translator, page)
    translated = {t["segment_id"]: t for t in props["initialStringTranslations"]}
    assert translated[segment["id"]]["data"] == INTRO_EN
    assert translated[segment["id"]]["last_translated_by"]["full_name"] is not None
    assert soup.select_one("[data-portal-stale-notice]") is None


def test_the_sync_form_never_publishes(client, site, publish):
    page = about(site, "en")
    publish(about(site, "ru"), intro=NEW_INTRO_RU)
    url = reverse("wagtail_localize:update_translations", args=[translation_of(page).source_id])
    translator = as_user(client, site, "translator-en")
    answer = translator.get(url)
    assert answer.status_code == 200
    assert b'name="publish_translations"' not in answer.content
    answer = translator.post(url, {"publish_translations": "on"})
    assert answer.status_code == 302
    assert reload(page).specific.intro == INTRO_EN and reload(page).live
    assert any("previous English text" in message for message in messages_of(answer))


def test_accepting_refuses_bad_input_and_strangers(client, site, publish):
    page = about(site, "en")
    publish(about(site, "ru"), intro=NEW_INTRO_RU)
    url = reverse("portal_accept_previous_texts", args=[translation_of(page).pk])
    assert as_user(client, site, "translator-en").post(url, {"segment": "x"}).status_code == 400
    assert refused(as_user(client, site, "editors").post(url, {"segment": "1"}))
    assert client.get(url).status_code == 405
    missing = reverse("portal_accept_previous_texts", args=[999999])
    assert as_user(client, site, "translator-en").post(missing).status_code == 404
    # Nothing to accept before the sync: the changed string is not in the translation yet.
    answer = client.post(url, {"next": edit_url(page)})
    assert answer.status_code == 302
    assert any("Nothing was accepted" in message for message in messages_of(answer))


def test_accept_all_takes_every_previous_text(client, site, publish):
    page = about(site, "en")
    publish(about(site, "ru"), title="О проекте: новая редакция", intro=NEW_INTRO_RU)
    translator = as_user(client, site, "translator-en")
    sync(translator, page)
    soup, _props = editor(translator, page)
    form = soup.select_one("form[data-portal-previous-texts]")
    assert len(form.select("tbody tr")) == 2
    assert form.select("button")[-1].get_text(strip=True) == "Accept all"
    answer = translator.post(form["action"], {"next": edit_url(page)})
    assert any("2 strings" in message for message in messages_of(answer))
    translation = translation_of(page)
    texts = set(
        StringTranslation.objects.filter(
            locale=page.locale,
            translation_of__segments__source=translation.source,
        ).values_list("data", flat=True)
    )
    assert {"Published: standard", INTRO_EN} <= texts


@override_settings(PORTAL_TRANSLATION_AUTO_SYNC=True)
def test_auto_sync_makes_a_draft_and_the_live_english_page_keeps_its_text(client, site, publish):
    page = about(site, "en")
    publish(about(site, "ru"), intro=NEW_INTRO_RU)
    english = reload(page).specific
    assert not stale_translations().exists()  # synced at once
    assert english.live and english.intro == INTRO_EN
    assert english.has_unpublished_changes
    draft = english.latest_revision.as_object()
    assert draft.title == "Published: standard"
    assert draft.intro == NEW_INTRO_RU  # untranslated yet: the draft shows the original there
    assert INTRO_EN in client.get(english.url).content.decode()
    # The translator finds the previous English text offered in the editor.
    soup, _props = editor(as_user(client, site, "translator-ru"), page)
    assert INTRO_EN in soup.select_one("form[data-portal-previous-texts]").get_text()


def test_without_the_setting_a_publish_changes_no_translation(client, site, publish):
    page = about(site, "en")
    revision = reload(page).latest_revision_id
    publish(about(site, "ru"), intro=NEW_INTRO_RU)
    assert reload(page).latest_revision_id == revision
    assert [found.pk for found in stale_translations()] == [page.pk]


def test_publishing_the_english_page_queues_no_sync(site, publish):
    with override_settings(PORTAL_TRANSLATION_AUTO_SYNC=True):
        page = about(site, "en")
        before = Page.objects.get(pk=page.pk).latest_revision_id
        publish(page, title="Published: standard (edited)")
        assert Page.objects.get(pk=page.pk).latest_revision_id != before
        assert not reload(page).has_unpublished_changes


def test_the_listing_search_tags_the_translation_too(client, site, publish):
    publish(about(site, "ru"), intro=NEW_INTRO_RU)
    translator = as_user(client, site, "translator-en")
    answer = translator.get(
        reverse("wagtailadmin_explore", args=[site.sections["standard", "en"].index.pk]),
        {"q": "Published"},
    )
    assert answer.status_code == 200
    soup = BeautifulSoup(answer.content, "html.parser")
    assert tagged_titles(soup) == {"Published: standard": "Translation out of date"}


PARAGRAPHS_RU = ("Первый абзац о клубе на заводе.", "Второй абзац о библиотеке у парка.")
PARAGRAPHS_EN = ("First paragraph about the club.", "Second paragraph about the library.")
NEW_PARAGRAPHS_RU = ("Первый абзац о новом клубе на заводе.", "Второй абзац о библиотеке у сквера.")


def paragraphs(texts):
    html = "".join(f"<p>{text}</p>" for text in texts)
    return json.dumps([{"type": "paragraph", "value": html, "id": "0b4e1c62-aaaa-4c3e-9f0a-1"}])


def test_each_changed_paragraph_of_a_rich_text_is_offered_its_own_previous_text(
    client, site, publish
):
    from tests.factories.home import StandardPageFactory

    english = Locale.objects.get(language_code="en")
    source = StandardPageFactory(
        parent=site.sections["standard", "ru"].index,
        title="Абзацы",
        slug="abzacy",
        body=paragraphs(PARAGRAPHS_RU),
    )
    shadow = copy.copy(source)
    shadow.title, shadow.body = "Paragraphs", paragraphs(PARAGRAPHS_EN)
    page = translate_object(source, english, shadow)
    publish(source, body=paragraphs(NEW_PARAGRAPHS_RU))
    translator = as_user(client, site, "translator-ru")
    sync(translator, page)
    soup, _props = editor(translator, page)
    rows = soup.select("form[data-portal-previous-texts] tbody tr")
    offered = {
        row.select("td")[0].get_text(strip=True): row.select_one("[data-previous-text]").get_text(
            strip=True
        )
        for row in rows
    }
    assert offered == dict(zip(NEW_PARAGRAPHS_RU, PARAGRAPHS_EN, strict=True))


def test_a_changed_topic_says_so_in_its_translation_editor(client, site):
    """A taxonomy snippet has no publication date: its content is compared with the sync."""
    from portal.models import Topic

    english = Locale.objects.get(language_code="en")
    topic = Topic.objects.create(name="Городская среда", slug="urban", description="О городах.")
    shadow = copy.copy(topic)
    shadow.name, shadow.description = "Urban environment", "About cities."
    translated = translate_object(topic, english, shadow)
    url = reverse("wagtailsnippets_portal_topic:edit", args=[translated.pk])
    moderator = as_user(client, site, "moderators")
    soup = BeautifulSoup(moderator.get(url).content, "html.parser")
    assert soup.select_one("[data-portal-stale-notice]") is None

    topic.description = "О городах и сёлах."
    topic.save()
    soup = BeautifulSoup(moderator.get(url).content, "html.parser")
    notice = soup.select_one("[data-portal-stale-notice]")
    assert "Перевод устарел: оригинал изменён" in notice.get_text(" ", strip=True)
    form = notice.select_one("form[data-portal-sync]")
    answer = moderator.post(form["action"], {"next": url})
    assert answer.status_code == 302
    soup = BeautifulSoup(moderator.get(url).content, "html.parser")
    notice = soup.select_one("[data-portal-stale-notice]")
    assert "Перевод устарел" not in notice.get_text()
    assert "About cities." in notice.select_one("[data-previous-text]").get_text()
