"""Hostile markup typed by an editor into centres and toolkits: it is shown as text (or
dropped by the rich-text editor's converter), never run, on the page, in JSON-LD and on the map.

Pages are created through the real admin views, so rich text goes through Draftail's
contentstate → HTML conversion as it would for an editor.
"""

import json

from django.test import Client
from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest
from bs4 import BeautifulSoup

from resources.models import CentrePage, ToolkitPage
from tests.factories.resources import ToolkitPageFactory
from tests.helpers import json_ld

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'
CLOSE = "</script><script>alert(3)</script>"
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=")


def draftail(*paragraphs):
    """What Draftail posts: paragraphs typed as text, each with its first word in bold."""
    blocks = [
        {
            "key": f"k{number}",
            "type": "unstyled",
            "depth": 0,
            "text": text,
            "inlineStyleRanges": [{"offset": 0, "length": text.index(" "), "style": "BOLD"}],
            "entityRanges": [],
            "data": {},
        }
        for number, text in enumerate(paragraphs)
    ]
    return json.dumps({"blocks": blocks, "entityMap": {}})


HOSTILE_RICH_TEXT = draftail(f"Абзац {SCRIPT}{IMG} & ещё", f"Второй {CLOSE}")


def assert_nothing_runs(html):
    """Only the site's own scripts and images: no editor-made element, no event handler."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        if script.get("type") in ("application/ld+json", "application/json"):
            continue  # data: JSON-LD is checked by json_ld()
        assert script.get("src", "").startswith("/static/"), script
        assert not (script.string or "").strip(), script
    assert not soup.find_all("img", src="x")
    for element in soup.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, element


@pytest.fixture
def reader():
    """An anonymous reader (``client`` is the editor's, logged in by ``superuser_client``)."""
    return Client()


@pytest.fixture
def hostile_centre(superuser_client, centre_index):
    add = reverse("wagtailadmin_pages:add", args=("resources", "centrepage", centre_index.pk))
    data = {
        "title": f"Центр {CLOSE}",
        "slug": "vrednyi-tsentr",
        "summary": f"Кратко {SCRIPT} {IMG}",
        "sector": "ngo",
        "address": IMG,
        "latitude": "55.75",
        "longitude": "37.61",
        "links": streamfield([]),
        "gallery": streamfield([]),
        "body": streamfield(
            [
                ("paragraph", HOSTILE_RICH_TEXT),
                ("quote", {"text": f"Цитата {SCRIPT}", "attribution": IMG}),
            ]
        ),
        "contacts": inline_formset([]),
        "topics": inline_formset([]),
        "action-publish": "action-publish",
    }
    response = superuser_client.post(add, nested_form_data(data))
    assert response.status_code == 302, response.context["form"].errors
    return CentrePage.objects.get(slug="vrednyi-tsentr")


def test_hostile_centre_renders_as_text(reader, hostile_centre, centre_index):
    assert hostile_centre.live
    html = reader.get(hostile_centre.url).content.decode()

    assert_nothing_runs(html)
    for escaped in ESCAPED:
        assert escaped in html  # the summary and the quote, shown as typed
    assert "<b>Абзац</b>" in html

    data = json_ld(html)
    assert data["name"] == f"Центр {CLOSE}"
    assert data["description"] == f"Кратко {SCRIPT} {IMG}"

    index_html = reader.get(centre_index.url).content.decode()
    assert_nothing_runs(index_html)
    assert "Центр &lt;/script&gt;" in index_html


def test_hostile_centre_in_the_map_json(reader, hostile_centre, centre_index):
    response = reader.get(centre_index.url + "map/")

    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    (marker,) = response.json()["centres"]
    assert marker["title"] == f"Центр {CLOSE}"  # data, set as text by centre_map.js


@pytest.fixture
def hostile_toolkit(superuser_client, toolkit_index):
    add = reverse("wagtailadmin_pages:add", args=("resources", "toolkitpage", toolkit_index.pk))
    step = {
        "title": f"Шаг {SCRIPT}",
        "description": HOSTILE_RICH_TEXT,
        "duration": IMG,
        "checklist": streamfield([("item", f"Пункт {IMG}")]),
        "tips": f"Совет {CLOSE}",
    }
    data = {
        "title": f"Формат {CLOSE}",
        "slug": "vrednyi-format",
        "promise": f"Обещание {SCRIPT}",
        "goal": f"Цель {IMG}",
        "audience": "residents",
        "difficulty": "easy",
        "steps": streamfield([("step", step)]),
        "risks": streamfield([("risk", {"risk": SCRIPT, "mitigation": IMG})]),
        "materials": inline_formset([]),
        "applied_at": inline_formset([]),
        "action-publish": "action-publish",
    }
    response = superuser_client.post(add, nested_form_data(data))
    assert response.status_code == 302, response.context["form"].errors
    return ToolkitPage.objects.get(slug="vrednyi-format")


def test_hostile_toolkit_renders_as_text(reader, hostile_toolkit):
    for url in (hostile_toolkit.url, hostile_toolkit.url + "print/"):
        html = reader.get(url).content.decode()
        assert_nothing_runs(html)
        for escaped in ESCAPED:
            assert escaped in html, url

    data = json_ld(reader.get(hostile_toolkit.url).content.decode())
    assert data["name"] == f"Формат {CLOSE}"
    (step,) = data["step"]
    assert step["name"] == f"Шаг {SCRIPT}"
    # HowTo text is plain text: no tags, entities decoded, paragraphs apart.
    assert "<" not in step["text"] and "&amp;" not in step["text"]
    assert step["text"] == "Абзац alert(1) & ещё Второй alert(3)"


def test_how_to_text_drops_tags_and_scripts_stored_by_an_importer(reader, toolkit_index):
    toolkit = ToolkitPageFactory(
        parent=toolkit_index,
        steps=[
            (
                "step",
                {
                    "title": "Шаг",
                    "description": f"<p>Раз{SCRIPT}</p><p>два {IMG}&lt;b&gt;три&lt;/b&gt;</p>",
                    "duration": "",
                    "checklist": [],
                    "tips": "",
                },
            )
        ],
    )

    data = json_ld(reader.get(toolkit.url).content.decode())

    assert data["step"][0]["text"] == "Раз два три"
