"""One convention for the five filtered listings (news, the calendar, centres, toolkits, search):
a bad page number gives a page; any other bad value answers 400 with the listing's own page,
its filter form, each message beside its field and a summary at the top, in the reader's
language."""

import re

import pytest

from news.events.models import EventIndexPage
from news.models import NewsIndexPage
from portal.translation.translate import translate_object
from resources.models import CentreIndexPage, ToolkitIndexPage
from tests.factories.events import EventIndexPageFactory
from tests.factories.news import NewsIndexPageFactory
from tests.factories.resources import CentreIndexPageFactory, ToolkitIndexPageFactory

# What each listing's form looks like in its page.
FORMS = {
    "news": 'class="filter-form"',
    "calendar": 'class="event-filters"',
    "centres": 'data-facet="city"',
    "toolkits": 'data-facet="format"',
    "search": 'class="search-form"',
}


@pytest.fixture
def listings(home, home_en, locales):
    en = locales["en"]
    news = NewsIndexPageFactory(parent=home)
    calendar = EventIndexPageFactory(parent=home)
    centres = CentreIndexPageFactory(parent=home)
    toolkits = ToolkitIndexPageFactory(parent=home)
    english = {
        "news": translate_object(news, en, NewsIndexPage(title="News", slug="news")),
        "calendar": translate_object(calendar, en, EventIndexPage(title="Events", slug="events")),
        "centres": translate_object(centres, en, CentreIndexPage(title="Spaces", slug="spaces")),
        "toolkits": translate_object(toolkits, en, ToolkitIndexPage(title="Formats", slug="f")),
    }
    urls = {
        "ru": {
            "news": news.url,
            "calendar": calendar.url,
            "centres": centres.url,
            "toolkits": toolkits.url,
            "search": "/ru/search/",
        },
        "en": {name: page.url for name, page in english.items()} | {"search": "/en/search/"},
    }
    return urls


def beside(html, field_id):
    """The messages printed under a field (components/field_errors.html)."""
    found = re.search(rf'<ul class="field-errors" id="{field_id}_error">(.*?)</ul>', html, re.S)
    return found[1] if found else ""


@pytest.mark.parametrize(
    ("listing", "query", "field_id", "russian", "english"),
    [
        ("news", "topic=nope", "id_topic", "Такой темы нет.", "There is no such topic."),
        ("news", "year=abc", "id_year", "Введите целое число.", "Enter a whole number."),
        ("calendar", "city=atlantis", "id_city", "Такого города нет.", "There is no such city."),
        ("calendar", "topic=nope", "id_topic", "Такой темы нет.", "There is no such topic."),
        (
            "calendar",
            "from=yesterday",
            "id_from",
            "Укажите даты в виде ГГГГ-ММ-ДД",
            "Give dates as YYYY-MM-DD",
        ),
        (
            "calendar",
            "q=" + "z" * 2000,
            "id_q",
            "не больше 200 символов",
            "200 characters at most",
        ),
        ("centres", "city=atlantis", "id_city", "Такого города нет", "There is no such city"),
        (
            "toolkits",
            "format=nope",
            "id_format",
            "Такого типа формата нет",
            "There is no such format type",
        ),
        (
            "search",
            "q=" + "я" * 1500,
            "search-page-q",
            "не больше 1000 символов",
            "1000 characters at most",
        ),
        (
            "search",
            "q=двор&type=nonsense",
            "search-page-type",
            "Выберите корректный вариант.",
            "Select a valid choice.",
        ),
    ],
)
def test_bad_values_are_a_400_with_the_form_and_the_message_beside_the_field(
    client, listings, listing, query, field_id, russian, english
):
    for language, message, other in (("ru", russian, english), ("en", english, russian)):
        response = client.get(f"{listings[language][listing]}?{query}")
        html = response.content.decode()

        assert response.status_code == 400, (language, listing, query)
        assert FORMS[listing] in html, (language, listing)  # the listing's own form
        assert 'class="form-errors" role="alert"' in html  # the summary at the top
        assert f'href="#{field_id}"' in html  # which links to the field
        assert message in beside(html, field_id), (language, listing, query)
        assert f'aria-describedby="{field_id}_error"' in html
        assert other not in html


@pytest.mark.parametrize("listing", ["news", "calendar", "search"])
def test_form_controls_with_a_bad_value_are_marked_invalid(client, listings, listing):
    query = {"news": "topic=nope", "calendar": "city=atlantis", "search": "type=x&q=двор"}
    html = client.get(f"{listings['ru'][listing]}?{query[listing]}").content.decode()

    assert 'aria-invalid="true"' in html
    assert html.count('aria-invalid="true"') == 1  # only the field that is wrong


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("listing", list(FORMS))
def test_a_bad_page_number_is_not_an_error(client, listings, language, listing):
    extra = "q=двор&" if listing == "search" else ""

    response = client.get(f"{listings[language][listing]}?{extra}page=abc")

    assert response.status_code == 200, (language, listing)
    assert 'class="form-errors"' not in response.content.decode()


def test_the_summary_and_field_messages_are_styled_in_one_place():
    from django.conf import settings

    sheets = {
        path.relative_to(settings.BASE_DIR).as_posix(): path.read_text()
        for path in settings.BASE_DIR.glob("*/static/**/*.css")
        if "vendor" not in path.parts
    }
    styling = sorted(name for name, text in sheets.items() if ".form-errors" in text)

    assert styling == ["portal/static/css/portal.css"]
    assert ".field-errors" in sheets["portal/static/css/portal.css"]
