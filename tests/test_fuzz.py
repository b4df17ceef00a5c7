"""Random and hostile query strings against every listing and feed: 4xx at worst, never 5xx."""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news.models import NewsIndexPage
from portal.translation.translate import translate_object
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory, TopicFactory
from tests.factories.portal import CityFactory, FormatFactory
from tests.factories.resources import (
    CentreIndexPageFactory,
    CentrePageFactory,
    SpaceTypeFactory,
    ToolkitIndexPageFactory,
    ToolkitPageFactory,
    make_document,
    steps,
)

KNOWN_KEYS = ["page", "topic", "tag", "year", "month", "q", "from", "to", "sort", "type"]
RESOURCE_KEYS = [
    *["page", "sort", "space_type", "sector", "region", "city"],
    *["format", "audience", "budget", "difficulty"],
]
NASTY = [
    "",
    "0",
    "-1",
    "99999999999999999999",
    "abc",
    "1e3",
    "%00",
    "\x00",
    "' OR 1=1 --",
    "🙂",
    "кластер",
    "a" * 2000,
    "2017-13",
    "../../etc/passwd",
    "<script>",
    "&|!:*()'\"",
]

values = st.one_of(st.sampled_from(NASTY), st.text(max_size=60), st.integers().map(str))
queries = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN_KEYS), st.text(max_size=8)), values, max_size=5
)


@pytest.fixture
def listings(home, locales):
    index = NewsIndexPageFactory(parent=home)
    topic = TopicFactory(slug="culture")
    NewsPageFactory.create_batch(3, parent=index, topics=[topic])
    english = translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))
    urls = []
    for page in (index, english):
        urls += [page.url, page.url + "rss/", page.url + "atom/"]
    for language in ("ru", "en"):
        urls += [f"/{language}/search/", f"/{language}/search/suggest/"]
    return urls


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=queries, which=st.integers(min_value=0, max_value=9))
def test_listings_never_answer_5xx(client, listings, query, which):
    url = listings[which]

    response = client.get(f"{url}?{urlencode(query)}")

    assert response.status_code < 500, (url, query)
    assert response.status_code in (200, 400, 404, 429), (url, query, response.status_code)


resource_queries = st.dictionaries(
    st.one_of(st.sampled_from(RESOURCE_KEYS), st.text(max_size=8)), values, max_size=5
)


@pytest.fixture
def resource_routes(home):
    centres = CentreIndexPageFactory(parent=home)
    city = CityFactory(slug="kazan", region="Татарстан")
    centre = CentrePageFactory(parent=centres, city=city, space_type=SpaceTypeFactory())
    toolkits = ToolkitIndexPageFactory(parent=home)
    toolkit = ToolkitPageFactory(
        parent=toolkits,
        format_type=FormatFactory(slug="festival"),
        steps=steps(2),
        centres=[centre],
        documents=[make_document("Чек-лист", "checklist.txt", b"1")],
    )
    return [
        centres.url,
        centres.url + "map/",
        centre.url,
        toolkits.url,
        toolkit.url,
        toolkit.url + "print/",
        toolkit.url + "materials/",
    ]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=resource_queries, which=st.integers(min_value=0, max_value=6))
def test_resource_routes_never_answer_5xx(client, resource_routes, query, which):
    url = resource_routes[which]

    response = client.get(f"{url}?{urlencode(query)}")

    # Sixty downloads of the materials in a row meet its rate limit: 429 is a proper answer.
    assert response.status_code in (200, 400, 404, 429), (url, query, response.status_code)


# Every public route at once, for the sweeps below: pages and their sub-routes, the calendar,
# search, feeds, calendar files, the map's JSON, the sitemap, robots.txt and a document.
ROUTE_KEYS = sorted({*KNOWN_KEYS, *RESOURCE_KEYS, "city", "format", "free", "online", "view"})


@pytest.fixture
def every_route(listings, resource_routes, home):
    from tests.factories.events import EventIndexPageFactory, EventPageFactory

    calendar = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=calendar, title="Лекция", frequency="weekly", count=4)
    document = make_document("Памятка", "pamyatka.txt", b"text")
    return [
        *listings,
        *resource_routes,
        "/",
        "/ru/",
        "/en/",
        calendar.url,
        calendar.url + "past/",
        calendar.url + "ics/",
        event.url,
        event.url + "ics/",
        "/sitemap.xml",
        "/robots.txt",
        document.url,
    ]


ALLOWED = (200, 301, 302, 304, 400, 404, 405, 429)
hostile_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=80))
route_queries = st.dictionaries(
    st.one_of(st.sampled_from(ROUTE_KEYS), st.text(max_size=8)), values, max_size=6
)


def latin1(text):
    """What a client can put in a header: bytes, read by the server as Latin-1."""
    return text.encode("utf-8", "replace").decode("latin-1")


headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept-Language": st.one_of(
            st.sampled_from(["", "*", "ru;q=abc", "en-US,en;q=0.9,ru;q=", "zz", ";;;", "x" * 500]),
            hostile_text,
        ).map(latin1),
        "Cookie": st.one_of(
            st.sampled_from(
                [
                    "sessionid=" + "a" * 4000,
                    "django_language=xx",
                    "django_language=../../etc",
                    "csrftoken=" + "\x7f" * 64,
                    "=; ;=;",
                ]
            ),
            hostile_text,
        ).map(latin1),
        "Host": st.sampled_from(["evil.example", "testserver:99999", "testserver:abc", ""]),
        "If-None-Match": hostile_text.map(latin1),
        "If-Modified-Since": st.sampled_from(["yesterday", "", "Thu, 01 Jan 1970 00:00:00 GMT"]),
        "Range": st.sampled_from(["bytes=abc", "bytes=5-1", "bytes=0-0,1-1,2-2", "lines=1"]),
        "X-Forwarded-For": hostile_text.map(latin1),
        "User-Agent": hostile_text.map(latin1),
    },
)


def sweep_settings(examples):
    return settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@sweep_settings(80)
@given(query=route_queries, which=st.integers(min_value=0), sent=headers)
def test_every_route_with_hostile_queries_and_headers_answers_below_500(
    client, every_route, query, which, sent
):
    url = every_route[which % len(every_route)]
    client.cookies.clear()
    response = client.get(f"{url}?{urlencode(query)}", headers=sent)
    assert response.status_code in ALLOWED, (url, query, sent, response.status_code)


segments = st.one_of(
    st.sampled_from(["..", "%2e%2e", "%00", "ics", "rss", "map", "print", "page/2", "a" * 300]),
    st.text(min_size=1, max_size=40),
)


@sweep_settings(60)
@given(which=st.integers(min_value=0), segment=segments)
def test_every_route_with_a_hostile_path_segment_answers_below_500(
    client, every_route, which, segment
):
    url = every_route[which % len(every_route)]
    response = client.get(url.rstrip("/") + "/" + quote(segment, safe="/%") + "/")
    assert response.status_code in ALLOWED, (url, segment, response.status_code)
