"""The full-page cache as a reader, an editor and a CDN see it, in both languages."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from news.models import NewsPage
from portal.models import Topic
from portal.translation.translate import translate_object
from tests.factories.news import NewsPageFactory, TopicFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def queries(client, url, **extra):
    """``(response, number of queries)`` of one GET."""
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **extra)
    return response, len(context.captured_queries)


def is_cached(client, url):
    """Whether ``url`` is served from the cache: no query at all."""
    response, count = queries(client, url)
    assert response.status_code == 200, url
    return count == 0 and response["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_second_anonymous_get_is_served_from_the_cache(client, index, index_en, language):
    item = NewsPageFactory(parent=index, title="Первая новость", slug="pervaya")
    shadow = NewsPage(title="First news", slug="first", lead="Lead.")
    english = translate_object(item, index_en.locale, shadow)
    urls = {"ru": ["/ru/", "/ru/novosti/", item.url], "en": ["/en/", index_en.url, english.url]}
    for url in urls[language]:
        first, count = queries(client, url)
        assert first.status_code == 200 and count > 0
        assert first["X-Page-Cache"] == "miss"

        second, count = queries(client, url)
        assert count == 0, url
        assert second["X-Page-Cache"] == "hit"
        assert second.content == first.content
        assert second["Content-Type"] == "text/html; charset=utf-8"
        assert second["Content-Language"] == language


def test_anonymous_pages_can_be_held_by_a_cdn(client, index):
    for attempt in range(2):
        response = client.get("/ru/novosti/")
        assert "Cookie" not in response.get("Vary", ""), attempt
        assert not response.cookies
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=0"} <= control
        assert any(part.startswith("s-maxage=") for part in control)
        assert response["ETag"].startswith('"')
        # The security headers are the middleware's, on a hit as on a miss.
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert "camera=()" in response["Permissions-Policy"]


def test_a_conditional_get_with_the_etag_answers_304(client, index):
    etag = client.get("/ru/novosti/")["ETag"]

    with CaptureQueriesContext(connection) as context:
        unchanged = client.get("/ru/novosti/", HTTP_IF_NONE_MATCH=etag)
    other = client.get("/ru/novosti/", HTTP_IF_NONE_MATCH='"something-else"')

    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag
    assert len(context.captured_queries) == 0
    assert other.status_code == 200 and other.content


def test_a_publish_shows_at_once(client, index, commit):
    item = NewsPageFactory(parent=index, title="Старый заголовок", slug="novost")
    for url in ("/ru/", "/ru/novosti/", item.url):
        assert "Старый заголовок" in client.get(url).content.decode()
    other = NewsPageFactory(parent=index, title="Другая новость", slug="drugaya")
    client.get(other.url)

    with commit():
        item.title = "Новый заголовок"
        item.save_revision().publish()

    for url in ("/ru/", "/ru/novosti/", item.url):
        html = client.get(url).content.decode()
        assert "Новый заголовок" in html and "Старый заголовок" not in html, url
    # A page that shows neither the item nor a listing of news stays cached.
    assert is_cached(client, other.url)


def test_a_new_page_appears_in_the_listings(client, index, commit):
    NewsPageFactory(parent=index, title="Давняя новость", slug="davnyaya")
    client.get("/ru/novosti/")
    client.get("/ru/")
    english_home = client.get("/en/").content

    with commit():
        fresh = NewsPage(title="Свежая новость", slug="svezhaya", lead="Лид.")
        index.add_child(instance=fresh)
        fresh.save_revision().publish()

    assert "Свежая новость" in client.get("/ru/novosti/").content.decode()
    assert "Свежая новость" in client.get("/ru/").content.decode()
    # The English pages list English news only: they stay cached.
    assert is_cached(client, "/en/")
    assert client.get("/en/").content == english_home


def test_an_unpublished_page_is_gone_at_once(client, index, commit):
    item = NewsPageFactory(parent=index, title="Снимаемая новость", slug="snimaemaya")
    url = item.url
    assert client.get(url).status_code == 200
    assert "Снимаемая новость" in client.get("/ru/novosti/").content.decode()

    with commit():
        item.unpublish()

    assert client.get(url).status_code == 404
    assert "Снимаемая новость" not in client.get("/ru/novosti/").content.decode()


def test_a_renamed_topic_refreshes_the_pages_that_show_it_and_no_other(client, index, commit):
    topic = TopicFactory(name="Городская среда", slug="gorodskaya-sreda")
    shown = NewsPageFactory(parent=index, title="С темой", slug="s-temoj", topics=[topic])
    plain = NewsPageFactory(parent=index, title="Без темы", slug="bez-temy")
    english_home = "/en/"
    for url in (shown.url, "/ru/novosti/", "/ru/", plain.url, english_home):
        client.get(url)

    with commit():
        topic.name = "Общественные пространства"
        topic.save()

    for url in (shown.url, "/ru/novosti/", "/ru/"):
        html = client.get(url).content.decode()
        assert "Общественные пространства" in html and "Городская среда" not in html, url
    assert is_cached(client, plain.url)
    assert is_cached(client, english_home)


def test_a_translations_publish_refreshes_the_sources_hreflang(client, index, index_en, commit):
    item = NewsPageFactory(parent=index, title="Новость", slug="novost")
    html = client.get(item.url).content.decode()
    assert '<link rel="alternate" hreflang="en"' not in html

    with commit():
        shadow = NewsPage(title="News", slug="the-news", lead="Lead.")
        english = translate_object(item, index_en.locale, shadow)

    html = client.get(item.url).content.decode()
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{english.url}">' in html

    with commit():
        english.slug = "renamed-news"
        english.save_revision().publish()

    html = client.get(item.url).content.decode()
    assert 'hreflang="en" href="http://testserver/en/news/renamed-news/"' in html


def test_signed_in_readers_never_read_or_fill_the_cache(client, admin_user, index):
    client.get("/ru/novosti/")  # cached for the anonymous
    client.force_login(admin_user)

    mine, count = queries(client, "/ru/novosti/")
    assert count > 0 and "X-Page-Cache" not in mine
    assert "wagtail-userbar" in mine.content.decode()
    assert mine["Cache-Control"] == "no-cache, private" or {
        part.strip() for part in mine["Cache-Control"].split(",")
    } == {"private", "no-cache"}
    client.get("/ru/")  # not stored for anyone

    client.logout()
    assert "wagtail-userbar" not in client.get("/ru/novosti/").content.decode()
    first, count = queries(client, "/ru/")
    assert first["X-Page-Cache"] == "miss" and count > 0


def test_a_preview_neither_reads_nor_fills_the_cache(admin_client, client, index):
    item = NewsPageFactory(parent=index, title="Опубликовано", slug="opublikovano")
    public = client.get(item.url).content.decode()
    item.title = "Черновик заголовка"
    item.save_revision()

    from django.urls import reverse

    draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=(item.pk,)))

    assert "Черновик заголовка" in draft.content.decode()
    assert "X-Page-Cache" not in draft
    anonymous = client.get(item.url)
    assert anonymous["X-Page-Cache"] == "hit"
    assert anonymous.content.decode() == public


def test_a_post_never_reads_or_fills_the_cache(client, index):
    client.get("/ru/novosti/")

    with CaptureQueriesContext(connection) as context:
        posted = client.post("/ru/novosti/", {"x": "1"})
    assert len(context.captured_queries) > 0
    assert "X-Page-Cache" not in posted
    with CaptureQueriesContext(connection) as context:
        client.post("/ru/novosti/", {"x": "1"})
    assert len(context.captured_queries) > 0


@pytest.mark.parametrize(
    "query", ["utm_source=mail", "page=abc", "page=1&page=2", "topic=no-such-topic", "q=x"]
)
def test_query_strings_a_page_does_not_use_bypass_the_cache(client, index, query):
    NewsPageFactory(parent=index, title="Новость", slug="novost")
    for attempt in range(2):
        response, count = queries(client, f"/ru/novosti/?{query}")
        assert count > 0, attempt
        assert "X-Page-Cache" not in response


def test_the_listings_own_parameters_are_cached_each_apart(client, index):
    topic = TopicFactory(name="Экономика", slug="ekonomika")
    for number in range(14):
        NewsPageFactory(parent=index, slug=f"n{number}", topics=[topic] if number < 3 else [])
    for url in ("/ru/novosti/?page=2", "/ru/novosti/?topic=ekonomika", "/ru/novosti/"):
        client.get(url)
    pages = {url: client.get(url).content for url in ("/ru/novosti/?page=2", "/ru/novosti/")}

    assert is_cached(client, "/ru/novosti/?page=2")
    assert is_cached(client, "/ru/novosti/?topic=ekonomika")
    assert pages["/ru/novosti/?page=2"] != pages["/ru/novosti/"]


def test_search_is_never_cached(client, index):
    for attempt in range(2):
        response, count = queries(client, "/ru/search/?q=новость")
        assert response.status_code == 200 and count > 0, attempt
        assert "X-Page-Cache" not in response


def test_service_addresses_are_never_cached(client):
    for url in ("/healthz", "/robots.txt", "/"):
        for _attempt in range(2):
            assert "X-Page-Cache" not in client.get(url)


# Midday in Moscow: an event five minutes on starts and ends the same day whenever the suite runs.
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, tzinfo=datetime.UTC), tick=False)
def test_a_calendar_expires_when_its_next_event_begins(client, home):
    from news.models import EventIndexPage  # noqa: F401 (the calendar's page type)
    from tests.factories.events import EventIndexPageFactory, EventPageFactory

    calendar = EventIndexPageFactory(parent=home)
    soon = timezone.localtime() + datetime.timedelta(minutes=5)
    EventPageFactory(
        parent=calendar,
        title="Скорая лекция",
        slug="skoraya",
        start_date=soon.date(),
        start_time=soon.time().replace(microsecond=0),
    )

    response = client.get(calendar.url)

    assert "Скорая лекция" in response.content.decode()
    seconds = int(response["Cache-Control"].split("s-maxage=")[1].split(",")[0])
    assert 0 < seconds <= 5 * 60


def test_a_new_topic_refreshes_the_filters_that_offer_every_topic(client, index, commit):
    TopicFactory(name="Экономика", slug="ekonomika")
    assert "Экономика" in client.get("/ru/novosti/").content.decode()

    with commit():
        Topic.objects.create(name="Наука", slug="nauka", locale=index.locale)

    assert "Наука" in client.get("/ru/novosti/").content.decode()


def test_a_view_restriction_takes_effect_at_once(client, index, commit):
    from wagtail.models import PageViewRestriction

    item = NewsPageFactory(parent=index, title="Закрываемая новость", slug="zakryvaemaya")
    client.get(item.url)
    assert is_cached(client, item.url)

    with commit():
        PageViewRestriction.objects.create(
            page=item, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )

    for _attempt in range(2):
        response = client.get(item.url)
        assert "Закрываемая новость</h1>" not in response.content.decode()
        assert "X-Page-Cache" not in response  # the password form carries a CSRF token
    assert "Закрываемая новость" not in client.get("/ru/novosti/").content.decode()


def test_a_head_is_answered_from_the_cache_and_never_fills_it(client, index):
    first = client.head("/ru/novosti/")
    assert first.status_code == 200 and "X-Page-Cache" not in first
    client.get("/ru/novosti/")
    with CaptureQueriesContext(connection) as context:
        head = client.head("/ru/novosti/")
    assert head["X-Page-Cache"] == "hit" and len(context.captured_queries) == 0


def test_a_deleted_page_is_gone_at_once(client, index, commit):
    item = NewsPageFactory(parent=index, title="Удаляемая новость", slug="udalyaemaya")
    url = item.url
    client.get(url)
    assert "Удаляемая новость" in client.get("/ru/novosti/").content.decode()

    with commit():
        item.delete()

    assert client.get(url).status_code == 404
    assert "Удаляемая новость" not in client.get("/ru/novosti/").content.decode()


def test_a_moved_page_answers_at_its_new_address(client, home, index, commit):
    from tests.factories.news import NewsIndexPageFactory

    other = NewsIndexPageFactory(parent=home, title="Архив", slug="arhiv")
    item = NewsPageFactory(parent=index, title="Переезжающая новость", slug="pereezd")
    old_url = item.url
    client.get(old_url)
    client.get("/ru/novosti/")
    client.get(other.url)

    with commit():
        item.move(other, pos="last-child")

    moved = client.get(old_url)  # Wagtail's automatic redirect, not the cached page
    assert moved.status_code == 301 and moved["Location"] == "/ru/arhiv/pereezd/"
    assert "Переезжающая новость" not in client.get("/ru/novosti/").content.decode()
    assert "Переезжающая новость" in client.get(other.url).content.decode()
    assert client.get("/ru/arhiv/pereezd/").status_code == 200


UNREACHABLE_CACHE = {
    "default": {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.mark.parametrize("language", ["ru", "en"])
def test_readers_get_their_pages_while_the_cache_is_down(
    client, index, index_en, settings, commit, language
):
    item = NewsPageFactory(parent=index, title="Новость при сбое", slug="pri-sboe")
    english = translate_object(
        item, index_en.locale, NewsPage(title="News while down", slug="down", lead="Lead.")
    )
    url, title = (
        (item.url, "Новость при сбое") if language == "ru" else (english.url, "News while down")
    )
    settings.CACHES = UNREACHABLE_CACHE

    for _attempt in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert title in response.content.decode()
        assert response.get("X-Page-Cache") != "hit"

    # An editor's publish still lands; the next reader sees it.
    with commit():
        page = NewsPage.objects.get(pk=(item if language == "ru" else english).pk)
        page.title = f"{title}: обновлено"
        page.save_revision().publish()
    assert f"{title}: обновлено" in client.get(url).content.decode()


def test_the_month_grid_and_the_calendar_feed_are_cached_and_refreshed_on_publish(
    client, home, commit
):
    from news.events.models import EventPage
    from tests.factories.events import EventIndexPageFactory, EventPageFactory

    calendar = EventIndexPageFactory(parent=home)
    day = timezone.localdate() + datetime.timedelta(days=40)
    event = EventPageFactory(
        parent=calendar, title="Лекция в архиве", slug="v-arhive", start_date=day
    )
    month = f"{calendar.url}?month={day:%Y-%m}"
    feed = f"{calendar.url}ics/"
    for url in (month, feed):
        client.get(url)
        assert is_cached(client, url), url
    assert client.get(feed)["Content-Disposition"].startswith("inline; filename=")
    # The month as written another way is not a second copy of the page.
    assert client.get(f"{calendar.url}?month={day:%Y-%m}-01").status_code == 400

    with commit():
        page = EventPage.objects.get(pk=event.pk)
        page.title = "Лекция перенесена в сад"
        page.save_revision().publish()

    for url in (month, feed):
        response, count = queries(client, url)
        assert count > 0, url
        assert "Лекция перенесена в сад" in response.content.decode(), url


def test_the_news_feeds_are_cached_and_refreshed_on_publish(client, index, commit):
    item = NewsPageFactory(parent=index, title="Новость для ленты", slug="dlya-lenty")
    for url in ("/ru/novosti/rss/", "/ru/novosti/atom/"):
        client.get(url)
        assert is_cached(client, url), url

    with commit():
        page = NewsPage.objects.get(pk=item.pk)
        page.title = "Новость для ленты, исправленная"
        page.save_revision().publish()

    for url in ("/ru/novosti/rss/", "/ru/novosti/atom/"):
        assert "Новость для ленты, исправленная" in client.get(url).content.decode(), url


def test_a_process_serves_its_own_copy_only_while_nothing_it_shows_changed(client, index, commit):
    """A worker keeps the answers it served: a hit then reads only the tokens of what the page
    shows. Its copy outlives the shared answer's eviction, and a change made anywhere (the
    tokens are shared) makes it stale like the shared one."""
    from django.core.cache import cache

    from portal.pagecache import store

    item = NewsPageFactory(parent=index, title="Копия процесса", slug="kopiya")
    assert "Копия процесса" in client.get(item.url).content.decode()
    cache.delete(store.key("http", "testserver", item.url, []))

    assert is_cached(client, item.url)

    with commit():
        item.title = "Копия устарела"
        item.save_revision().publish()
    html = client.get(item.url).content.decode()
    assert "Копия устарела" in html and "Копия процесса" not in html


def test_a_process_keeps_a_bounded_number_of_bytes_of_copies():
    from portal.pagecache.store import LocalCopies

    copies = LocalCopies(limit=8000)
    for number in range(5):
        copies.put(f"page-{number}", {"content": b"x" * 900})
    copies.put("big calendar", {"content": b"x" * 1001})  # over an eighth of the limit

    assert copies.size <= 8000
    assert copies.get("big calendar") is None
    assert copies.get("page-4") is not None
    for number in range(5, 12):
        copies.put(f"page-{number}", {"content": b"x" * 900})
    assert copies.get("page-0") is None and copies.size <= 8000


def test_the_sitemaps_are_cached_and_refreshed_by_a_publish_in_either_language(
    client, index, index_en, commit
):
    item = NewsPageFactory(parent=index, title="Новость для карты", slug="dlya-karty")
    urls = ["/sitemap.xml", "/sitemap-ru-1.xml", "/sitemap-en-1.xml"]
    for url in urls:
        first = client.get(url)
        assert first["Content-Type"].startswith("application/xml"), url
        assert "Cookie" not in first.get("Vary", ""), url
        assert is_cached(client, url), url
    assert "/ru/novosti/dlya-karty/" in client.get("/sitemap-ru-1.xml").content.decode()

    with commit():
        english = translate_object(
            item,
            index_en.locale,
            NewsPage(title="News for the map", slug="for-the-map", lead="Lead."),
        )
    # The Russian sitemap names the new English translation as the item's alternate.
    ru_sitemap = client.get("/sitemap-ru-1.xml").content.decode()
    assert english.url in ru_sitemap and "/ru/novosti/dlya-karty/" in ru_sitemap
    assert english.url in client.get("/sitemap-en-1.xml").content.decode()

    with commit():
        NewsPage.objects.get(pk=item.pk).unpublish()
    assert "/ru/novosti/dlya-karty/" not in client.get("/sitemap-ru-1.xml").content.decode()
    # A sitemap page past the last one is a 404, never stored.
    for _attempt in range(2):
        response = client.get("/sitemap-ru-9.xml")
        assert response.status_code == 404 and "X-Page-Cache" not in response
