"""The admin speaks the team member's language: the screens the team works in, as the real admin
views send them, carry none of the English words or broken Russian that reached a Russian-speaking
editor (issue 14), and an English-speaking editor still reads English.

Wagtail's and wagtail-localize's own catalogues are corrected in the project's catalogue; labels
they leave to a field name get one (portal/admin_labels.py); the translation editor's JavaScript
gets its strings from the catalogue and the props the server sends, which is what is checked here
(the browser test at the end checks what the editor then shows).
"""

import datetime
import json
import re

from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Locale,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.users.models import UserProfile
from wagtail_localize.models import Translation

import pytest
from bs4 import BeautifulSoup

from news.models import NewsPage
from portal.models import Organisation, UnansweredSearch
from portal.translation.translate import translate_object
from tests.browser import browser, site_tree  # noqa: F401 (fixtures)
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.resources import CentreIndexPageFactory, CentrePageFactory

# What a Russian-speaking team member saw: English words and broken Russian.
BAD = (
    "More actions",
    "Русский to English translation",
    "до даты",
    "Ожидание переводов: True",
    "Переведено с load_demo_content",
    "Locale",
    "Image *",
    "Page*",
    "Выбрать организация",
    "Опубликовать вEnglish",
)


def screen_text(html):
    """The text a person reads on the page (and what a screen reader says of its labels), once
    with the elements' texts run together ("Page*") and once spaced ("Ждёт перевода: Да")."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template"]):
        hidden.decompose()
    labels = " ".join(
        element[attribute]
        for attribute in ("aria-label", "title", "placeholder")
        for element in soup.find_all(attrs={attribute: True})
    )
    joined = " ".join(soup.get_text("").split())
    spaced = " ".join(soup.get_text(" ").split())
    return f"{joined}\n{spaced}\n{labels}"


def assert_reads_well(text):
    found = [bad for bad in BAD if bad in text]
    assert not found, found


def page_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def modal_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.json()["html"]


def block_labels(html):
    """(name, label) of every field block of the StreamFields' definitions the editor receives."""

    def walk(value):
        if isinstance(value, dict):
            if str(value.get("_type", "")).endswith("FieldBlock"):
                name, _widget, meta = value["_args"][:3]
                yield name, meta.get("label")
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item)

    soup = BeautifulSoup(html, "html.parser")
    for element in soup.find_all(attrs={"data-w-block-data-value": True}):
        yield from walk(json.loads(element["data-w-block-data-value"]))


def editor_props(html):
    soup = BeautifulSoup(html, "html.parser")
    return json.loads(soup.select_one(".js-translation-editor")["data-props"])


def js_catalogue(client, url="/admin/localize/jsi18n/"):
    found = re.search(r"const newcatalog = (\{.*?\});\n", page_html(client, url), re.S)
    return json.loads(found.group(1)) if found else {}  # none for a language without one


def speaks(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


@pytest.fixture
def editor(client, django_user_model):
    """A team member at work in the Russian admin (``client``, logged in)."""
    user = django_user_model.objects.create_superuser(
        "redaktor", "redaktor@example.org", "pw", first_name="Ольга"
    )
    speaks(user, "ru")
    client.force_login(user)
    return user


@pytest.fixture
def news(home):
    """A news section under the news workflow of the lead's setup: «Проверка новостей», whose
    first task «Проверка модератором» goes to the Moderators."""
    moderators, _created = Group.objects.get_or_create(name="Модераторы")
    task, _created = GroupApprovalTask.objects.get_or_create(name="Проверка модератором")
    task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(name="Проверка новостей")
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    index = NewsIndexPageFactory(parent=home)
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return index


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        "moderator", "moderator@example.org", "pw", first_name="Мария"
    )
    user.groups.add(Group.objects.get(name="Модераторы"))
    speaks(user, "ru")
    return user


@pytest.fixture
def item(news, locales):
    """A news item with its English translation (a wagtail-localize Translation)."""
    page = NewsPageFactory(parent=news, title="Соседский центр открылся", lead="Открытие.")
    translate_object(
        page,
        locales["en"],
        NewsPage(title="A neighbourhood centre opens", slug="centre-opens", lead="Opening."),
    )
    return page


@pytest.fixture
def translation(item, locales):
    return Translation.objects.get(
        source__object_id=item.translation_key, target_locale=locales["en"]
    )


@pytest.fixture
def in_moderation(item, editor, moderator, django_capture_on_commit_callbacks):
    """The item, submitted to its workflow three minutes ago (its mails sent)."""
    item.save_revision(user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        item.get_workflow().start(item, editor)
    state = item.current_workflow_task_state
    three_minutes_ago = timezone.now() - datetime.timedelta(minutes=3)
    type(state).objects.filter(pk=state.pk).update(started_at=three_minutes_ago)
    return item


@pytest.fixture
def centre(home):
    operator = Organisation.objects.create(name="Фонд соседей")
    index = CentreIndexPageFactory(parent=home)
    return CentrePageFactory(
        parent=index, title="Дом культуры «Рассвет»", operator=operator, checked_on=None
    )


def test_the_dashboard_and_the_editor_of_an_item_in_moderation(client, in_moderation):
    dashboard = screen_text(page_html(client, "/admin/"))
    assert_reads_well(dashboard)
    assert "Проверка модератором" in dashboard

    html = page_html(client, f"/admin/pages/{in_moderation.pk}/edit/")
    editor = screen_text(html)
    assert_reads_well(editor)
    assert "Отправлено на этап «Проверка модератором» 3 минуты назад" in editor
    assert "Выбрать: тема" in html  # the chooser of a new topic (in the inline panel's template)
    labels = set(block_labels(html))
    assert ("image", "Изображение") in labels and ("image", "Image") not in labels
    assert ("page", "Страница") in labels


def test_the_workflow_dialogs(client, in_moderation):
    task_state = in_moderation.current_workflow_task_state
    for action in ("approve", "reject"):
        url = f"/admin/pages/workflow/action/{in_moderation.pk}/{action}/{task_state.pk}/"
        assert_reads_well(screen_text(modal_html(client, url)))

    url = f"/admin/pages/workflow/confirm_cancellation/{in_moderation.pk}/"
    dialog = screen_text(modal_html(client, url))
    assert_reads_well(dialog)
    assert "на этапе «Проверка модератором» рабочего процесса «Проверка новостей»" in dialog


def test_the_moderators_mail_is_russian(in_moderation, moderator):
    (message,) = [m for m in mail.outbox if m.to == [moderator.email]]

    assert message.subject.endswith("Проверьте страницу «Соседский центр открылся»")
    assert message.body.lstrip().startswith("Здравствуйте, Мария!")
    assert "«Проверка модератором»" in message.body
    assert "\u200b" not in message.subject + message.body
    assert_reads_well(message.subject + message.body)


def test_snippet_choosers_and_their_widgets(client, editor, centre):
    html = page_html(client, f"/admin/pages/{centre.pk}/edit/")
    text = screen_text(html)
    assert_reads_well(text)
    assert "Выбрать другой элемент: организация" in text  # the chosen operator

    new_centre = screen_text(
        page_html(client, f"/admin/pages/add/resources/centrepage/{centre.get_parent().pk}/")
    )
    assert_reads_well(new_centre)
    assert "Выбрать: организация" in new_centre and "Выбрать: город" in new_centre

    choosers = {
        "organisation": "организация",
        "person": "человек",
        "city": "город",
        "topic": "тема",
        "format": "формат",
        "spacetype": "тип пространства",
    }
    for model, name in choosers.items():
        chooser = screen_text(modal_html(client, f"/admin/snippets/choose/portal/{model}/"))
        assert_reads_well(chooser)
        assert f"Выбрать: {name}" in chooser, model  # the modal's header
        assert "Язык" in chooser and "Английский" in chooser, model  # its language filter
    for url in ("/admin/images/chooser/", "/admin/documents/chooser/", "/admin/choose-page/"):
        assert_reads_well(screen_text(modal_html(client, url)))


def test_the_page_field_of_workflows_and_group_permissions_is_labelled(client, editor, news):
    workflow = Workflow.objects.get(name="Проверка новостей")
    group = Group.objects.get(name="Модераторы")
    GroupPagePermission.objects.create(group=group, page=news, permission_type="publish")
    for url in (f"/admin/workflows/edit/{workflow.pk}/", f"/admin/groups/edit/{group.pk}/"):
        text = screen_text(page_html(client, url))
        assert "Page*" not in text and "Страница*" in text, url


def test_the_translation_editor(client, editor, item, translation, locales):
    english = item.get_translation(locales["en"])
    html = page_html(client, f"/admin/pages/{english.pk}/edit/")
    assert_reads_well(screen_text(html))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.title.get_text().startswith("Перевод «Соседский центр открылся»: Английский")
    assert soup.find("script", src=re.compile(r"/static/js/translation-editor-labels\.js"))

    props = editor_props(html)
    assert props["sourceLocale"]["displayName"] == "Русский"
    assert props["locale"]["displayName"] == "Английский"
    comments = {entry["comment"] for entry in props["initialStringTranslations"]}
    assert comments and all(comment.startswith("Переведено вручную, ") for comment in comments)

    # What the editor's JavaScript makes of the catalogue it loads and of the props.
    catalogue = js_catalogue(client)
    assert catalogue["Publish in "] + props["locale"]["displayName"] == "Опубликовать: Английский"
    assert catalogue["Translation: %(source)s → %(target)s"] == "Перевод: %(source)s → %(target)s"
    assert catalogue["More actions"] == "Больше действий"
    assert catalogue["Choose a %s"] == "Выбрать: %s"
    assert catalogue["segments translated"] == "переведено"


def test_the_translations_report(client, editor, translation):
    report = screen_text(page_html(client, "/admin/localize/reports/translations/"))
    assert_reads_well(report)
    assert "Всё переведено" in report and "Язык оригинала" in report

    waiting = "/admin/localize/reports/translations/?waiting_for_translation="
    assert "Ждёт перевода: Да" in screen_text(page_html(client, waiting + "true"))
    done = screen_text(page_html(client, waiting + "false"))
    assert_reads_well(done)
    assert "Ждёт перевода: Нет" in done and "Соседский центр открылся" in done


def test_our_reports_name_the_language(client, editor, centre):
    UnansweredSearch.record("planetarium", "en")

    searches = screen_text(page_html(client, "/admin/reports/unanswered-searches/"))
    assert_reads_well(searches)
    assert "planetarium Английский" in searches

    to_check = screen_text(page_html(client, "/admin/reports/resources-to-check/"))
    assert_reads_well(to_check)
    assert "Дом культуры «Рассвет» центр Русский" in to_check


def test_wagtails_reports(client, editor, in_moderation):
    for url in (
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
    ):
        assert_reads_well(screen_text(page_html(client, url)))


def test_an_english_speaking_editor_still_reads_english(client, editor, centre, translation):
    speaks(editor, "en")

    html = page_html(client, f"/admin/pages/add/resources/centrepage/{centre.get_parent().pk}/")
    assert "Choose organisation" in screen_text(html)
    chooser = screen_text(modal_html(client, "/admin/snippets/choose/portal/organisation/"))
    assert "Choose organisation" in chooser
    assert "Language" in chooser and "English" in chooser
    waiting = "/admin/localize/reports/translations/?waiting_for_translation=true"
    assert "Waiting for translations: Yes" in screen_text(page_html(client, waiting))

    english = translation.get_target_instance()
    props = editor_props(page_html(client, f"/admin/pages/{english.pk}/edit/"))
    assert props["sourceLocale"]["displayName"] == "Russian"
    assert props["locale"]["displayName"] == "English"
    assert all(
        entry["comment"].startswith("Translated manually on ")
        for entry in props["initialStringTranslations"]
    )
    catalogue = js_catalogue(client)
    assert catalogue.get("Publish in ", "Publish in ") == "Publish in "
    assert "Translation: %(source)s → %(target)s" not in catalogue


@pytest.mark.browser
def test_the_translation_editor_as_chromium_shows_it(
    site_tree,  # noqa: F811
    live_server,
    browser,  # noqa: F811
    django_user_model,
):
    user = django_user_model.objects.create_superuser("redaktor", "redaktor@example.org", "pw")
    speaks(user, "ru")
    page = NewsPageFactory(parent=NewsIndexPageFactory(parent=site_tree), title="Открытие центра")
    english = translate_object(
        page,
        Locale.objects.get(language_code="en"),
        NewsPage(title="A centre opens", slug="a-centre-opens", lead="Opening."),
    )
    tab = browser.new_page()
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("input[name=username]", "redaktor")
    tab.fill("input[name=password]", "pw")
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/admin/")

    def open_editor():
        tab.goto(f"{live_server.url}/admin/pages/{english.pk}/edit/")
        tab.locator(".js-translation-editor section h3").first.wait_for()
        editor = tab.locator(".js-translation-editor")
        return {
            "heading": editor.locator("section h3").first.inner_text(),
            "publish": editor.locator("footer button[type=submit]").first.inner_text(),
            "menu": editor.locator(".w-dropdown__toggle .w-sr-only").first.text_content(),
            "text": editor.inner_text(),
        }

    russian = open_editor()
    assert russian["heading"] == "Перевод: Русский → Английский"
    assert russian["publish"] == "Опубликовать: Английский"
    assert russian["menu"] == "Больше действий"
    assert_reads_well("\n".join(russian.values()))
    assert "Переведено вручную, " in russian["text"]
    # The date under each string in Russian too, not "2 December 2026".
    dates = re.findall(r"Переведено вручную, (\S+ \S+ \d{4})", russian["text"])
    assert dates and all(re.fullmatch(r"\d{1,2} [а-я]+ \d{4}", date) for date in dates)

    speaks(user, "en")
    english_admin = open_editor()
    assert english_admin["heading"] == "Russian to English translation"
    assert english_admin["publish"] == "Publish in English"
    assert english_admin["menu"] == "More actions"


def test_the_login_page_is_russian(client, db):
    text = screen_text(page_html(client, "/admin/login/"))

    assert "Пароль" in text and "Имя пользователя" in text
    assert "Password" not in text
