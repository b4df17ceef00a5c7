"""The calendar in a real browser: the month grid by keyboard, the filters without JavaScript,
and the filter sidebar's layout on a wide and a narrow screen."""

import datetime
import re

from django.utils import timezone

import pytest

from tests.browser import browser, site_tree  # noqa: F401 (fixtures)
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.portal import CityFactory

pytestmark = pytest.mark.browser

FOCUSED = """() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    return {
        text: el.innerText.trim(),
        href: el.getAttribute("href") || "",
        focusVisible: el.matches(":focus-visible"),
        outline: style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth),
        shadow: style.boxShadow,
    };
}"""


def tab_until(page, predicate, limit=80):
    """Press Tab until ``predicate(focused)`` holds; return every element focused on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if predicate(focused):
            return seen
    raise AssertionError(f"never reached; focused: {[f['text'] for f in seen]}")


def test_month_grid_works_with_the_keyboard(
    site_tree,  # noqa: F811
    live_server,
    browser,  # noqa: F811
):
    index = EventIndexPageFactory(parent=site_tree)
    EventPageFactory(
        parent=index,
        title="Лекция о дворах",
        start_date=datetime.date(2030, 3, 5),
        start_time=datetime.time(10),
    )
    EventPageFactory(
        parent=index, title="Мастерская соседей", start_date=datetime.date(2030, 3, 12)
    )
    page = browser.new_page()
    page.goto(f"{live_server.url}{index.url}?month=2030-03")

    # A table a screen reader can walk: caption, column headers, a link per event.
    grid = page.get_by_role("table")
    assert "Март 2030" in grid.locator("caption").inner_text()
    assert page.locator("table.month-grid thead th[scope=col]").count() == 7
    cell = page.locator("td", has=page.locator("time[datetime='2030-03-05']"))
    assert cell.get_by_role("link", name="10:00 Лекция о дворах").count() == 1
    # Arrows are decoration; the links say which month they lead to.
    assert page.get_by_role("link", name="Предыдущий месяц: Февраль 2030 г.").count() == 1
    assert page.get_by_role("link", name="Следующий месяц: Апрель 2030 г.").count() == 1

    seen = tab_until(page, lambda f: "Мастерская соседей" in f["text"])
    texts = [f["text"] for f in seen]
    position = {
        name: next(i for i, text in enumerate(texts) if name in text)
        for name in ("Предыдущий месяц", "Следующий месяц", "Лекция о дворах", "Мастерская соседей")
    }
    assert list(position.values()) == sorted(position.values()), texts
    for focused in seen:
        assert focused["focusVisible"], focused
        assert focused["outline"] >= 2 or focused["shadow"] != "none", focused

    page.get_by_role("link", name=re.compile("Следующий месяц")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**?month=2030-04")
    assert page.locator("h1").inner_text() == "Афиша: Апрель 2030 г."


def test_month_on_a_phone_lists_the_busy_days_readably(
    site_tree,  # noqa: F811
    live_server,
    browser,  # noqa: F811
):
    index = EventIndexPageFactory(parent=site_tree)
    EventPageFactory(
        parent=index, title="Лекция о дворах и соседях", start_date=datetime.date(2030, 3, 5)
    )
    EventPageFactory(
        parent=index, title="Весенний фестиваль", start_date=datetime.date(2030, 3, 31)
    )
    # 28 February is in the grid's first row; the phone's list of March leaves it out.
    EventPageFactory(
        parent=index, title="Февральская встреча", start_date=datetime.date(2030, 2, 28)
    )
    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto(f"{live_server.url}{index.url}?month=2030-03")

    link = page.get_by_role("link", name=re.compile("Лекция о дворах и соседях"))
    assert link.bounding_box()["height"] < 40  # one line, not a column a few letters wide
    days = page.locator("td:visible").all_inner_texts()  # only the month's days with events
    assert [day.split(" г.")[0] for day in days] == ["5 марта 2030", "31 марта 2030"]
    assert page.get_by_text("Февральская встреча").count() == 1  # in the page, not shown


def test_calendar_filters_work_without_javascript(
    site_tree,  # noqa: F811
    live_server,
    browser,  # noqa: F811
):
    index = EventIndexPageFactory(parent=site_tree)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    kazan = CityFactory(name="Казань", slug="kazan")
    perm = CityFactory(name="Пермь", slug="perm")
    EventPageFactory(parent=index, title="Бесплатно в Казани", city=kazan, start_date=soon)
    EventPageFactory(
        parent=index,
        title="Платно в Казани",
        city=kazan,
        start_date=soon,
        is_free=False,
        price_note="300 ₽",
    )
    EventPageFactory(parent=index, title="Бесплатно в Перми", city=perm, start_date=soon)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(f"{live_server.url}{index.url}")
    assert page.locator(".event-card").count() == 3
    page.get_by_label("Город").select_option("kazan")
    page.get_by_label("Только бесплатные").check()
    page.get_by_role("button", name="Показать события").click()
    page.wait_for_url(re.compile(r"city=kazan.*free=on"))

    titles = page.locator(".event-card__title").all_inner_texts()
    assert titles == ["Бесплатно в Казани"]
    assert page.get_by_label("Город").input_value() == "kazan"
    assert page.get_by_label("Только бесплатные").is_checked()
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_filter_sidebar_layout(
    site_tree,  # noqa: F811
    live_server,
    browser,  # noqa: F811
    width,
):
    index = EventIndexPageFactory(parent=site_tree)
    soon = timezone.localdate() + datetime.timedelta(days=10)
    city = CityFactory(name="Казань", slug="kazan")
    for number in range(3):
        EventPageFactory(parent=index, title=f"Событие {number}", city=city, start_date=soon)
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{live_server.url}{index.url}")

    form = page.locator("form.event-filters").bounding_box()
    events = page.locator(".event-list").bounding_box()
    if width < 800:
        assert form["y"] + form["height"] <= events["y"]  # the filters come first
        assert form["width"] > width * 0.8
    else:
        assert form["x"] >= events["x"] + events["width"]  # beside the list

    for field in ("Поиск", "С", "По", "Город"):
        label = page.locator("form.event-filters label", has_text=re.compile(f"^{field}$"))
        control = page.get_by_label(field, exact=True)
        label_box, control_box = label.bounding_box(), control.bounding_box()
        assert label_box["y"] + label_box["height"] <= control_box["y"] + 1, field  # above
        assert abs(control_box["x"] - form["x"]) <= 1, field
        assert abs(control_box["width"] - form["width"]) <= 1, field  # the sidebar's width

    for field in ("Только бесплатные", "Только онлайн"):
        box = page.get_by_label(field).bounding_box()
        text = page.locator("label", has_text=field).bounding_box()
        # The box sits on the first line of its label, at the left edge of the form.
        assert abs((box["y"] + box["height"] / 2) - (text["y"] + 12)) <= 8, field
        assert abs(box["x"] - form["x"]) <= 4, field
