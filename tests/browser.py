"""Shared set-up for tests that drive a real browser (Debian's Chromium through Playwright).

One Chromium runs for the whole session (`chromium`, registered in tests/conftest.py); each test
gets it through `browser`, which closes the contexts and pages the test opened.
"""

import io
import os
import shutil
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.management import call_command

import pytest

from home.models import HomePage

PASSWORD = "journey-pass"  # of the team members the journeys create
TIMEOUT = 15_000  # ms for each action or assertion: generous on a busy machine, yet bounded
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


def chromium_available():
    return os.path.exists(CHROMIUM)


@pytest.fixture
def site_tree(transactional_db):
    """The ru home page, in committed data the live server's thread can see.

    A transactional test ends by emptying every table, so each browser test builds its own
    tree, and conftest runs browser tests after all the others.
    """
    call_command("setup_portal", stdout=io.StringIO())
    return HomePage.objects.get(locale__language_code="ru")


@pytest.fixture(scope="session")
def chromium():
    """Chromium, launched once for the session (a launch costs about a second)."""
    if not chromium_available():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread for as long as it is open; Django's
    # ORM then refuses to run unless told that this is deliberate (the queries are synchronous).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield instance
        instance.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def browser(chromium):
    yield chromium
    for context in chromium.contexts:  # a fresh state for the next test: no cookies, no pages
        context.close()


@pytest.fixture
def demo_server(demo):
    """A live server on the committed demo, for browser tests that only read it.

    pytest-django's ``live_server`` makes a test transactional, and a transactional test ends
    by emptying every table, the demo with it. This server shares the test's connection on
    in-memory SQLite (its writes are rolled back with the test) and opens its own elsewhere.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    yield server
    server.stop()


def new_page(browser):
    """A tab in a Russian-speaking browser context of its own (its own cookies)."""
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(2 * TIMEOUT)
    # The test server serves no uploads: the browser reads them from the media folder.
    context.route("**/media/**", serve_media)
    return context.new_page()


def serve_media(route):
    path = unquote(urlparse(route.request.url).path).removeprefix(settings.MEDIA_URL)
    route.fulfill(path=settings.MEDIA_ROOT / path)


def logged_in(browser, live_server, login):
    """A tab of the Russian admin, logged in as ``login`` (whose password is PASSWORD)."""
    page = new_page(browser)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Имя пользователя").fill(login)
    # The password field's label is Wagtail's untranslated "Password"; its placeholder is Russian.
    page.get_by_placeholder("Введите пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def footer_action(page, label, footer="footer"):
    """Choose ``label`` in the editor's footer menu, once its script has set the menu up."""
    from playwright.sync_api import expect

    footer = page.locator(footer)
    toggle = footer.get_by_role("button", name="Больше действий")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    footer.get_by_role("button", name=label, exact=True).click()
