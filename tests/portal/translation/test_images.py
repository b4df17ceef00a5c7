"""Images that hold words: the translator translates what a picture says (its alt text) and may
give the English page another picture (a poster in English, say), in wagtail-localize's
translation editor; the English page shows both once the review approves it, and the Russian
page keeps its own. Through the admin and wagtail-localize's own views, as the team's groups."""

import json
import re
import uuid
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import Translation

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from portal.images import CARD_RENDITION, FIGURE, GALLERY, LEAD_RENDITION
from tests.factories.news import NewsPageFactory
from tests.factories.resources import CentrePageFactory
from tests.helpers import Committing, rolled_back_after
from tests.home.team import build_site, edit_url, reload, translate

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[а-яё]", re.I)
# The <img src> of templates/blocks/figure.html and gallery.html.
FIGURE_RENDITION = FIGURE.fallback
GALLERY_RENDITION = GALLERY.fallback

LEAD_ALT = "Двор центра с афишей фестиваля"
COURTYARD_ALT = "Скамейки во дворе"
ENGLISH = {
    LEAD_ALT: "The centre's courtyard with the festival poster",
    COURTYARD_ALT: "Benches in the courtyard",
    "Летом здесь кино": "Films here in summer",
}


def figure(image, alt="", caption="", decorative=False):
    return {
        "type": "image",
        "value": {
            "image": {"image": image.pk, "alt_text": alt, "decorative": decorative},
            "caption": caption,
            "credit": "",
        },
    }


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_site()
            built.poster = wagtail_factories.ImageFactory(title="Афиша фестиваля")
            built.poster_en = wagtail_factories.ImageFactory(title="Festival poster")
            built.courtyard = wagtail_factories.ImageFactory(title="Двор")
            built.pattern = wagtail_factories.ImageFactory(title="Узор")
        yield built


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    return Committing(client, django_capture_on_commit_callbacks)


@pytest.fixture
def centre(site):
    """A Russian centre whose pictures hold words: a poster as its lead image, a courtyard
    and a decorative pattern in its gallery."""
    return CentrePageFactory(
        parent=site.sections["centres", "ru"].index,
        title="Центр с афишей",
        slug="centr-s-afishei",
        lead_image=site.poster,
        lead_image_alt=LEAD_ALT,
        gallery=json.dumps(
            [
                figure(site.courtyard, COURTYARD_ALT, "Летом здесь кино"),
                figure(site.pattern, decorative=True),
            ]
        ),
    )


def as_member(client, site, role):
    client.force_login(site.users[role])
    return client


def start_translation(client, page):
    english = Locale.objects.get(language_code="en")
    answer = client.post(
        reverse("wagtail_localize:submit_page_translation", args=(page.pk,)),
        {"locales": [english.pk]},
    )
    assert answer.status_code == 302
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale=english
    )
    return page.get_translation(english).specific, translation


def editor_segments(client, page):
    """The segments wagtail-localize's editor shows for the English page (its React props)."""
    answer = client.get(edit_url(page))
    assert answer.status_code == 200
    soup = BeautifulSoup(answer.content, "html.parser")
    return json.loads(soup.select_one(".js-translation-editor")["data-props"])["segments"]


def put(client, url, value):
    """What the editor sends as the translator types a string or chooses another image."""
    return client.put(
        url, urlencode({"value": value}), content_type="application/x-www-form-urlencoded"
    )


def translate_strings(client, segments, words):
    for segment in segments:
        if segment["type"] == "string":
            value = words.get(segment["source"], f"EN {segment['source']}")
            assert put(client, segment["editUrl"], value).status_code in (200, 201)


def choosers(segments):
    return [
        segment
        for segment in segments
        if segment["type"] == "synchronised_value"
        and (segment["location"].get("widget") or {}).get("type") == "image_chooser"
    ]


def submit_and_approve(client, site, page):
    translator = as_member(client, site, "translators")
    answer = translator.post(edit_url(page), {"action-submit": "1"})
    assert answer.status_code == 302
    moderator = as_member(client, site, "moderators")
    answer = moderator.post(
        edit_url(page), {"action-workflow-action": "1", "workflow-action-name": "approve"}
    )
    assert answer.status_code == 302
    page = reload(page)
    assert page.live and not page.has_unpublished_changes
    return page


def pictures(client, page):
    """The ``<img>`` elements of the page's content as a reader gets it: (src, alt) pairs in
    the order of the page, the lead picture first."""
    client.logout()
    answer = client.get(page.url)
    assert answer.status_code == 200
    main = BeautifulSoup(answer.content, "html.parser").select_one("main")
    return [(img["src"], img.get("alt")) for img in main.select("img")]


def rendition_url(image, spec):
    return image.get_rendition(spec).url


def test_the_translator_translates_alt_texts_and_the_english_page_shows_them(client, site, centre):
    translator = as_member(client, site, "translators")
    page, _translation = start_translation(translator, centre)
    segments = editor_segments(translator, page)
    sources = {segment["source"] for segment in segments if segment["type"] == "string"}
    assert {LEAD_ALT, COURTYARD_ALT} <= sources  # the decorative pattern has none to translate

    translate_strings(translator, segments, ENGLISH)
    page = submit_and_approve(client, site, page)

    assert pictures(client, page) == [
        (rendition_url(site.poster, LEAD_RENDITION), ENGLISH[LEAD_ALT]),
        (rendition_url(site.courtyard, FIGURE_RENDITION), ENGLISH[COURTYARD_ALT]),
        (rendition_url(site.pattern, FIGURE_RENDITION), ""),  # still decorative in English
    ]
    assert pictures(client, centre) == [
        (rendition_url(site.poster, LEAD_RENDITION), LEAD_ALT),
        (rendition_url(site.courtyard, FIGURE_RENDITION), COURTYARD_ALT),
        (rendition_url(site.pattern, FIGURE_RENDITION), ""),
    ]


def test_a_translation_may_show_other_images_and_the_russian_page_keeps_its_own(
    client, site, centre
):
    translator = as_member(client, site, "translators")
    page, _translation = start_translation(translator, centre)
    segments = editor_segments(translator, page)
    # The editor offers "Change image" for the lead image and each picture of the gallery.
    offered = {segment["contentPath"]: segment for segment in choosers(segments)}
    lead = offered["lead_image"]
    assert lead["value"] == site.poster.pk
    gallery = sorted(
        (segment for path, segment in offered.items() if path.startswith("gallery.")),
        key=lambda segment: segment["order"],
    )
    assert [segment["value"] for segment in gallery] == [site.courtyard.pk, site.pattern.pk]
    assert [segment["location"]["widget"]["type"] for segment in gallery] == ["image_chooser"] * 2

    translate_strings(translator, segments, ENGLISH)
    assert put(translator, lead["editUrl"], site.poster_en.pk).status_code == 201
    pattern_en = wagtail_factories.ImageFactory(title="Pattern")
    assert put(translator, gallery[1]["editUrl"], pattern_en.pk).status_code == 201
    page = submit_and_approve(client, site, page)

    assert pictures(client, page) == [
        (rendition_url(site.poster_en, LEAD_RENDITION), ENGLISH[LEAD_ALT]),
        (rendition_url(site.courtyard, FIGURE_RENDITION), ENGLISH[COURTYARD_ALT]),
        # Another picture in place of a decorative one is decorative too: no alt text (not
        # the library's title of the new image).
        (rendition_url(pattern_en, FIGURE_RENDITION), ""),
    ]
    assert pictures(client, centre) == [
        (rendition_url(site.poster, LEAD_RENDITION), LEAD_ALT),
        (rendition_url(site.courtyard, FIGURE_RENDITION), COURTYARD_ALT),
        (rendition_url(site.pattern, FIGURE_RENDITION), ""),
    ]


def test_an_image_chosen_for_the_translation_and_deleted_since_is_named_not_a_500(
    client, site, centre
):
    translator = as_member(client, site, "translators")
    page, translation = start_translation(translator, centre)
    segments = editor_segments(translator, page)
    translate_strings(translator, segments, ENGLISH)
    offered = {segment["contentPath"]: segment for segment in choosers(segments)}
    gone = wagtail_factories.ImageFactory(title="Removed poster")
    assert put(translator, offered["lead_image"]["editUrl"], gone.pk).status_code == 201
    gallery = [path for path in offered if path.startswith("gallery.")]
    # Not an image at all: only a hand-made request sends it, the editor's chooser cannot.
    assert put(translator, offered[gallery[0]]["editUrl"], "no-such-image").status_code == 201
    gone.delete()

    for fields in ({}, {"action-submit": "1"}):  # «Save draft», «Submit for review»
        answer = translator.post(edit_url(page), fields)
        assert answer.status_code == 302
        messages = [str(message) for message in get_messages(answer.wsgi_request)]
        assert messages[-2:] == [
            f"В поле «{field}» для перевода выбрано то, что уже удалено (изображение): выберите "
            "другое или верните исходное, затем сохраните снова."
            for field in ("галерея", "главное изображение")
        ]
        assert reload(page).current_workflow_state is None
    # The editor still opens, to choose again, and says so at the top.
    soup = BeautifulSoup(translator.get(edit_url(page)).content, "html.parser")
    notice = soup.select_one("[data-portal-missing-choices]")
    assert [p.get_text(strip=True) for p in notice.select("p")] == messages[-2:]
    preview = reverse("wagtail_localize:preview_translation", args=(translation.pk,))
    answer = translator.get(preview)
    assert answer.status_code == 302 and answer.url == edit_url(page)
    assert len(get_messages(answer.wsgi_request)) >= 2

    for path in ("lead_image", gallery[0]):  # back to the Russian page's images
        assert translator.delete(offered[path]["editUrl"]).status_code == 200
    assert translator.get(preview).status_code == 200
    soup = BeautifulSoup(translator.get(edit_url(page)).content, "html.parser")
    assert not soup.select("[data-portal-missing-choices]")
    page = submit_and_approve(client, site, page)
    assert [src for src, _alt in pictures(client, page)][:2] == [
        rendition_url(site.poster, LEAD_RENDITION),
        rendition_url(site.courtyard, FIGURE_RENDITION),
    ]


def test_without_alt_text_a_picture_says_what_the_library_says_and_in_which_language(client, site):
    """The library's description (else its title) is written in Russian: on the English page
    it is marked as Russian, so a screen reader does not read it as English."""
    centre = CentrePageFactory(
        parent=site.sections["centres", "ru"].index,
        title="Центр без описания картинки",
        slug="centr-bez-opisaniya",
        lead_image=site.courtyard,
        lead_image_alt="",
    )
    page = translate(centre, Locale.objects.get(language_code="en"), "Plain", "plain")
    for shown, lang in ((centre, None), (page, "ru")):
        client.logout()
        # The page's lead picture and its card in the listing.
        for url, spec in ((shown.url, LEAD_RENDITION), (shown.get_parent().url, CARD_RENDITION)):
            soup = BeautifulSoup(client.get(url).content, "html.parser")
            img = soup.select_one(f'main img[src="{rendition_url(site.courtyard, spec)}"]')
            assert (img["alt"], img.get("lang")) == ("Двор", lang), url


def test_every_picture_of_an_english_news_item_speaks_english(client, site):
    """A news item's pictures in all the places they can be: the lead image, a figure in the
    text and a gallery (a list of figures), one of them replaced by an English poster."""
    gallery = {
        "type": "gallery",
        "value": {
            "title": "Фестиваль",
            # As the admin saves a list: each item with its id (wagtail-localize translates
            # nothing in the older format of bare values).
            "images": [
                {"type": "item", "value": figure(image, alt)["value"], "id": str(uuid.uuid4())}
                for image, alt in (
                    (site.poster, "Афиша фестиваля"),
                    (site.courtyard, "Двор перед концертом"),
                )
            ],
        },
    }
    news = NewsPageFactory(
        parent=site.sections["news", "ru"].index,
        title="Фестиваль во дворе",
        slug="festival-vo-dvore",
        lead_image=site.courtyard,
        lead_image_alt="Двор, полный людей",
        body=json.dumps([figure(site.pattern, "Узор на стене"), gallery]),
    )
    translator = as_member(client, site, "translators")
    page, _translation = start_translation(translator, news)
    segments = editor_segments(translator, page)
    words = {
        "Двор, полный людей": "A courtyard full of people",
        "Узор на стене": "A pattern on the wall",
        "Афиша фестиваля": "The festival poster",
        "Двор перед концертом": "The courtyard before the concert",
    }
    translate_strings(translator, segments, words)  # the other strings: «EN …»
    poster = next(
        segment
        for segment in choosers(segments)
        if segment["contentPath"].startswith("body.") and segment["value"] == site.poster.pk
    )
    assert put(translator, poster["editUrl"], site.poster_en.pk).status_code == 201
    chief = as_member(client, site, "chief_editor")
    assert chief.post(edit_url(page), {"action-publish": "1"}).status_code == 302
    assert reload(page).live

    english = pictures(client, reload(page))
    assert english == [
        (rendition_url(site.courtyard, LEAD_RENDITION), "A courtyard full of people"),
        (rendition_url(site.pattern, FIGURE_RENDITION), "A pattern on the wall"),
        (rendition_url(site.poster_en, GALLERY_RENDITION), "The festival poster"),
        (rendition_url(site.courtyard, GALLERY_RENDITION), "The courtyard before the concert"),
    ]
    assert not any(CYRILLIC.search(alt) for _src, alt in english)
    assert [src for src, _alt in pictures(client, news)][2] == rendition_url(
        site.poster, GALLERY_RENDITION
    )


def test_the_chosen_images_stay_when_the_russian_page_changes_and_is_synced(client, site, centre):
    translator = as_member(client, site, "translators")
    page, translation = start_translation(translator, centre)
    segments = editor_segments(translator, page)
    translate_strings(translator, segments, ENGLISH)
    lead = next(segment for segment in choosers(segments) if segment["contentPath"] == "lead_image")
    assert put(translator, lead["editUrl"], site.poster_en.pk).status_code == 201
    page = submit_and_approve(client, site, page)

    # The Russian editor rewrites the lead image's alt text and publishes; the translator
    # syncs (wagtail-localize's own view) and translates the new text.
    source = reload(centre)
    source.lead_image_alt = "Двор центра с новой афишей"
    source.save_revision().publish()
    translator = as_member(client, site, "translators")
    sync = reverse("wagtail_localize:update_translations", args=[translation.source_id])
    assert translator.post(sync, {}).status_code == 302
    segments = editor_segments(translator, page)
    offered = {segment["contentPath"]: segment for segment in choosers(segments)}
    assert offered["lead_image"]["value"] == site.poster.pk  # the source's, offered to change
    new = [segment for segment in segments if segment.get("source") == source.lead_image_alt]
    translate_strings(
        translator, new, {source.lead_image_alt: "The centre's courtyard with the new poster"}
    )
    page = submit_and_approve(client, site, page)

    assert pictures(client, page)[0] == (
        rendition_url(site.poster_en, LEAD_RENDITION),
        "The centre's courtyard with the new poster",
    )
    assert pictures(client, centre)[0] == (
        rendition_url(site.poster, LEAD_RENDITION),
        "Двор центра с новой афишей",
    )


@pytest.mark.parametrize("section", ["news", "events", "centres", "toolkits"])
def test_every_lead_image_is_offered_to_change_and_its_alt_text_to_translate(client, site, section):
    page = reload(site.sections[section, "ru"].untranslated)
    page.lead_image, page.lead_image_alt = site.poster, LEAD_ALT
    page.save_revision().publish()
    translator = as_member(client, site, "translators")
    target, _translation = start_translation(translator, page)
    segments = editor_segments(translator, target)
    (lead,) = (segment for segment in choosers(segments) if segment["contentPath"] == "lead_image")
    assert lead["value"] == site.poster.pk
    alt = next(segment for segment in segments if segment["contentPath"] == "lead_image_alt")
    assert (alt["type"], alt["source"]) == ("string", LEAD_ALT)
