"""Site search: per-language results, Russian morphology, facets, hostile input, suggestions."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest
import time_machine

from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage
from portal.models import UnansweredSearch
from portal.translation.translate import translate_object
from tests.factories.home import StandardPageFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.portal import CityFactory, FormatFactory, OrganisationFactory

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


def titles(response):
    html = response.content.decode()
    return re.findall(r'class="search-result__title" href="[^"]*">([^<]*)</a>', html)


def facet_counts(response):
    html = response.content.decode()
    found = re.findall(r'>([^<>]+?) <span class="count">(\d+)</span>', html)
    return {label.strip(): int(count) for label, count in found}


@pytest.fixture
def index(home):
    return NewsIndexPageFactory(parent=home)


def test_results_come_from_the_readers_language_only(client, index, locales):
    page = NewsPageFactory(parent=index, title="Клуб соседей в Самаре", lead="Встречи жителей.")
    translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))
    translate_object(
        page,
        locales["en"],
        NewsPage(title="Neighbours club in Samara", slug="club", lead="Meetings."),
    )

    assert titles(client.get("/ru/search/", {"q": "Самаре"})) == ["Клуб соседей в Самаре"]
    assert titles(client.get("/en/search/", {"q": "Samara"})) == ["Neighbours club in Samara"]
    assert titles(client.get("/en/search/", {"q": "Самаре"})) == []


def test_drafts_and_private_pages_are_not_found(client, home, index):
    NewsPageFactory(parent=index, title="Открытая библиотека", lead="Читальный зал.")
    NewsPageFactory(parent=index, title="Черновик про библиотеку", live=False)
    private = StandardPageFactory(parent=home, title="Закрытая библиотека")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    found = titles(client.get("/ru/search/", {"q": "библиотека"}))

    assert found == ["Открытая библиотека"]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("text", "query", "language"),
    [
        ("Союз креативных кластеров объединил четыре площадки", "кластер", "ru"),
        ("Новое общественное пространство открылось в Казани", "пространства", "ru"),
        ("Ёлочный базар во дворе", "елочный", "ru"),
        ("A new creative cluster opened in Kazan", "clusters", "en"),
    ],
)
def test_russian_and_english_words_are_found_in_any_form(
    client, index, locales, text, query, language
):
    title = "Заметка о городе" if language == "ru" else "A note on the city"
    page = NewsPageFactory(parent=index, title=title, lead=text)
    if language == "en":
        translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))
        page = translate_object(page, locales["en"], NewsPage(title=title, slug="a", lead=text))

    assert title in titles(client.get(f"/{language}/search/", {"q": query}))


def test_type_filter_with_counts(client, home, index):
    NewsPageFactory(parent=index, title="Фестиваль во дворе", lead="Фестиваль соседей.")
    NewsPageFactory(parent=index, title="Второй фестиваль", lead="Ещё фестиваль.")
    StandardPageFactory(
        parent=home, title="Как провести фестиваль", intro="Фестиваль шаг за шагом."
    )

    everything = client.get("/ru/search/", {"q": "фестиваль"})
    only_news = client.get("/ru/search/", {"q": "фестиваль", "type": "news"})
    only_pages = client.get("/ru/search/", {"q": "фестиваль", "type": "page"})

    assert facet_counts(everything) == {"Все": 3, "Новости": 2, "Страницы": 1}
    assert len(titles(everything)) == 3
    assert sorted(titles(only_news)) == ["Второй фестиваль", "Фестиваль во дворе"]
    assert titles(only_pages) == ["Как провести фестиваль"]
    assert facet_counts(only_news) == facet_counts(everything)  # counts ignore the chosen type


def test_results_show_type_date_and_a_highlighted_safe_excerpt(client, index):
    page = NewsPageFactory(
        parent=index,
        title="Резиденция художников",
        lead="<b>Жирно</b>: резиденции художников открываются в малых городах.",
    )

    html = client.get("/ru/search/", {"q": "резиденции"}).content.decode()

    assert '<span class="search-result__type">Новости</span>' in html
    assert "<mark>резиденции</mark>" in html
    assert "<b>Жирно</b>" not in html  # the page's text is shown as text, never as markup
    assert f'<time datetime="{page.date:%Y-%m-%d}">' in html


def test_bad_type_is_a_400_with_a_message(client, index):
    response = client.get("/ru/search/", {"q": "двор", "type": "nonsense"})

    assert response.status_code == 400
    assert "Выберите корректный вариант." in response.content.decode()


HOSTILE = [
    "",
    "   ",
    "а" * 1000,
    "-Data",
    "Data-X.2",
    "\\",
    "& | ! : * ( ) ' \"",
    "'кластер' & !пространство | (двор:*)",
    "клуб\x00соседей",
    "Фабрика factory 工厂 مصنع",
    "🏭🎨 кластер",
    "и",
    "the",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("query", HOSTILE)
@pytest.mark.parametrize("language", ["ru", "en"])
def test_hostile_queries_never_fail(client, index, home_en, query, language):
    NewsPageFactory(parent=index, title="Кластер и клуб соседей", lead="Пространство двора.")

    page = client.get(f"/{language}/search/", {"q": query})
    suggestions = client.get(f"/{language}/search/suggest/", {"q": query})

    assert page.status_code == 200
    assert "<script>alert" not in page.content.decode()
    assert suggestions.status_code == 200
    assert "results" in suggestions.json()


def test_long_queries_are_shortened_and_say_so(client, index):
    response = client.get("/ru/search/", {"q": " ".join(["двор"] * 300)})

    assert response.status_code == 200
    assert "поискали только по первым словам" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "99999", "%00"])
def test_bad_result_page_numbers_give_a_page(client, index, page):
    NewsPageFactory(parent=index, title="Двор", lead="Двор.")

    response = client.get("/ru/search/", {"q": "двор", "page": page})

    assert response.status_code == 200
    assert titles(response) == ["Двор"]


def test_suggestions_are_titles_of_the_readers_language(client, index, locales):
    page = NewsPageFactory(parent=index, title="Креативный кластер на заводе", lead="Лид.")
    translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))
    english = translate_object(
        page, locales["en"], NewsPage(title="Creative cluster at a factory", slug="c", lead="L.")
    )

    russian = client.get("/ru/search/suggest/", {"q": "креатив"}).json()
    english_results = client.get("/en/search/suggest/", {"q": "creat"}).json()

    assert russian["results"] == [
        {"title": "Креативный кластер на заводе", "url": page.url, "type": "Новости"}
    ]
    assert [r["url"] for r in english_results["results"]] == [english.url]
    assert client.get("/ru/search/suggest/", {"q": "к"}).json()["results"] == []


def test_suggestions_are_rate_limited(client, index):
    # The limit's window starts on the minute: the test stays inside one (tests/portal/
    # test_ratelimit.py has the rest).
    with time_machine.travel("2026-12-02 12:30:00Z", tick=False):
        for _ in range(60):
            assert client.get("/ru/search/suggest/", {"q": "двор"}).status_code == 200

        refused = client.get("/ru/search/suggest/", {"q": "двор"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"


def test_only_a_readers_first_page_search_is_counted(client, index):
    NewsPageFactory(parent=index, title="Двор", lead="Двор.")

    client.get("/ru/search/", {"q": "Двор"}, **BROWSER)
    client.get("/ru/search/", {"q": "двор", "page": "2"}, **BROWSER)
    client.get("/ru/search/", {"q": "двор", "type": "news"}, **BROWSER)
    client.get("/ru/search/", {"q": "двор"}, HTTP_USER_AGENT="Googlebot/2.1")
    client.get("/ru/search/", {"q": "двор"})  # no user agent at all
    client.get("/ru/search/suggest/", {"q": "двор"}, **BROWSER)

    assert Query.get("двор").hits == 1


def test_searches_that_find_nothing_are_listed_for_editors(client, admin_client, index):
    client.get("/ru/search/", {"q": "Планетарий"}, **BROWSER)
    client.get("/ru/search/", {"q": "планетарий"}, **BROWSER)
    client.get("/en/search/", {"q": "planetarium"}, **BROWSER)
    client.get("/ru/search/", {"q": "я" * 1000}, **BROWSER)

    misses = {(m.query_string, m.language): m.hits for m in UnansweredSearch.objects.all()}
    assert misses[("планетарий", "ru")] == 2
    assert misses[("planetarium", "en")] == 1
    assert all(len(query) <= 255 for query, _language in misses)

    report = admin_client.get("/admin/reports/unanswered-searches/")
    assert report.status_code == 200
    assert "планетарий" in report.content.decode()


def test_the_unanswered_report_is_not_for_every_admin_user(client, django_user_model):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("editor", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    assert client.get("/admin/reports/unanswered-searches/").status_code in (302, 403)


def test_promotions_apply_only_in_their_own_language(client, home, home_en, index, locales):
    guide = StandardPageFactory(parent=home, title="Как открыть центр")
    english_guide = translate_object(
        guide, locales["en"], StandardPage(title="How to open a centre", slug="guide", intro="I.")
    )
    query = Query.get("центр")
    SearchPromotion.objects.create(query=query, page=guide, sort_order=0)
    english_query = Query.get("centre")
    SearchPromotion.objects.create(query=english_query, page=english_guide, sort_order=0)
    SearchPromotion.objects.create(query=query, page=english_guide, sort_order=1)

    russian = client.get("/ru/search/", {"q": "центр"}).content.decode()
    english = client.get("/en/search/", {"q": "центр"}).content.decode()

    assert "search-result--promoted" in russian and "Как открыть центр" in russian
    assert "How to open a centre" not in russian
    assert "Как открыть центр" not in english and "How to open a centre" in english
    english_only = client.get("/ru/search/", {"q": "centre"}).content.decode()
    assert "search-result--promoted" not in english_only


def test_a_page_published_in_the_admin_is_found_at_once(admin_client, client, home):
    url = f"/admin/pages/add/home/standardpage/{home.pk}/"
    data = nested_form_data(
        {
            "title": "Лаборатория соседства",
            "slug": "laboratoriya",
            "intro": "Мастерская для жителей квартала.",
            "body": streamfield([]),
            "action-publish": "publish",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert titles(client.get("/ru/search/", {"q": "Лаборатория"})) == ["Лаборатория соседства"]


def test_search_query_count_does_not_grow_with_results(client, home, index):
    def count():
        client.get("/ru/search/", {"q": "фестиваль"})
        with CaptureQueriesContext(connection) as queries:
            client.get("/ru/search/", {"q": "фестиваль"})
        return len(queries)

    NewsPageFactory.create_batch(2, parent=index, lead="Фестиваль.")
    StandardPageFactory(parent=home, intro="Фестиваль.")
    few = count()
    NewsPageFactory.create_batch(12, parent=index, lead="Фестиваль.")
    StandardPageFactory.create_batch(4, parent=home, intro="Фестиваль.")

    # One query per result type on the page (``specific()``), whatever the number of results.
    assert count() <= few


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_page_has_a_search_box(client, home_en, language):
    html = client.get(f"/{language}/").content.decode()

    assert f'action="/{language}/search/"' in html
    assert f'data-suggest-url="/{language}/search/suggest/"' in html


def test_events_are_found_with_their_type_and_date(client, home):
    from tests.factories.events import EventIndexPageFactory, EventPageFactory

    calendar = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=calendar, title="Фестиваль дворов в Казани")

    html = client.get("/ru/search/", {"q": "дворов"}).content.decode()

    assert "Фестиваль дворов в Казани" in html
    assert '<span class="search-result__type">События</span>' in html
    assert f'<time datetime="{event.start_date:%Y-%m-%d}">' in html


def test_centres_and_toolkits_are_found_by_their_taxonomy_names(client, home):
    from tests.factories.resources import (
        CentreIndexPageFactory,
        CentrePageFactory,
        SpaceTypeFactory,
        ToolkitIndexPageFactory,
        ToolkitPageFactory,
    )

    centre = CentrePageFactory(
        parent=CentreIndexPageFactory(parent=home),
        title="Дом на набережной",
        summary="Открыт каждый день.",
        space_type=SpaceTypeFactory(name="Коворкинг"),
        city=CityFactory(name="Казань", region="Татарстан"),
    )
    toolkit = ToolkitPageFactory(
        parent=ToolkitIndexPageFactory(parent=home),
        title="Как начать",
        promise="Просто.",
        goal="Собрать людей.",
        format_type=FormatFactory(name="Ярмарка"),
        audience="families",
    )

    for query in ("Коворкинг", "Татарстан", "Казань"):
        found = titles(client.get("/ru/search/", {"q": query}))
        assert centre.title in found and toolkit.title not in found, query
    for query in ("Ярмарка", "семьи"):
        found = titles(client.get("/ru/search/", {"q": query}))
        assert toolkit.title in found and centre.title not in found, query


def test_a_renamed_term_is_found_under_its_new_name(
    client, home, django_capture_on_commit_callbacks
):
    from tests.factories.resources import (
        CentreIndexPageFactory,
        CentrePageFactory,
        SpaceTypeFactory,
    )

    space_type = SpaceTypeFactory(name="Коворкинг")
    centre = CentrePageFactory(
        parent=CentreIndexPageFactory(parent=home), title="Дом у реки", space_type=space_type
    )

    space_type.name = "Антикафе"
    with django_capture_on_commit_callbacks(execute=True):
        space_type.save()

    assert centre.title in titles(client.get("/ru/search/", {"q": "Антикафе"}))


def test_events_are_found_by_format_organiser_city_and_venue(client, home):
    from tests.factories.events import EventIndexPageFactory, EventPageFactory
    from tests.factories.resources import CentreIndexPageFactory, CentrePageFactory

    venue = CentrePageFactory(parent=CentreIndexPageFactory(parent=home), title="Смена")
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home),
        title="Вечер в пятницу",
        summary="Приходите.",
        event_format=FormatFactory(name="Лекторий"),
        organiser=OrganisationFactory(name="Фонд Тимура"),
        city=CityFactory(name="Выборг", region="Ленинградская"),
        venue=venue,
    )

    for query in ("Лекторий", "Тимура", "Выборг", "Ленинградская", "Смена"):
        assert event.title in titles(client.get("/ru/search/", {"q": query})), query


def test_english_pages_are_found_by_the_english_names_of_their_terms(
    client, home, home_en, locales, django_capture_on_commit_callbacks
):
    """Translated centres keep the Russian city and show its translation: search must too."""
    from portal.models import City
    from resources.models import CentreIndexPage, CentrePage
    from tests.factories.resources import CentreIndexPageFactory, CentrePageFactory

    city = CityFactory(name="Казань", slug="kazan", region="Татарстан")
    city_en = translate_object(
        city, locales["en"], City(name="Kazan", slug="kazan", region="Tatarstan")
    )
    centres = CentreIndexPageFactory(parent=home)
    centre = CentrePageFactory(parent=centres, title="Дом у реки", summary="Клуб.", city=city)
    translate_object(centres, locales["en"], CentreIndexPage(title="Spaces", slug="spaces"))
    centre_en = translate_object(
        centre,
        locales["en"],
        CentrePage(title="House by the river", slug="house", summary="A club."),
    )
    assert centre_en.city_id == city.pk  # the link stays the source's

    assert centre_en.title in titles(client.get("/en/search/", {"q": "Kazan"}))
    assert centre_en.title in titles(client.get("/en/search/", {"q": "Tatarstan"}))
    assert titles(client.get("/en/search/", {"q": "Казань"})) == []

    city_en.name = "Qazan"
    with django_capture_on_commit_callbacks(execute=True):
        city_en.save()

    assert centre_en.title in titles(client.get("/en/search/", {"q": "Qazan"}))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_counts_per_type_are_the_results_of_that_type(
    client, home, home_en, index, locales, language
):
    """The counts beside each type (one grouped query) equal what the type shows."""
    english_index = translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))
    parents = {"ru": (home, index), "en": (home_en, english_index)}[language]
    word = {"ru": "фестиваль", "en": "festival"}[language]
    for number in range(3):
        NewsPageFactory(parent=parents[1], title=f"{word} {number}", lead=f"{word}.")
    for number in range(2):
        StandardPageFactory(parent=parents[0], title=f"{word} page {number}", intro=f"{word}.")
    NewsPageFactory(parent=index if language == "en" else english_index, lead="фестиваль festival")

    everything = client.get(f"/{language}/search/", {"q": word})
    counts = facet_counts(everything)
    labels = {"ru": ("Все", "Новости", "Страницы"), "en": ("All", "News", "Pages")}[language]
    assert counts == {labels[0]: 5, labels[1]: 3, labels[2]: 2}
    for key, label in (("news", labels[1]), ("page", labels[2])):
        shown = titles(client.get(f"/{language}/search/", {"q": word, "type": key}))
        assert len(shown) == counts[label]


def plans(queries):
    """PostgreSQL's plan of each captured query, as if the tables were large (no seq scan)."""
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in queries:
            cursor.execute("EXPLAIN " + query["sql"])
            found.append("\n".join(row[0] for row in cursor.fetchall()))
    return found


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's search index")
def test_search_and_routing_read_indexes_not_whole_tables(client, index):
    NewsPageFactory(parent=index, title="Котельная стала клубом", slug="kotelnaya")
    client.get("/ru/novosti/kotelnaya/")  # the shared cache warm

    with CaptureQueriesContext(connection) as searched:
        assert "Котельная стала клубом" in client.get("/ru/search/?q=котельной").content.decode()
    with CaptureQueriesContext(connection) as routed:
        assert client.get("/ru/novosti/kotelnaya/").status_code == 200

    # The match exactly as Wagtail's backend writes it, asked of the search table alone.
    match = re.compile(
        r'\("wagtailsearch_indexentry"\."title" \|\| "wagtailsearch_indexentry"'
        r'\."body"\) @@ \(to_tsquery\([^)]*\)\)'
    )
    written = {m for q in searched.captured_queries for m in match.findall(q["sql"])}
    assert written, "the search ran no full-text query on title || body"
    for condition in written:
        sql = f"SELECT 1 FROM wagtailsearch_indexentry WHERE {condition}"  # noqa: S608 (our own SQL)
        (plan,) = plans([{"sql": sql}])
        assert "portal_search_title_body_idx" in plan, plan
    lookup = re.compile(r'"wagtailcore_page"\."url_path" IN \([^)]*\)')
    (condition,) = {m for q in routed.captured_queries for m in lookup.findall(q["sql"])}
    sql = f"SELECT 1 FROM wagtailcore_page WHERE {condition}"  # noqa: S608 (our own SQL)
    (plan,) = plans([{"sql": sql}])
    assert "portal_page_url_path_idx" in plan, plan
