"""The Content-Security-Policy as Chromium enforces it: every page shape of the demo, and an
editor's day in the admin (edit, preview, translate), with no violation reported.

Chromium tells a page of each violation (a ``securitypolicyviolation`` event, in every frame) and
writes it to the console; the tests listen to both.
"""

from urllib.parse import urlparse

from django.contrib.auth import get_user_model

from wagtail.models import Locale
from wagtail.users.models import UserProfile

import pytest
from playwright.sync_api import expect

from tests.browser import TIMEOUT, browser, demo_server, site_tree  # noqa: F401 (fixtures)
from tests.factories.home import StandardPageFactory
from tests.markup import page_shapes

pytestmark = pytest.mark.browser

LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
  (window.top.__violations = window.top.__violations || []).push(
    `${event.violatedDirective} ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


def watched_context(browser, own):  # noqa: F811
    """A browser context that records every CSP violation; nothing leaves this machine."""
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(TIMEOUT)
    context.add_init_script(LISTEN)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if urlparse(route.request.url).netloc == own else route.abort()
        ),
    )
    return context


def watch(page):
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return console


def violations(page, console):
    return [*console, *(page.evaluate("window.__violations || []"))]


def test_no_public_page_shape_violates_the_policy(
    demo_server,  # noqa: F811
    browser,  # noqa: F811
):
    shapes = page_shapes()  # before the server shares the database connection
    context = watched_context(browser, urlparse(demo_server.url).netloc)
    page = context.new_page()
    console = watch(page)
    problems = {}
    for shape in shapes:
        answer = page.goto(demo_server.url + shape.url, wait_until="load")
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        found = violations(page, console)
        if found:
            problems[f"{shape.name} ({shape.url})"] = found
        console.clear()
    # The search box's suggestions: a script of ours asking the server as one types.
    page.goto(demo_server.url + "/ru/search/")
    page.locator("#site-search-q").press_sequentially("клуб", delay=30)
    expect(page.locator("#search-suggestions-0 [role=option]").first).to_be_visible()
    if found := violations(page, console):
        problems["search suggestions"] = found
    context.close()
    assert not problems, problems


def test_an_editor_edits_previews_and_translates_without_a_violation(
    site_tree,  # noqa: F811
    live_server,
    browser,  # noqa: F811
):
    user = get_user_model().objects.create_superuser("redaktor", "redaktor@example.org", "pw")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ru"
    profile.save()
    source = StandardPageFactory(parent=site_tree, title="Центр в парке", slug="centr-v-parke")
    context = watched_context(browser, urlparse(live_server.url).netloc)
    page = context.new_page()
    console = watch(page)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Имя пользователя").fill("redaktor")
    page.get_by_placeholder("Введите пароль").fill("pw")
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    problems = {}

    def check(step):
        page.wait_for_load_state("networkidle")
        if found := violations(page, console):
            problems[step] = list(found)
        console.clear()
        page.evaluate("window.__violations = []")

    check("dashboard")
    page.goto(f"{live_server.url}/admin/pages/{source.pk}/edit/")
    page.get_by_placeholder("Заголовок страницы").fill("Центр в большом парке")
    check("edit")
    page.locator("[data-side-panel-toggle=preview]").click()
    # The panel swaps in each freshly loaded frame for the previous one.
    frame = page.locator("[data-side-panel=preview] iframe:not(.w-preview__proxy)[src]")
    expect(frame).to_have_count(1)
    preview = frame.content_frame
    expect(preview.get_by_role("heading", level=1)).to_have_text("Центр в большом парке")
    check("preview")
    page.goto(f"{live_server.url}/admin/localize/submit/page/{source.pk}/")
    page.get_by_label("Английский").check()
    page.get_by_role("button", name="Отправить").click()
    target = source.get_translation(Locale.objects.get(language_code="en"))
    page.wait_for_url(f"**/admin/pages/{target.pk}/edit/")
    page.locator(".js-translation-editor section h3").first.wait_for()
    check("translation editor")
    context.close()
    assert not problems, problems
