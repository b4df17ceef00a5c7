"""The suggestions dropdown in a real browser: typing, keyboard choice, titles shown as text."""

import pytest

from tests.browser import browser, site_tree  # noqa: F401 (fixtures)
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.browser


def test_suggestions_appear_as_you_type_and_open_with_the_keyboard(
    site_tree,  # noqa: F811
    live_server,
    browser,  # noqa: F811
):
    index = NewsIndexPageFactory(parent=site_tree)
    target = NewsPageFactory(parent=index, title="Клуб соседей на Уралмаше")
    NewsPageFactory(parent=index, title='Клубный вечер <img src=x onerror="window.hacked=1">')
    page = browser.new_page()

    page.goto(f"{live_server.url}/ru/")
    page.locator("#site-search-q").press_sequentially("клуб", delay=30)
    options = page.locator("#search-suggestions-0 [role=option]")
    options.first.wait_for()

    texts = options.all_inner_texts()
    assert any("Клуб соседей на Уралмаше" in text for text in texts)
    assert any('<img src=x onerror="window.hacked=1">' in text for text in texts)
    assert page.locator("#search-suggestions-0 img").count() == 0
    assert page.evaluate("window.hacked") is None
    assert page.locator("#site-search-q").get_attribute("aria-expanded") == "true"

    wanted = next(i for i, text in enumerate(texts) if "Уралмаше" in text)
    for _ in range(wanted + 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target.url}")
    assert page.locator("h1").inner_text() == "Клуб соседей на Уралмаше"


def test_search_form_works_without_javascript(
    site_tree,  # noqa: F811
    live_server,
    browser,  # noqa: F811
):
    index = NewsIndexPageFactory(parent=site_tree)
    NewsPageFactory(parent=index, title="Клуб соседей на Уралмаше")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(f"{live_server.url}/ru/")
    page.fill("#site-search-q", "клуб")
    page.keyboard.press("Enter")
    page.wait_for_url("**/ru/search/?q=*")

    assert "Клуб соседей на Уралмаше" in page.locator(".search-results").inner_text()
