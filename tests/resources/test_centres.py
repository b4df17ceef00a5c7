import datetime
import json
import re

from django.urls import reverse
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from home.models import HomePage
from news.models import NewsPageRelatedPage
from portal.models import City, SpaceType
from portal.translation.translate import translate_object
from resources.models import (
    CentreIndexPage,
    CentrePage,
    ToolkitIndexPage,
    ToolkitPage,
    ToolkitPageCentre,
)
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory, PersonFactory
from tests.factories.portal import CityFactory
from tests.factories.resources import CentrePageFactory, SpaceTypeFactory, ToolkitPageFactory
from tests.helpers import count_queries, json_ld


class TestResourcePageRules(WagtailPageTestCase):
    def test_tree(self):
        self.assertAllowedParentPageTypes(CentreIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CentreIndexPage, {CentrePage})
        self.assertAllowedParentPageTypes(CentrePage, {CentreIndexPage})
        self.assertAllowedSubpageTypes(CentrePage, set())
        self.assertAllowedParentPageTypes(ToolkitIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(ToolkitIndexPage, {ToolkitPage})
        self.assertAllowedParentPageTypes(ToolkitPage, {ToolkitIndexPage})
        self.assertAllowedSubpageTypes(ToolkitPage, set())


def test_indexes_are_singletons_per_home(centre_index, toolkit_index, home):
    assert not CentreIndexPage.can_create_at(home)
    assert not ToolkitIndexPage.can_create_at(home)


def facet_counts(html, facet):
    block = html.split(f'data-facet="{facet}"', 1)[1].split("</ul>", 1)[0]
    return {value: int(count) for value, count in re.findall(r'data-count="([^"]+)">(\d+)<', block)}


@pytest.fixture
def three_cities(centre_index):
    moscow = CityFactory(name="Москва", slug="moscow", region="Москва")
    kazan = CityFactory(name="Казань", slug="kazan", region="Татарстан")
    yelabuga = CityFactory(name="Елабуга", slug="yelabuga", region="Татарстан")
    cluster = SpaceTypeFactory(name="Кластер", slug="cluster")
    library = SpaceTypeFactory(name="Библиотека", slug="library")
    make = CentrePageFactory
    make(
        parent=centre_index,
        title="Альфа",
        city=moscow,
        space_type=cluster,
        sector="business",
        year_founded=2007,
    )
    make(
        parent=centre_index,
        title="Бета",
        city=moscow,
        space_type=library,
        sector="public",
        year_founded=1990,
    )
    make(
        parent=centre_index,
        title="Гамма",
        city=kazan,
        space_type=cluster,
        sector="ngo",
        year_founded=2015,
    )
    make(
        parent=centre_index,
        title="Дельта",
        city=yelabuga,
        space_type=library,
        sector="public",
        year_founded=None,
    )
    make(parent=centre_index, title="Черновик", city=kazan, space_type=cluster, live=False)
    return centre_index


def titles(html):
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_unfiltered_index_lists_live_centres_with_counts(client, three_cities):
    html = client.get(three_cities.url).content.decode()

    assert titles(html) == ["Альфа", "Бета", "Гамма", "Дельта"]
    assert facet_counts(html, "space_type") == {"cluster": 2, "library": 2}
    assert facet_counts(html, "sector") == {"business": 1, "ngo": 1, "public": 2}
    assert facet_counts(html, "region") == {"Москва": 2, "Татарстан": 2}
    assert facet_counts(html, "city") == {"moscow": 2, "kazan": 1, "yelabuga": 1}


def test_counts_and_pages_follow_a_publication_and_an_unpublication(client, three_cities):
    """The counts are shared between readers until the next publication: not a moment longer."""
    client.get(three_cities.url)  # the counts are kept
    draft = CentrePage.objects.get(title="Черновик")
    draft.save_revision().publish()

    html = client.get(three_cities.url + "?sort=name").content.decode()
    assert "Черновик" in titles(html)
    assert facet_counts(html, "space_type") == {"cluster": 3, "library": 2}
    assert facet_counts(html, "city") == {"moscow": 2, "kazan": 2, "yelabuga": 1}
    assert "5 центров" in html  # the count above the list

    CentrePage.objects.get(title="Альфа").unpublish()
    html = client.get(three_cities.url + "?sector=business").content.decode()
    assert titles(html) == []
    # Alpha was the only business centre: its option stays, chosen, at 0.
    assert facet_counts(html, "sector") == {"business": 0, "ngo": 2, "public": 2}
    assert 'data-count="moscow"' not in html  # no business centre left in any city
    assert "0 центров" in html


def test_each_filter_narrows_the_list_and_the_other_facets(client, three_cities):
    html = client.get(three_cities.url + "?space_type=cluster").content.decode()
    assert titles(html) == ["Альфа", "Гамма"]
    # The facet of the active filter still counts all its options; the others count the rest.
    assert facet_counts(html, "space_type") == {"cluster": 2, "library": 2}
    assert facet_counts(html, "sector") == {"business": 1, "ngo": 1}
    assert facet_counts(html, "city") == {"moscow": 1, "kazan": 1}

    html = client.get(three_cities.url + "?sector=public").content.decode()
    assert titles(html) == ["Бета", "Дельта"]
    assert facet_counts(html, "region") == {"Москва": 1, "Татарстан": 1}

    html = client.get(three_cities.url + "?region=Татарстан").content.decode()
    assert titles(html) == ["Гамма", "Дельта"]
    assert facet_counts(html, "city") == {"kazan": 1, "yelabuga": 1}
    assert facet_counts(html, "region") == {"Москва": 2, "Татарстан": 2}

    html = client.get(three_cities.url + "?city=kazan&space_type=cluster").content.decode()
    assert titles(html) == ["Гамма"]
    assert facet_counts(html, "space_type") == {"cluster": 1}


def test_sort_by_year_founded(client, three_cities):
    oldest = client.get(three_cities.url + "?sort=founded").content.decode()
    newest = client.get(three_cities.url + "?sort=-founded").content.decode()

    assert titles(oldest) == ["Бета", "Альфа", "Гамма", "Дельта"]  # unknown year last
    assert titles(newest) == ["Гамма", "Альфа", "Бета", "Дельта"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("space_type=nope", "There is no such space type"),
        ("sector=%3Cscript%3E", "There is no such sector"),
        ("city=atlantis", "There is no such city"),
        ("region=Narnia", "There is no such region"),
        ("sort=price", "Centres cannot be sorted by"),
    ],
)
def test_bad_filter_values_are_a_400_with_a_message(client, three_cities, query, message):
    with_lang = client.get(three_cities.url + "?" + query, HTTP_ACCEPT_LANGUAGE="en")
    html = with_lang.content.decode()

    assert with_lang.status_code == 400
    assert "<script>" not in html
    # The listing stays usable: the bad value is ignored.
    assert "Альфа" in html and 'role="alert"' in html


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "%00"])
def test_bad_page_numbers_give_a_page(client, three_cities, page):
    response = client.get(three_cities.url + f"?page={page}")
    assert response.status_code == 200
    assert "Альфа" in response.content.decode()


def test_pagination_keeps_the_filter(client, centre_index):
    city = CityFactory(slug="big")
    for number in range(30):
        CentrePageFactory(parent=centre_index, title=f"Центр {number:02d}", city=city)

    second = client.get(centre_index.url + "?city=big&page=2").content.decode()

    assert len(titles(second)) == 6
    assert "city=big&amp;page=1" in second


def test_map_json_lists_filtered_centres_with_coordinates(client, three_cities):
    CentrePageFactory(parent=three_cities, title="Без координат", latitude=None, longitude=None)
    everything = client.get(three_cities.url + "map/").json()["centres"]
    kazan = client.get(three_cities.url + "map/?region=Татарстан").json()["centres"]
    bad = client.get(three_cities.url + "map/?city=atlantis")

    assert sorted(c["title"] for c in everything) == ["Альфа", "Бета", "Гамма", "Дельта"]
    assert sorted(c["title"] for c in kazan) == ["Гамма", "Дельта"]
    assert {"title", "url", "lat", "lng", "type", "city"} <= set(kazan[0])
    assert isinstance(kazan[0]["lat"], float)
    assert bad.status_code == 400
    assert "atlantis" in bad.json()["errors"][0]


def test_index_page_shows_the_map_container_without_needing_it(client, three_cities, settings):
    settings.PORTAL_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    html = client.get(three_cities.url + "?sector=public").content.decode()

    assert 'data-tile-url="https://tiles.example.org/{z}/{x}/{y}.png"' in html
    assert "map/?sector=public" in html
    assert "vendor/leaflet/leaflet.js" in html
    assert "cdn" not in html.lower()


@pytest.fixture
def english(locales):
    return locales["en"]


def translate_centre(centre, locale, title, slug, summary, **fields):
    shadow = CentrePage(title=title, slug=slug, summary=summary, **fields)
    return translate_object(centre, locale, shadow)


def test_centre_renders_in_both_languages_with_localized_snippets(client, centre_index, english):
    space_type = SpaceTypeFactory(name="Библиотека", slug="library")
    translate_object(space_type, english, SpaceType(name="Library", slug="library"))
    city = CityFactory(name="Пермь", slug="perm", region="Пермский край")
    translate_object(city, english, City(name="Perm", slug="perm", region="Perm Krai"))
    centre = CentrePageFactory(
        parent=centre_index,
        title="Библиотека на окраине",
        summary="Районная библиотека.",
        space_type=space_type,
        city=city,
        address="ул. Ленина, 1",
        latitude="58.010500",
        longitude="56.250200",
    )
    index_en = translate_object(
        centre_index, english, CentreIndexPage(title="Spaces", slug="spaces")
    )
    centre_en = translate_centre(
        centre,
        english,
        "A library on the edge",
        "library-edge",
        "A district library.",
        address="1 Lenin St",
    )

    ru = client.get(centre.url).content.decode()
    en = client.get(centre_en.url).content.decode()
    en_index = client.get(index_en.url).content.decode()

    assert '<html lang="ru">' in ru and "Библиотека на окраине" in ru and "Пермский край" in ru
    assert '<html lang="en">' in en and "A library on the edge" in en
    assert "Perm Krai" in en and "Library" in en and "Пермь" not in en
    assert "A library on the edge" in en_index and "Perm" in en_index
    assert "Библиотека на окраине" not in en_index
    assert 'data-lat="58.010500"' in en
    assert "Checked on" in en


def test_json_ld_is_escaped(client, centre_index):
    centre = CentrePageFactory(
        parent=centre_index, title="</script><script>alert(1)</script>", summary="A & B <b>"
    )
    html = client.get(centre.url).content.decode()

    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(script)
    assert data["name"] == "</script><script>alert(1)</script>"
    assert "<" not in script and "&" not in script
    assert data["@type"] == ["Place", "Organization"]
    assert data["geo"]["@type"] == "GeoCoordinates"


def centre_json_ld(client, centre):
    return json_ld(client.get(centre.url).content.decode())


def test_json_ld_leaves_out_an_empty_street_address(client, centre_index):
    city = CityFactory(name="Пермь", region="Пермский край")
    with_street = CentrePageFactory(parent=centre_index, city=city, address="ул. Заречная, 12")
    city_only = CentrePageFactory(parent=centre_index, city=city, address="")
    nowhere = CentrePageFactory(parent=centre_index, city=None, address="")

    assert centre_json_ld(client, with_street)["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "ул. Заречная, 12",
        "addressLocality": "Пермь",
        "addressRegion": "Пермский край",
    }
    assert centre_json_ld(client, city_only)["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Пермь",
        "addressRegion": "Пермский край",
    }
    assert "address" not in centre_json_ld(client, nowhere)


def test_centre_lists_toolkits_and_news_in_the_readers_language(
    client, centre_index, toolkit_index, home, english
):
    centre = CentrePageFactory(parent=centre_index, title="Фабрика")
    toolkit = ToolkitPageFactory(
        parent=toolkit_index, title="Соседский фестиваль", centres=[centre]
    )
    ToolkitPageFactory(parent=toolkit_index, title="Чужой формат")
    news_index = NewsIndexPageFactory(parent=home)
    mention = NewsPageFactory(parent=news_index, title="Фабрика открыла двор")
    NewsPageRelatedPage.objects.create(page=mention, related=centre)
    NewsPageFactory(parent=news_index, title="Другая новость")

    centre_en = translate_centre(centre, english, "Fabrika", "fabrika", "A factory.")
    ru = client.get(centre.url).content.decode()

    assert "Соседский фестиваль" in ru and "Чужой формат" not in ru
    assert "Фабрика открыла двор" in ru and "Другая новость" not in ru
    en = client.get(centre_en.url).content.decode()
    assert "Соседский фестиваль" not in en  # no English version of the toolkit yet
    assert "Фабрика открыла двор" not in en  # nor of the news item

    translate_object(toolkit_index, english, ToolkitIndexPage(title="Formats", slug="formats"))
    link = toolkit.applied_at.get()
    shadow = ToolkitPage(
        title="Neighbourhood festival",
        slug="festival",
        promise="A promise.",
        goal="A goal.",
        applied_at=[
            ToolkitPageCentre(translation_key=link.translation_key, centre=centre, note="Done.")
        ],
    )
    toolkit_en = translate_object(toolkit, english, shadow)
    en = client.get(centre_en.url).content.decode()
    assert f'href="{toolkit_en.url}"' in en and "Neighbourhood festival" in en
    toolkit_html = client.get(toolkit_en.url).content.decode()
    # The English toolkit links to the English centre, with the translated note.
    assert f'href="{centre_en.url}"' in toolkit_html and "Done." in toolkit_html


def build_centres(index, count, people):
    city = CityFactory()
    space_type = SpaceTypeFactory()
    for _number in range(count):
        CentrePageFactory(parent=index, city=city, space_type=space_type)


def test_centre_index_query_count_does_not_grow(client, centre_index):
    build_centres(centre_index, 3, [])
    few = count_queries(client, centre_index.url + "?sector=ngo")
    build_centres(centre_index, 30, [])
    CityFactory()
    SpaceTypeFactory()
    many = count_queries(client, centre_index.url + "?sector=ngo")
    map_few = count_queries(client, centre_index.url + "map/")

    assert many == few
    build_centres(centre_index, 10, [])
    assert count_queries(client, centre_index.url + "map/") == map_few


def test_centre_page_query_count_does_not_grow_with_links(
    client, centre_index, toolkit_index, home
):
    news_index = NewsIndexPageFactory(parent=home)
    calendar = EventIndexPageFactory(parent=home)
    long_ago = timezone.localdate() - datetime.timedelta(days=400)

    def centre_with(links):
        centre = CentrePageFactory(
            parent=centre_index, city=CityFactory(), space_type=SpaceTypeFactory()
        )
        for number in range(links):
            ToolkitPageFactory(parent=toolkit_index, centres=[centre])
            news = NewsPageFactory(parent=news_index)
            NewsPageRelatedPage.objects.create(page=news, related=centre)
            person = PersonFactory()
            centre.contacts.create(person=person, sort_order=number)
            EventPageFactory(
                parent=calendar,
                venue=centre,
                city=CityFactory(),
                start_date=long_ago + datetime.timedelta(days=number),
            )
        return centre

    small = centre_with(1)
    big = centre_with(8)

    assert count_queries(client, big.url) == count_queries(client, small.url)


def admin_form(index, **fields):
    data = {
        "title": "Новый центр",
        "slug": "novyi-tsentr",
        "summary": "Коротко о центре.",
        "sector": "ngo",
        "links": streamfield([]),
        "gallery": streamfield([]),
        "body": streamfield([]),
        "contacts": inline_formset([]),
        "topics": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        ("91", "37.6", "latitude"),
        ("-90.5", "37.6", "latitude"),
        ("55.7", "181", "longitude"),
        ("55.7", "-180.01", "longitude"),
    ],
)
def test_admin_refuses_coordinates_out_of_range(
    superuser_client, centre_index, latitude, longitude, field
):
    url = reverse("wagtailadmin_pages:add", args=("resources", "centrepage", centre_index.pk))

    response = superuser_client.post(
        url, admin_form(centre_index, latitude=latitude, longitude=longitude)
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CentrePage.objects.filter(slug="novyi-tsentr").exists()


def test_admin_accepts_valid_coordinates_and_edit_refuses_bad_ones(superuser_client, centre_index):
    add = reverse("wagtailadmin_pages:add", args=("resources", "centrepage", centre_index.pk))
    response = superuser_client.post(
        add, admin_form(centre_index, latitude="55.7558", longitude="37.6173")
    )
    assert response.status_code == 302
    centre = CentrePage.objects.get(slug="novyi-tsentr")

    edit = reverse("wagtailadmin_pages:edit", args=(centre.pk,))
    response = superuser_client.post(edit, admin_form(centre_index, latitude="100", longitude="0"))

    assert response.status_code == 200
    assert "latitude" in response.context["form"].errors


@pytest.mark.parametrize(
    ("latitude", "longitude", "missing"),
    [("55.7558", "", "longitude"), ("", "37.6173", "latitude")],
)
def test_admin_refuses_half_a_coordinate_pair(
    superuser_client, centre_index, latitude, longitude, missing
):
    add = reverse("wagtailadmin_pages:add", args=("resources", "centrepage", centre_index.pk))

    response = superuser_client.post(
        add, admin_form(centre_index, latitude=latitude, longitude=longitude)
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    # The admin speaks the site's default language, Russian.
    assert errors[missing] == [
        "Укажите и широту, и долготу или оставьте оба поля пустыми: карте нужны обе координаты."
    ]
    assert not CentrePage.objects.filter(slug="novyi-tsentr").exists()

    centre = CentrePageFactory(parent=centre_index, latitude="55.7", longitude="37.6")
    edit = reverse("wagtailadmin_pages:edit", args=(centre.pk,))
    response = superuser_client.post(
        edit,
        admin_form(centre_index, slug=centre.slug, latitude=latitude, longitude=longitude),
    )
    assert response.status_code == 200
    assert missing in response.context["form"].errors
    centre.refresh_from_db()
    assert (str(centre.latitude), str(centre.longitude)) == ("55.700000", "37.600000")
    assert not centre.revisions.exists()  # not even a draft was saved


def test_admin_accepts_a_centre_without_coordinates(superuser_client, centre_index):
    add = reverse("wagtailadmin_pages:add", args=("resources", "centrepage", centre_index.pk))

    response = superuser_client.post(add, admin_form(centre_index, latitude="", longitude=""))

    assert response.status_code == 302
    assert not CentrePage.objects.get(slug="novyi-tsentr").has_coordinates


JUNK = [
    "space_type=%00",
    "sector=" + "x" * 5000,
    "city[]=moscow",
    "region=%D0",
    "sort=",
    "page=1e9",
    "city=moscow&city=kazan",
    "space_type='%20OR%201=1--",
    "%ff%fe=1",
]


@pytest.mark.parametrize("query", JUNK)
def test_junk_queries_never_give_a_server_error(client, three_cities, toolkit_index, query):
    for url in (three_cities.url, three_cities.url + "map/", toolkit_index.url):
        response = client.get(f"{url}?{query}")
        assert response.status_code in (200, 400), (url, query, response.status_code)


def test_english_map_json_uses_english_names_and_urls(client, centre_index, english):
    space_type = SpaceTypeFactory(name="Музей", slug="museum")
    translate_object(space_type, english, SpaceType(name="Museum", slug="museum"))
    city = CityFactory(name="Красноярск", slug="krasnoyarsk", region="Красноярский край")
    translate_object(
        city, english, City(name="Krasnoyarsk", slug="krasnoyarsk", region="Krasnoyarsk Krai")
    )
    centre = CentrePageFactory(parent=centre_index, space_type=space_type, city=city)
    index_en = translate_object(
        centre_index, english, CentreIndexPage(title="Spaces", slug="spaces")
    )
    centre_en = translate_centre(centre, english, "Museum lab", "museum-lab", "A museum.")

    markers = client.get(index_en.url + "map/?space_type=museum&region=Krasnoyarsk Krai").json()

    assert markers["centres"] == [
        {
            "title": "Museum lab",
            "url": centre_en.url,
            "lat": float(centre.latitude),
            "lng": float(centre.longitude),
            "type": "Museum",
            "city": "Krasnoyarsk",
        }
    ]
