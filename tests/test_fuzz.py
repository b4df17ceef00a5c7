"""Random and hostile query strings against every listing and feed: 4xx at worst, never 5xx."""

from urllib.parse import urlencode

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

    assert response.status_code in (200, 400, 404), (url, query, response.status_code)
