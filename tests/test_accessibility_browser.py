"""Every page shape of the demo, in both languages, has no serious or critical axe-core
violation in Chromium (with its CSS and scripts), all pages in one browser session."""

from urllib.parse import urlparse

import pytest

from tests.browser import browser, demo_server  # noqa: F401 (fixtures)
from tests.markup import AXE_JS, axe_violations, page_shapes, report

pytestmark = pytest.mark.browser

# Grey on white: proves that axe runs and reports before the pages' silence counts.
CANARY = '<!DOCTYPE html><html lang="en"><title>Canary</title><p style="color:#ccc">Faint</p>'


def test_no_page_shape_has_a_serious_or_critical_axe_violation(
    demo_server,  # noqa: F811
    browser,  # noqa: F811
):
    shapes = page_shapes()  # before the server shares the database connection
    # axe is injected as a script of the page, which the pages' CSP would refuse
    # (tests/test_csp_browser.py walks the same pages under the policy).
    context = browser.new_context(locale="ru-RU", bypass_csp=True)
    page = context.new_page()
    own = urlparse(demo_server.url).netloc
    # Nothing leaves this machine: map tiles and the like are refused, not waited for.
    page.route(
        "**/*",
        lambda route: (
            route.continue_() if urlparse(route.request.url).netloc == own else route.abort()
        ),
    )
    assert AXE_JS.exists(), AXE_JS
    page.set_content(CANARY)
    assert any("color-contrast" in line for line in axe_violations(page)), "axe found nothing"
    problems = {}
    for shape in shapes:
        page.goto(demo_server.url + shape.url, wait_until="load")
        found = axe_violations(page)
        if found:
            problems[f"{shape.name} ({shape.url})"] = found
    context.close()
    assert not problems, (
        f"axe-core found serious or critical violations on {len(problems)} of {len(shapes)} "
        "pages:\n" + report(problems)
    )
