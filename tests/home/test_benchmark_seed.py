"""The benchmark's bulk seeder builds a tree Wagtail itself would have built: valid paths and
child counts, live pages in both languages linked as translations, found by search."""

import io

from django.test import Client

from wagtail.models import Page

import pytest

from home.benchmark.seeder import PREFIX, Seeder
from news.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from resources.models import CentrePage, ToolkitPage

COUNTS = {"news": 30, "events": 10, "centres": 3, "toolkits": 2}
MODELS = {"news": NewsPage, "events": EventPage, "centres": CentrePage, "toolkits": ToolkitPage}


@pytest.fixture
def seeded(db):
    seeder = Seeder(30, counts=COUNTS, stdout=io.StringIO(), stderr=io.StringIO())
    assert seeder.run() is True
    return seeder


def seeded_pages(model, language):
    return model.objects.filter(slug__startswith=PREFIX, locale__language_code=language)


def test_the_tree_is_valid_and_every_parent_counts_its_children(seeded):
    assert all(not problems for problems in Page.find_problems())
    for parent in Page.objects.filter(depth__lte=3):
        assert parent.numchild == parent.get_children().count(), parent.url_path
    for kind, model in MODELS.items():
        for language in ("ru", "en"):
            assert seeded_pages(model, language).live().count() == COUNTS[kind]


def test_every_russian_page_has_its_english_translation(seeded):
    for model in MODELS.values():
        for page in seeded_pages(model, "ru"):
            translations = page.get_translations()
            assert [t.locale.language_code for t in translations] == ["en"]
            assert translations[0].specific.url.startswith("/en/")


def test_seeded_pages_render_in_both_languages(seeded):
    client = Client()
    for model in MODELS.values():
        for language in ("ru", "en"):
            page = seeded_pages(model, language).order_by("-pk").first()
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert page.title in response.content.decode()
    for index_model in (NewsIndexPage, EventIndexPage):
        for index in index_model.objects.live():
            assert client.get(index.url).status_code == 200


def test_a_recurring_event_repeats_and_its_dates_are_derived(seeded):
    event = seeded_pages(EventPage, "ru").get(slug=f"{PREFIX}event-0")
    assert event.frequency
    assert event.starts_at is not None and event.ends_at > event.starts_at
    assert len(event.occurrences()) > 1


def test_search_finds_a_seeded_title_in_each_language(seeded):
    client = Client()
    for language, word in (("ru", "котельной"), ("en", "boiler")):
        titles = set(seeded_pages(NewsPage, language).values_list("title", flat=True))
        response = client.get(f"/{language}/search/", {"q": word})
        assert response.status_code == 200
        assert any(title in response.content.decode() for title in titles)


def test_a_second_run_skips_and_reset_removes_only_seeded_pages(seeded):
    before = Page.objects.count()
    again = Seeder(30, counts=COUNTS, stdout=io.StringIO(), stderr=io.StringIO())
    assert again.run() is False
    assert Page.objects.count() == before
    again.reset()
    assert not Page.objects.filter(slug__startswith=PREFIX).exists()
    assert NewsIndexPage.objects.count() == 2  # the sections stay
    assert all(not problems for problems in Page.find_problems())
    for parent in Page.objects.all():
        assert parent.numchild == parent.get_children().count(), parent.url_path
