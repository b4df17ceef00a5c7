"""A translation through review in Chromium, as the team lives it in the Russian admin: the
translator starts the English version of a Russian page, types the strings in wagtail-localize's
editor, saves a draft and submits it; the moderator asks for changes with a comment; the
translator reads it in the editor, corrects and resubmits; the moderator approves, and only then
do readers see the English page.

Each person has a browser context of their own, logged in once.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Locale
from wagtail.users.models import UserProfile

import pytest
from playwright.sync_api import expect

from home.editorial import ensure_team
from home.editorial.roles import MODERATORS, TRANSLATORS
from tests.browser import (  # noqa: F401 (fixtures)
    PASSWORD,
    browser,
    footer_action,
    logged_in,
    new_page,
    site_tree,
)
from tests.factories.home import StandardPageFactory

pytestmark = pytest.mark.browser

TEAM = (
    ("translator", TRANSLATORS, "Тамара", "Переводова"),
    ("moderator", MODERATORS, "Борис", "Модестов"),
)
SOURCE_TITLE = "Центр в парке"
FIRST_TITLE = "A centre in the park"
FIXED_TITLE = "A center in the park"
SLUG = "centre-in-the-park"
REMARK = "«Centre» — по-британски; у нас американское написание: center."
ACTIONS = "#portal-translation-actions"


@pytest.fixture
def source(site_tree):  # noqa: F811
    ensure_team()
    for login, role, first_name, last_name in TEAM:
        user = get_user_model().objects.create_user(
            username=login,
            email=f"{login}@example.org",
            password=PASSWORD,
            first_name=first_name,
            last_name=last_name,
        )
        user.groups.add(Group.objects.get(name=role.name))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "ru"
        profile.save(update_fields=["preferred_language"])
    return StandardPageFactory(parent=site_tree, title=SOURCE_TITLE, slug="centr-v-parke")


def translate(tab, source, text):
    """Type ``text`` as the English of the string ``source`` in wagtail-localize's editor."""
    editor = tab.locator(".js-translation-editor")
    segment = editor.locator("li", has_text=source).first
    button = segment.get_by_role("button", name="Перевести")
    if not button.count():
        button = segment.get_by_role("button", name="Редактировать")
    button.click()
    segment.get_by_role("textbox").fill(text)
    segment.get_by_role("button", name="Сохранить").click()
    expect(segment).to_contain_text(text)
    expect(segment).to_contain_text("Переведено вручную")


def fill_other_strings(tab):
    """The page's other strings, each typed in turn (one string is open at a time)."""
    editor = tab.locator(".js-translation-editor")
    remaining = editor.get_by_role("button", name="Перевести")
    while count := remaining.count():
        remaining.first.click()
        editor.get_by_role("textbox").fill(f"English text {count}")
        editor.get_by_role("button", name="Сохранить").click()
        expect(remaining).to_have_count(count - 1)
        expect(editor.get_by_text("Сохранение...")).to_have_count(0)  # saved on the server


def test_a_translation_goes_from_the_translator_through_review_to_the_site(
    source,
    live_server,
    browser,  # noqa: F811
):
    english = Locale.objects.get(language_code="en")

    # The translator starts the English version and lands in the translation editor.
    translator = logged_in(browser, live_server, "translator")
    translator.goto(f"{live_server.url}/admin/localize/submit/page/{source.pk}/")
    translator.get_by_label("Английский").check()
    translator.get_by_role("button", name="Отправить").click()
    translator.wait_for_url("**/admin/pages/*/edit/")
    target = source.get_translation(english)
    public_url = f"{live_server.url}/en/{SLUG}/"
    actions = translator.locator(ACTIONS)
    expect(actions.get_by_role("button", name="Удалить")).to_have_count(0)
    expect(actions.get_by_role("button", name="Опубликовать")).to_have_count(0)

    # Strings first, then a draft: nobody reads it on the site yet.
    translate(translator, SOURCE_TITLE, FIRST_TITLE)
    fill_other_strings(translator)
    translator.get_by_role("tab", name="Продвижение").click()
    translate(translator, source.slug, SLUG)
    actions.get_by_role("button", name="Сохранить черновик").click()
    translator.wait_for_url("**/admin/pages/*/edit/")
    expect(translator.get_by_role("status")).to_contain_text(f"Черновик «{FIRST_TITLE}» сохранён")
    reader = new_page(browser)
    assert reader.goto(public_url).status == 404

    footer_action(translator, "Отправить на «Редакционная проверка»", footer=ACTIONS)
    expect(translator.get_by_role("status")).to_contain_text("отправлен")
    expect(translator.locator("[data-portal-review-status]")).to_contain_text("На проверке")

    # The moderator finds it on the dashboard, opens the English draft and asks for changes.
    moderator = logged_in(browser, live_server, "moderator")
    waiting = moderator.get_by_role("region", name="Ждут моей проверки")
    waiting.get_by_role("link", name=FIRST_TITLE).click()
    moderator.wait_for_url(f"**/admin/pages/{target.pk}/edit/")
    footer_action(moderator, "Запрос изменений", footer=ACTIONS)
    modal = moderator.get_by_role("dialog")
    modal.get_by_role("textbox", name="Комментарий").fill(REMARK)
    modal.get_by_role("button", name="Запрос изменений").click()
    moderator.wait_for_load_state()
    assert reader.goto(public_url).status == 404

    # The translator reads the remark in the editor, corrects the title and resubmits.
    translator.goto(f"{live_server.url}/admin/pages/{target.pk}/edit/")
    notice = translator.locator("[data-portal-review-status]")
    expect(notice).to_contain_text("Борис Модестов")
    expect(notice).to_contain_text(REMARK)
    translator.get_by_role("tab", name="Содержимое").click()
    translate(translator, SOURCE_TITLE, FIXED_TITLE)
    footer_action(translator, "Отправить повторно на «Проверка модератором»", footer=ACTIONS)
    translator.wait_for_url("**/admin/pages/*/edit/")

    # The moderator approves: now, and only now, the English page is on the site.
    moderator.goto(f"{live_server.url}/admin/pages/{target.pk}/edit/")
    footer_action(moderator, "Одобрить", footer=ACTIONS)
    moderator.wait_for_load_state()
    answer = reader.goto(public_url)
    assert answer.status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(FIXED_TITLE)
