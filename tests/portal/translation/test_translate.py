import pytest

from home.models import StandardPage
from portal.translation.translate import MissingTranslatedString, translate_object
from tests.factories.home import StandardPageFactory

BLOCK_ID = "0b6c1a8e-6a43-4a39-9a53-3c1c8a0f6d11"


def paragraph(html):
    return [{"type": "paragraph", "value": html, "id": BLOCK_ID}]


def test_rich_text_links_keep_their_targets_in_translation(client, home, locales):
    page = StandardPageFactory(
        parent=home,
        slug="ssylki",
        intro="Вступление.",
        body=paragraph('<p>См. <a href="https://example.org/ru">сайт</a>.</p>'),
    )

    english = translate_object(
        page,
        locales["en"],
        StandardPage(
            title="Links",
            slug="links",
            intro="Intro.",
            body=paragraph('<p>See <a href="https://example.org/ru">the site</a>.</p>'),
        ),
    )

    html = client.get(english.url).content.decode()
    assert '<a href="https://example.org/ru">the site</a>' in html
    assert "сайт" not in html


def test_a_rejected_string_stops_the_translation_instead_of_publishing_russian(home, locales):
    page = StandardPageFactory(
        parent=home,
        slug="odna-ssylka",
        intro="Вступление.",
        body=paragraph('<p>См. <a href="https://example.org">сайт</a>.</p>'),
    )
    # Two links where the source has one: wagtail-localize marks the string as an error and
    # save_target() would quietly fall back to the Russian paragraph.
    shadow = StandardPage(
        title="One link",
        slug="one-link",
        intro="Intro.",
        body=paragraph(
            '<p>See <a href="https://a.org">one</a> and <a href="https://b.org">two</a>.</p>'
        ),
    )

    with pytest.raises(MissingTranslatedString):
        translate_object(page, locales["en"], shadow)

    assert not StandardPage.objects.filter(locale=locales["en"], slug="one-link").exists()
