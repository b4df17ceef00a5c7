import datetime
import zoneinfo

from wagtail.test.utils import WagtailPageTestCase

import feedparser
import pytest
import wagtail_factories

from home.models import HomePage
from news.models import NewsIndexPage, NewsPage, NewsPageRelatedPage
from portal.images import PUBLISH_RENDITIONS
from portal.models import Person, Topic
from portal.translation.translate import translate_object
from tests.factories.news import (
    NewsIndexPageFactory,
    NewsPageFactory,
    PersonFactory,
    TopicFactory,
)
from tests.helpers import count_queries

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


class TestNewsPageRules(WagtailPageTestCase):
    def test_news_tree(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())


@pytest.fixture
def index(home):
    return NewsIndexPageFactory(parent=home)


def on(day):
    return datetime.datetime.combine(day, datetime.time(10), MOSCOW)


def test_index_lists_newest_first_twelve_a_page(client, index):
    for number in range(14):
        NewsPageFactory(
            parent=index,
            title=f"Новость {number:02d}",
            publication_date=on(datetime.date(2026, 1, 1 + number)),
        )

    first = client.get("/ru/novosti/").content.decode()
    second = client.get("/ru/novosti/?page=2").content.decode()

    assert first.index("Новость 13") < first.index("Новость 12")
    assert "Новость 01" not in first
    assert "Новость 01" in second and "Новость 00" in second
    assert 'aria-current="page">2<' in second


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1.5", "%00"])
def test_bad_page_numbers_give_a_page_not_an_error(client, index, page):
    NewsPageFactory(parent=index, title="Единственная новость")

    response = client.get(f"/ru/novosti/?page={page}")

    assert response.status_code == 200
    assert "Единственная новость" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("topic=no-such-topic", "Такой темы нет."),
        ("month=13&year=2026", "Убедитесь, что это значение меньше либо равно 12."),
        ("year=abc", "Введите целое число."),
        ("month=5", "Выберите год вместе с месяцем."),
        ("tag=nope", "Такого тега нет."),
        ("topic=%00", "ноль-байт"),
    ],
)
def test_bad_filters_say_what_is_wrong_with_a_400(client, index, query, message):
    NewsPageFactory(parent=index, title="Единственная новость")

    response = client.get(f"/ru/novosti/?{query}")

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "Единственная новость" not in html  # nothing is listed as if the filter had worked
    assert 'href="/ru/novosti/"' in html  # a way back to all news
    assert 'class="filter-form"' in html  # the filter form, to correct the value
    assert 'class="field-errors"' in html and 'aria-invalid="true"' in html  # beside its field


def test_bad_filter_message_is_in_english_on_the_english_index(client, index, locales):
    english_index = translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))

    response = client.get(f"{english_index.url}?topic=no-such-topic")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="filter-form"' in html
    assert '<ul class="field-errors" id="id_topic_error"><li>There is no such topic.</li>' in html


def test_filters_combine_topic_tag_and_month(client, index):
    culture = TopicFactory(name="Культура", slug="culture")
    ngo = TopicFactory(name="НКО", slug="ngo-test")
    wanted = NewsPageFactory(
        parent=index,
        title="Нужная",
        topics=[culture],
        publication_date=on(datetime.date(2025, 3, 5)),
    )
    wanted.tags.add("библиотеки")
    wanted.save()
    other_month = NewsPageFactory(
        parent=index,
        title="Другой месяц",
        topics=[culture],
        publication_date=on(datetime.date(2025, 4, 5)),
    )
    other_month.tags.add("библиотеки")
    other_month.save()
    NewsPageFactory(
        parent=index,
        title="Другая тема",
        topics=[ngo],
        publication_date=on(datetime.date(2025, 3, 6)),
    )
    NewsPageFactory(
        parent=index,
        title="Без тега",
        topics=[culture],
        publication_date=on(datetime.date(2025, 3, 7)),
    )

    html = client.get(
        "/ru/novosti/?topic=culture&tag=библиотеки&year=2025&month=3"
    ).content.decode()

    assert "Нужная" in html
    for absent in ("Другой месяц", "Другая тема", "Без тега"):
        assert absent not in html
    assert "topic=culture" in client.get("/ru/novosti/?topic=culture&page=1").content.decode()


def test_drafts_and_other_languages_stay_out_of_index_and_feeds(client, index, home_en, locales):
    live = NewsPageFactory(parent=index, title="Опубликованная", lead="Лид.")
    NewsPageFactory(parent=index, title="Черновик", live=False)
    english_index = translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))
    translate_object(
        live, locales["en"], NewsPage(title="Published", slug="published", lead="Lead.")
    )

    ru_html = client.get("/ru/novosti/").content.decode()
    en_html = client.get(english_index.url).content.decode()
    ru_feed = feedparser.parse(client.get("/ru/novosti/rss/").content)
    en_feed = feedparser.parse(client.get(english_index.url + "atom/").content)

    assert "Опубликованная" in ru_html and "Черновик" not in ru_html and "Published" not in ru_html
    assert "Published" in en_html and "Опубликованная" not in en_html
    assert not ru_feed.bozo and not en_feed.bozo
    assert [entry.title for entry in ru_feed.entries] == ["Опубликованная"]
    assert [entry.title for entry in en_feed.entries] == ["Published"]
    assert en_feed.entries[0].link == "http://testserver/en/news/published/"
    assert ru_feed.feed.language == "ru"


def test_topic_feed_and_discovery_links(client, index):
    topic = TopicFactory(name="Урбанистика", slug="urban")
    NewsPageFactory(parent=index, title="Про город", topics=[topic])
    NewsPageFactory(parent=index, title="Про другое")

    html = client.get("/ru/novosti/?topic=urban").content.decode()
    feed = feedparser.parse(client.get("/ru/novosti/rss/?topic=urban").content)

    assert 'type="application/rss+xml"' in html and "rss/?topic=urban" in html
    assert 'type="application/atom+xml"' in html
    assert [entry.title for entry in feed.entries] == ["Про город"]
    assert entry_published(feed.entries[0]) is not None


def entry_published(entry):
    return entry.get("published_parsed")


def build_news(index, count):
    topics = [TopicFactory() for _ in range(3)]
    people = [PersonFactory() for _ in range(3)]
    for number in range(count):
        page = NewsPageFactory(
            parent=index, topics=topics[: 1 + number % 3], authors=people[: 1 + number % 2]
        )
        page.tags.add(f"tag{number}")
        page.save()


def test_index_query_count_does_not_grow_with_items(client, index):
    build_news(index, 5)
    few = count_queries(client, "/ru/novosti/")
    build_news(index, 45)
    many = count_queries(client, "/ru/novosti/")

    assert many == few


def test_news_page_query_count_does_not_grow_with_authors_and_topics(client, index):
    small = NewsPageFactory(parent=index, topics=[TopicFactory()], authors=[PersonFactory()])
    big = NewsPageFactory(
        parent=index,
        topics=[TopicFactory() for _ in range(6)],
        authors=[PersonFactory() for _ in range(6)],
    )
    for number in range(6):
        big.tags.add(f"t{number}")
    big.save()

    assert count_queries(client, big.url) == count_queries(client, small.url)


def test_home_shows_latest_and_featured_news(client, index):
    NewsPageFactory(parent=index, title="Главная новость", featured=True)
    NewsPageFactory(parent=index, title="Обычная новость")

    html = client.get("/ru/").content.decode()

    assert "Главная новость" in html and "Обычная новость" in html
    assert "news-card--large" in html


def test_english_news_shows_english_topic_and_author_names(client, index, locales):
    topic = TopicFactory(name="Городская среда", slug="urban-env")
    translate_object(topic, locales["en"], Topic(name="Urban environment", slug="urban-env"))
    person = PersonFactory(name="Анна Светлова")
    translate_object(person, locales["en"], Person(name="Anna Svetlova"))
    page = NewsPageFactory(
        parent=index, title="Про двор", lead="Лид.", topics=[topic], authors=[person]
    )
    english_index = translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))
    english = translate_object(
        page, locales["en"], NewsPage(title="Yards", slug="yards", lead="Lead.")
    )

    listing = client.get(english_index.url).content.decode()
    detail = client.get(english.url).content.decode()

    assert "Urban environment" in listing and "Городская среда" not in listing
    assert "Urban environment" in detail and "Anna Svetlova" in detail
    assert "Светлова" not in detail


def test_publishing_a_news_item_prepares_its_renditions(index, django_capture_on_commit_callbacks):
    image = wagtail_factories.ImageFactory(file__width=1600, file__height=1000)
    page = NewsPageFactory(parent=index, lead_image=image, live=False)
    assert not image.renditions.exists()

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert set(image.renditions.values_list("filter_spec", flat=True)) == set(PUBLISH_RENDITIONS)


def test_related_pages_lead_to_the_readers_language(client, index, locales):
    translated = NewsPageFactory(parent=index, title="Переведённая", slug="perevedyonnaya")
    russian_only = NewsPageFactory(parent=index, title="Только русская")
    draft = NewsPageFactory(parent=index, title="Черновая", live=False)
    page = NewsPageFactory(parent=index, title="Главная")
    for related in (translated, russian_only, draft):
        NewsPageRelatedPage.objects.create(page=page, related=related)
    translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))
    translated_en = translate_object(
        translated, locales["en"], NewsPage(title="Translated", slug="translated", lead="L.")
    )
    page_en = translate_object(page, locales["en"], NewsPage(title="Main", slug="main", lead="L."))

    russian_html = client.get(page.url).content.decode()
    english_html = client.get(page_en.url).content.decode()

    assert f'href="{translated.url}"' in russian_html
    assert f'href="{translated_en.url}"' in english_html
    assert f'href="{translated.url}"' not in english_html
    assert f'href="{russian_only.url}"' in english_html  # no translation: the original
    assert "Черновая" not in russian_html and "Черновая" not in english_html
