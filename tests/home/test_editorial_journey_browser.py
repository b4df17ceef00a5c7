"""One news item through the whole editorial workflow in Chromium, as the team lives it: the
editor writes it with an image and submits it, the moderator asks for changes, the editor
fixes and resubmits, the moderator then the chief editor approve, and readers see it.

Every step goes through the Russian admin the team sees: its labels, its dashboard, its modals.
Each person has a browser context of their own, logged in once.
"""

import io
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.users.models import UserProfile

import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

from home.editorial import ensure_team
from home.editorial.roles import CHIEF_EDITOR, EDITORS, MODERATORS
from news.models import NewsPage
from tests.browser import (  # noqa: F401 (fixtures)
    PASSWORD,
    browser,
    footer_action,
    logged_in,
    new_page,
    site_tree,
)
from tests.factories.news import NewsIndexPageFactory

pytestmark = pytest.mark.browser


TEAM = (
    ("editor", EDITORS, "Анна", "Редакторова"),
    ("moderator", MODERATORS, "Борис", "Модестов"),
    ("chief", CHIEF_EDITOR, "Вера", "Главная"),
)

TITLE = "Двор на Уралмаше открылся после ремонта"
FIRST_LEAD = "Жители сами выбрали, что будет во дворе."
FIXED_LEAD = "Двор открылся 1 июня: жители сами выбрали, что в нём будет."
REMARK = "Уточните в лиде, когда открылся двор."
ALT = "Новая площадка во дворе"

WORKFLOW = "Проверка новостей"
SUBMIT = f"Отправить на «{WORKFLOW}»"
RESUBMIT = "Отправить повторно на «Проверка модератором»"  # back to the step that returned it
AWAITING_REVIEW = "Ждут моей проверки"
MY_PAGES = "Мои черновики и возвращённые страницы"


@pytest.fixture
def newsroom(site_tree, settings, tmp_path):  # noqa: F811
    """The Russian news index with its two-step review, and one member of each role."""
    settings.MEDIA_ROOT = tmp_path / "media"  # the uploaded image and its renditions
    index = NewsIndexPageFactory(parent=site_tree)
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
    return index


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "dvor.png"
    buffer = io.BytesIO()
    PILImage.new("RGB", (640, 400), (200, 120, 40)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def dashboard_panel(page, live_server, heading):
    """A panel of the dashboard, going there unless the page already shows it."""
    if page.url != f"{live_server.url}/admin/":
        page.goto(f"{live_server.url}/admin/")
    return page.get_by_role("region", name=heading)


def open_from(panel, item):
    panel.get_by_role("link", name=item.title).click()
    panel.page.wait_for_url(f"**/admin/pages/{item.pk}/edit/")


def test_a_news_item_goes_from_the_editor_through_two_reviews_to_the_site(
    newsroom,
    live_server,
    browser,  # noqa: F811
    picture,
):
    explorer = f"**/admin/pages/{newsroom.pk}/"

    # The editor writes the item, uploads its image in the chooser and submits it.
    editor = logged_in(browser, live_server, "editor")
    editor.goto(f"{live_server.url}/admin/pages/{newsroom.pk}/")
    editor.get_by_role("link", name="Добавить дочернюю страницу").first.click()
    editor.wait_for_url(f"**/admin/pages/add/news/newspage/{newsroom.pk}/")
    editor.get_by_placeholder("Заголовок страницы").fill(TITLE)
    editor.get_by_role("textbox", name="Лид").fill(FIRST_LEAD)
    editor.get_by_role("button", name="Выберите изображение").click()
    chooser = editor.get_by_role("dialog")
    chooser.get_by_role("tab", name="Загрузка").click()
    chooser.get_by_label("Файл").set_input_files(picture)
    chooser.get_by_role("textbox", name="Заголовок").fill("Двор на Уралмаше")
    chooser.get_by_role("button", name="Загрузка").click()
    expect(chooser).to_have_count(0)
    expect(editor.locator("input[name=lead_image]")).to_have_value(re.compile(r"^\d+$"))
    expect(editor.get_by_text("Двор на Уралмаше", exact=True)).to_be_visible()
    editor.get_by_role("textbox", name="Альтернативный текст").fill(ALT)
    footer_action(editor, SUBMIT)
    editor.wait_for_url(explorer)
    expect(editor.get_by_role("status")).to_contain_text("создана и отправлена на модерацию")
    expect(editor.get_by_role("row", name=TITLE)).to_contain_text("на модерации")

    item = NewsPage.objects.get(title=TITLE)
    assert item.get_url().startswith(f"/ru/{newsroom.slug}/")
    public_url = live_server.url + item.get_url()
    reader = new_page(browser)
    assert reader.goto(public_url).status == 404

    # The moderator finds it waiting on the dashboard and asks for changes, with a comment.
    moderator = logged_in(browser, live_server, "moderator")
    open_from(dashboard_panel(moderator, live_server, AWAITING_REVIEW), item)
    footer_action(moderator, "Запрос изменений")
    modal = moderator.get_by_role("dialog")
    modal.get_by_role("textbox", name="Комментарий").fill(REMARK)
    modal.get_by_role("button", name="Запрос изменений").click()
    moderator.wait_for_url(explorer)

    # The editor sees it returned, reads why, fixes the lead and resubmits.
    mine = dashboard_panel(editor, live_server, MY_PAGES)
    returned = mine.get_by_role("row", name=TITLE)
    expect(returned).to_contain_text("Возвращена на доработку")
    expect(returned).to_contain_text(REMARK)
    open_from(mine, item)
    editor.get_by_role("button", name="Переключить статус").click()
    editor.get_by_role("button", name="Посмотреть детали").click()
    history = editor.get_by_role("dialog", name=WORKFLOW)
    expect(history).to_contain_text("Изменения запрошены Борис Модестов")
    expect(history).to_contain_text(REMARK)
    editor.keyboard.press("Escape")
    expect(history).to_be_hidden()
    editor.get_by_role("textbox", name="Лид").fill(FIXED_LEAD)
    footer_action(editor, RESUBMIT)
    editor.wait_for_url(explorer)
    expect(editor.get_by_role("status")).to_contain_text("отправлена на модерацию")

    # The moderator sees the fix and approves: the item waits for the chief editor, unpublished.
    open_from(dashboard_panel(moderator, live_server, AWAITING_REVIEW), item)
    expect(moderator.get_by_role("textbox", name="Лид")).to_have_value(FIXED_LEAD)
    footer_action(moderator, "Одобрить")
    moderator.wait_for_url(explorer)
    assert reader.goto(public_url).status == 404

    # The chief editor finds it on the dashboard and approves: the last step publishes.
    chief = logged_in(browser, live_server, "chief")
    open_from(dashboard_panel(chief, live_server, AWAITING_REVIEW), item)
    footer_action(chief, "Одобрить")
    chief.wait_for_url(explorer)
    chief.goto(f"{live_server.url}/admin/")
    expect(chief.get_by_role("row", name=TITLE)).to_have_count(0)

    # Readers see it, with its image.
    assert reader.goto(public_url).status == 200
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator(".lead")).to_have_text(FIXED_LEAD)
    image = reader.get_by_role("img", name=ALT)
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0

    # The editor leaves through the account menu.
    editor.get_by_role("button", name="Анна", exact=True).click()
    editor.get_by_role("button", name="Выйти").click()
    editor.wait_for_url("**/admin/login/")
