"""What wagtail-localize translates and what it keeps in sync on centres and toolkits, checked
through its own machinery: segment extraction, PO import, sync of an edited source, and the
admin's "Translate this page" view."""

from decimal import Decimal

from django.urls import reverse

from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments

import pytest

from portal.models import City
from portal.translation.translate import translate_object
from resources.models import CentreIndexPage, CentrePage, ToolkitIndexPage, ToolkitPage
from tests.factories.portal import CityFactory, FormatFactory
from tests.factories.resources import CentrePageFactory, SpaceTypeFactory, ToolkitPageFactory, steps

BLOCK_ID = "5c1f7b0e-2d43-4f0e-9a4c-7d1b2f6e8a01"


def fields_of(segments, kind):
    return {segment.path.split(".")[0] for segment in segments if isinstance(segment, kind)}


@pytest.fixture
def centre(centre_index, locales):
    # Snippet links are synchronised, not translated: the English page keeps the source's
    # city (shown by its English name) and need not wait for an untranslated space type.
    city = CityFactory(name="Пермь", slug="perm")
    translate_object(city, locales["en"], City(name="Perm", slug="perm", region="Perm Krai"))
    return CentrePageFactory(
        parent=centre_index,
        title="Дом культуры",
        summary="Клуб для всего района.",
        address="ул. Мира, 5",
        city=city,
        space_type=SpaceTypeFactory(name="Клуб"),
        latitude="58.010450",
        longitude="56.229400",
        year_founded=1962,
        floor_area=1500,
        website="https://dk.example.ru/",
        body=[{"type": "paragraph", "value": "<p>История дома.</p>", "id": BLOCK_ID}],
    )


def shadow_of(centre):
    return CentrePage(
        title="House of culture",
        slug="house-of-culture",
        summary="A club for the whole district.",
        address="5 Mira St",
        body=[{"type": "paragraph", "value": "<p>The story of the house.</p>", "id": BLOCK_ID}],
    )


def test_centre_texts_are_translated_and_facts_synchronised(client, centre, locales):
    segments = extract_segments(centre)
    translated = fields_of(segments, StringSegmentValue)
    overridable = fields_of(segments, OverridableSegmentValue)
    assert translated == {"title", "slug", "summary", "address", "body"}
    assert overridable == {"website"}  # a translation may point to an English site
    assert not fields_of(segments, RelatedObjectSegmentValue)
    translate_object(
        centre.get_parent(), locales["en"], CentreIndexPage(title="Spaces", slug="spaces")
    )

    english = translate_object(centre, locales["en"], shadow_of(centre))

    assert english.locale == locales["en"] and english.translation_key == centre.translation_key
    assert (english.summary, english.address) == ("A club for the whole district.", "5 Mira St")
    assert english.body[0].value.source == "<p>The story of the house.</p>"
    facts = ("latitude", "longitude", "year_founded", "floor_area", "website", "city_id")
    assert [getattr(english, name) for name in facts] == [getattr(centre, name) for name in facts]
    html = client.get(english.url).content.decode()
    assert "A club for the whole district." in html and "Клуб для всего района" not in html
    assert "Perm Krai" in html and "Пермь" not in html
    assert 'data-lat="58.010450" data-lng="56.229400"' in html

    # The source moves and grows older: a sync brings the facts, the English text stays.
    centre.latitude, centre.longitude, centre.year_founded = "58.100000", "56.300000", 1961
    centre.save_revision().publish()
    english = translate_object(centre, locales["en"], shadow_of(centre))

    assert (english.latitude, english.longitude) == (Decimal("58.100000"), Decimal("56.300000"))
    assert english.year_founded == 1961
    assert english.summary == "A club for the whole district."


def test_toolkit_texts_are_translated_and_facts_synchronised(toolkit_index, centre, locales):
    toolkit = ToolkitPageFactory(
        parent=toolkit_index,
        format_type=FormatFactory(),  # no English version either
        steps=steps(1),
        budget_min=5000,
        budget_max=9000,
        centres=[centre],
    )

    segments = extract_segments(toolkit)

    assert {"promise", "goal", "steps", "applied_at"} <= fields_of(segments, StringSegmentValue)
    synchronised = {"budget_min", "budget_max", "format_type", "audience", "difficulty"}
    assert not synchronised & fields_of(segments, StringSegmentValue | OverridableSegmentValue)
    assert not fields_of(segments, RelatedObjectSegmentValue)

    translate_object(toolkit_index, locales["en"], ToolkitIndexPage(title="Formats", slug="f"))
    (step,) = toolkit.steps.get_prep_value()  # the same block ids, English words
    value = step["value"]
    value.update(title="Step 1", description="<p>Step one.</p>", duration="a week")
    for number, item in enumerate(value["checklist"], start=1):
        item["value"] = f"Item 1.{number}"
    link = toolkit.applied_at.get()
    shadow = ToolkitPage(
        title="Format", slug="format", promise="A promise.", goal="A goal.", steps=[step]
    )
    shadow.applied_at = [
        type(link)(translation_key=link.translation_key, centre=centre, note="Result 0")
    ]
    english = translate_object(toolkit, locales["en"], shadow)

    assert (english.promise, english.steps[0].value["title"]) == ("A promise.", "Step 1")
    assert (english.budget_min, english.budget_max) == (5000, 9000)
    assert english.format_type_id == toolkit.format_type_id
    assert [(a.centre_id, a.note) for a in english.applied_at.all()] == [(centre.pk, "Result 0")]


def test_translate_this_centre_in_the_admin(superuser_client, centre, locales):
    translate_object(
        centre.get_parent(), locales["en"], CentreIndexPage(title="Spaces", slug="spaces")
    )
    submit = reverse("wagtail_localize:submit_page_translation", args=(centre.pk,))

    response = superuser_client.post(submit, {"locales": [locales["en"].pk]})

    assert response.status_code == 302
    english = CentrePage.objects.get(locale=locales["en"], translation_key=centre.translation_key)
    assert (english.latitude, english.year_founded) == (centre.latitude, 1962)
    editor = superuser_client.get(reverse("wagtailadmin_pages:edit", args=(english.pk,)))
    assert editor.status_code == 200
    source = TranslationSource.objects.get_for_instance(centre)
    translation = Translation.objects.get(source=source, target_locale=locales["en"])
    assert translation.get_progress()[0] == 5  # title, slug, summary, address, one paragraph
