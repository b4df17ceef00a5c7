"""The centre map in a real browser: our own Leaflet, a marker per centre, filters, no CDN, and
a complete listing without JavaScript. Tile requests are blocked (no network in tests)."""

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser import browser, site_tree  # noqa: F401 (fixtures)
from tests.factories.portal import CityFactory
from tests.factories.resources import CentreIndexPageFactory, CentrePageFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def centres(site_tree):  # noqa: F811
    index = CentreIndexPageFactory(parent=site_tree)
    kazan = CityFactory(name="Казань", slug="kazan", region="Татарстан")
    moscow = CityFactory(name="Москва", slug="moscow", region="Москва")
    made = [
        CentrePageFactory(
            parent=index, title="Альфа", city=kazan, latitude="55.790000", longitude="49.100000"
        ),
        CentrePageFactory(
            parent=index, title="Бета", city=kazan, latitude="55.800000", longitude="49.200000"
        ),
        CentrePageFactory(
            parent=index, title="Гамма", city=moscow, latitude="55.700000", longitude="37.600000"
        ),
    ]
    return index, made


@pytest.fixture
def offline_page(browser, live_server):  # noqa: F811
    """A page whose requests are recorded; anything off our server is blocked."""
    page = browser.new_page()
    page.requests = []
    own = urlparse(live_server.url).netloc

    def route(request_route):
        url = request_route.request.url
        page.requests.append(url)
        if urlparse(url).netloc == own:
            request_route.continue_()
        else:
            request_route.abort()

    page.route("**/*", route)
    return page


def markers(page, count):
    # A locator, not wait_for_function: a string evaluated in the page is an eval, which the
    # site's Content-Security-Policy refuses.
    expect(page.locator(".leaflet-marker-icon")).to_have_count(count)
    page.wait_for_timeout(200)  # nothing more arrives
    return sorted(page.locator(".leaflet-marker-icon").evaluate_all("m => m.map(i => i.title)"))


def test_index_map_uses_our_leaflet_and_follows_the_filter(live_server, centres, offline_page):
    index, _made = centres
    page = offline_page

    page.goto(live_server.url + index.url)

    assert markers(page, 3) == ["Альфа", "Бета", "Гамма"]
    own = urlparse(live_server.url).netloc
    foreign = {urlparse(url).netloc for url in page.requests if urlparse(url).netloc != own}
    assert foreign <= {"tile.openstreetmap.org"}, foreign  # tiles only, and blocked
    assert any("/static/vendor/leaflet/leaflet.js" in url for url in page.requests)
    assert any("/static/vendor/leaflet/leaflet.css" in url for url in page.requests)
    assert page.evaluate("typeof window.L") == "object"

    page.click('[data-facet="city"] a:has-text("Казань")')
    page.wait_for_url("**?city=kazan")
    assert markers(page, 2) == ["Альфа", "Бета"]


def test_centre_page_map_shows_its_marker(live_server, centres, offline_page):
    _index, made = centres

    offline_page.goto(live_server.url + made[2].url)

    assert markers(offline_page, 1) == ["Гамма"]
    assert offline_page.locator(".centre-map--small").is_visible()


def test_without_javascript_the_listing_is_complete(live_server, centres, browser):  # noqa: F811
    index, _made = centres
    page = browser.new_context(java_script_enabled=False).new_page()

    page.goto(live_server.url + index.url)

    titles = page.locator(".card__title").all_inner_texts()
    assert titles == ["Альфа", "Бета", "Гамма"]
    assert not page.locator("[data-centre-map]").is_visible()
