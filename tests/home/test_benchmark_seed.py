"""The benchmark's bulk seeder builds a tree Wagtail itself would have built: valid paths and
child counts, live pages in both languages linked as translations, found by search."""

import io

from django.test import Client

from wagtail.models import Page

from home.benchmark.seeder import PREFIX, Seeder
from news.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from resources.models import CentrePage, ToolkitPage

COUNTS = {"news": 30, "events": 10, "centres": 3, "toolkits": 2}
MODELS = {"news": NewsPage, "events": EventPage, "centres": CentrePage, "toolkits": ToolkitPage}
SEARCHES = {"ru": "котельной", "en": "boiler"}


def seed(counts):
    return Seeder(counts["news"], counts=counts, stdout=io.StringIO(), stderr=io.StringIO()).run()


def seeded_pages(model, language):
    return model.objects.filter(slug__startswith=PREFIX, locale__language_code=language)


def assert_tree_is_valid():
    assert all(not problems for problems in Page.find_problems())
    for parent in Page.objects.all():
        assert parent.numchild == parent.get_children().count(), parent.url_path


def test_the_seeded_corpus_is_a_live_translated_tree_that_renders_and_is_found(db):
    assert seed(COUNTS) is True

    assert_tree_is_valid()
    for kind, model in MODELS.items():
        for language in ("ru", "en"):
            assert seeded_pages(model, language).live().count() == COUNTS[kind]
        for page in seeded_pages(model, "ru"):  # each Russian page has its English translation
            assert [t.locale.language_code for t in page.get_translations()] == ["en"]

    client = Client()
    for model in MODELS.values():
        for language in ("ru", "en"):
            page = seeded_pages(model, language).order_by("-pk").first()
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            assert page.title in response.content.decode()
    for index in [*NewsIndexPage.objects.live(), *EventIndexPage.objects.live()]:
        assert client.get(index.url).status_code == 200, index.url

    event = seeded_pages(EventPage, "ru").get(slug=f"{PREFIX}event-0")  # one in ten repeats
    assert event.frequency and event.ends_at > event.starts_at
    assert len(event.occurrences()) > 1

    for language, word in SEARCHES.items():
        titles = set(seeded_pages(NewsPage, language).values_list("title", flat=True))
        response = client.get(f"/{language}/search/", {"q": word})
        assert response.status_code == 200
        assert any(title in response.content.decode() for title in titles), language


def test_a_second_run_skips_and_reset_removes_only_the_seeded_pages(db):
    counts = {"news": 3, "events": 1, "centres": 1, "toolkits": 1}
    assert seed(counts) is True
    before = Page.objects.count()
    assert seed(counts) is False
    assert Page.objects.count() == before

    Seeder(3, counts=counts, stdout=io.StringIO()).reset()
    assert not Page.objects.filter(slug__startswith=PREFIX).exists()
    assert Page.objects.count() == before - 12  # six items in two languages
    assert NewsIndexPage.objects.count() == 2  # the sections stay
    assert_tree_is_valid()
