"""The calendar's listings: upcoming and past, the languages, the filters and free-text search,
and bad or odd query strings."""

import datetime
import re

from django.db import connection

import pytest

from portal.models import City, Format, Topic
from portal.translation.translate import translate_object
from tests.factories.events import EventPageFactory, translate_event
from tests.factories.news import TopicFactory
from tests.factories.portal import CityFactory, FormatFactory
from tests.helpers import parse_ics, vevents


def test_upcoming_and_past_are_decided_by_the_end_of_the_occurrence(client, index, index_en):
    EventPageFactory(parent=index, title="Будущее", start_date=datetime.date(2026, 12, 1))
    EventPageFactory(parent=index, title="Прошедшее", start_date=datetime.date(2026, 11, 1))
    EventPageFactory(
        parent=index,
        title="Идущий фестиваль",
        start_date=datetime.date(2026, 11, 23),
        end_date=datetime.date(2026, 11, 25),
        start_time=None,
    )
    # Ends at 13:00 Moscow time, two hours before "now" (15:00 Moscow).
    EventPageFactory(
        parent=index,
        title="Утренний семинар",
        start_date=datetime.date(2026, 11, 24),
        start_time=datetime.time(10),
        end_time=datetime.time(13),
    )

    upcoming = client.get("/ru/afisha/").content.decode()
    past = client.get("/ru/afisha/past/").content.decode()

    assert "Будущее" in upcoming and "Идущий фестиваль" in upcoming
    assert "badge--now" in upcoming
    assert "Прошедшее" not in upcoming and "Утренний семинар" not in upcoming
    assert "Прошедшее" in past and "Утренний семинар" in past
    assert "Идущий фестиваль" not in past and "Будущее" not in past
    for url in (index_en.url, index_en.url + "past/", index_en.url + "?month=2026-11"):
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="en">' in response.content.decode()
        assert "Будущее" not in response.content.decode()  # only English events under /en/


def test_english_calendar_lists_translated_events_with_english_city(
    client, index, index_en, locales, moscow
):
    translate_object(moscow, locales["en"], City(name="Moscow", slug="moscow-t"))
    page = EventPageFactory(parent=index, title="Лекция о дворах", city=moscow)
    translate_event(page, locales["en"], "A talk on courtyards", slug="yards", summary="Yards.")
    EventPageFactory(parent=index, title="Только по-русски")

    html = client.get(index_en.url).content.decode()

    assert "A talk on courtyards" in html and "Only" not in html
    assert "Только по-русски" not in html
    assert "Moscow" in html and "Москва" not in html
    assert "Dec. 4, 2026, 7 p.m.–9 p.m." in html


def test_drafts_private_and_other_languages_stay_out_of_every_listing(client, index, index_en):
    from wagtail.models import PageViewRestriction

    EventPageFactory(parent=index, title="Открытое событие")
    EventPageFactory(parent=index, title="Черновик события", live=False)
    private = EventPageFactory(parent=index, title="Закрытое событие")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    urls = ["/ru/afisha/", "/ru/afisha/?month=2026-12", "/ru/afisha/?q=событие", "/ru/"]
    for url in urls:
        html = client.get(url).content.decode()
        assert "Открытое событие" in html, url
        assert "Черновик события" not in html and "Закрытое событие" not in html, url
    feed = parse_ics(client.get("/ru/afisha/ics/"))
    assert [str(e["summary"]) for e in vevents(feed)] == ["Открытое событие"]
    assert vevents(parse_ics(client.get(index_en.url + "ics/"))) == []


def test_home_shows_the_next_events(client, index):
    EventPageFactory(parent=index, title="Ближайшее событие")
    EventPageFactory(parent=index, title="Давнее событие", start_date=datetime.date(2025, 1, 1))

    html = client.get("/ru/").content.decode()

    assert "Ближайшее событие" in html and "Давнее событие" not in html


def test_filters_combine_and_the_feed_agrees(client, index):
    kazan = CityFactory(name="Казань", slug="kazan-t")
    workshop = FormatFactory(name="Мастерская", slug="workshop-t")
    lecture = FormatFactory(name="Лекция", slug="lecture-t")
    topic = TopicFactory(name="Город", slug="city-topic")
    EventPageFactory(
        parent=index,
        title="Бесплатная мастерская в Казани",
        city=kazan,
        event_format=workshop,
        topics=[topic],
    )
    EventPageFactory(
        parent=index,
        title="Платная мастерская в Казани",
        city=kazan,
        event_format=workshop,
        is_free=False,
        price_note="500 ₽",
    )
    EventPageFactory(parent=index, title="Лекция в Казани", city=kazan, event_format=lecture)
    EventPageFactory(
        parent=index,
        title="Мастерская онлайн",
        event_format=workshop,
        online_url="https://example.org/live",
        place_name="",
    )
    EventPageFactory(
        parent=index,
        title="Мастерская в прошлом",
        city=kazan,
        event_format=workshop,
        start_date=datetime.date(2026, 1, 1),
    )

    query = "city=kazan-t&format=workshop-t&free=on"
    html = client.get(f"/ru/afisha/?{query}").content.decode()
    cal = parse_ics(client.get(f"/ru/afisha/ics/?{query}"))

    assert "Бесплатная мастерская в Казани" in html
    for absent in ("Платная", "Лекция в Казани", "Мастерская онлайн", "Мастерская в прошлом"):
        assert absent not in html
    assert [str(e["summary"]) for e in vevents(cal)] == ["Бесплатная мастерская в Казани"]
    assert "Казань (2)" in client.get("/ru/afisha/?format=workshop-t").content.decode()
    assert f"webcal://testserver/ru/afisha/ics/?{query.replace('&', '&amp;')}" in html.replace(
        "city=kazan-t&amp;format", "city=kazan-t&amp;format"
    )

    online = client.get("/ru/afisha/?online=on").content.decode()
    assert "Мастерская онлайн" in online and "Лекция в Казани" not in online
    topical = client.get("/ru/afisha/?topic=city-topic").content.decode()
    assert "Бесплатная мастерская" in topical and "Лекция в Казани" not in topical
    dated = client.get("/ru/afisha/?from=2026-12-05&to=2026-12-31").content.decode()
    assert "Бесплатная мастерская" not in dated


def test_free_text_search_finds_events_in_the_readers_language(client, index):
    EventPageFactory(parent=index, title="Фестиваль соседей", summary="Праздник двора.")
    EventPageFactory(parent=index, title="Лекция о музеях", summary="Про фонды.")

    html = client.get("/ru/afisha/?q=Фестиваль").content.decode()

    assert "Фестиваль соседей" in html and "Лекция о музеях" not in html


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")
def test_search_understands_russian_word_forms(client, index):
    EventPageFactory(parent=index, title="Фестиваль соседей", summary="Праздники во дворах.")

    assert "Фестиваль соседей" in client.get("/ru/afisha/?q=соседи").content.decode()
    assert "Фестиваль соседей" in client.get("/ru/afisha/?q=праздник двор").content.decode()


def test_english_calendar_filters_by_english_city_format_and_topic(
    client, index, index_en, locales
):
    en = locales["en"]
    kazan = CityFactory(name="Казань", slug="kazan-t", region="")
    perm = CityFactory(name="Пермь", slug="perm-t", region="")
    workshop = FormatFactory(name="Мастерская", slug="workshop-t")
    lecture = FormatFactory(name="Лекция", slug="lecture-t")
    topic = TopicFactory(name="Городская среда", slug="urban-t")
    translate_object(kazan, en, City(name="Kazan", slug="kazan-t"))
    translate_object(perm, en, City(name="Perm", slug="perm-t"))
    translate_object(workshop, en, Format(name="Workshop", slug="workshop-t"))
    translate_object(lecture, en, Format(name="Talk", slug="lecture-t"))
    translate_object(topic, en, Topic(name="Urban environment", slug="urban-t"))
    for title, title_en, city, event_format, topics in (
        ("Мастерская в Казани", "Workshop in Kazan", kazan, workshop, [topic]),
        ("Лекция в Казани", "Talk in Kazan", kazan, lecture, []),
        ("Мастерская в Перми", "Workshop in Perm", perm, workshop, []),
    ):
        page = EventPageFactory(
            parent=index, title=title, city=city, event_format=event_format, topics=topics
        )
        translate_event(page, en, title_en)

    def titles(query):
        response = client.get(f"{index_en.url}?{query}")
        assert response.status_code == 200, query
        html = response.content.decode()
        assert "Мастерская" not in html and "Казань" not in html  # all English
        return {t for t in ("Workshop in Kazan", "Talk in Kazan", "Workshop in Perm") if t in html}

    assert titles("city=kazan-t") == {"Workshop in Kazan", "Talk in Kazan"}
    assert titles("format=workshop-t") == {"Workshop in Kazan", "Workshop in Perm"}
    assert titles("topic=urban-t") == {"Workshop in Kazan"}
    assert titles("city=kazan-t&format=workshop-t") == {"Workshop in Kazan"}
    # The facets are named and counted in English.
    html = client.get(f"{index_en.url}?format=workshop-t").content.decode()
    assert "Kazan (1)" in html and "Perm (1)" in html
    assert re.search(r'value="workshop-t" selected>Workshop \(2\)', html)
    # The filtered feed agrees with the page and is named in English.
    feed = parse_ics(client.get(f"{index_en.url}ics/?city=kazan-t&topic=urban-t"))
    assert [str(e["summary"]) for e in vevents(feed)] == ["Workshop in Kazan"]
    assert str(feed["x-wr-calname"]) == "Events: Kazan, Urban environment"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("month=2017-13", "YYYY-MM"),
        ("month=abc", "YYYY-MM"),
        ("from=yesterday", "YYYY-MM-DD"),
        ("to=2026-02-30", "YYYY-MM-DD"),
        ("from=2026-12-10&to=2026-12-01", "before its start"),
        ("q=" + "а" * 2000, "too long"),
        ("city=atlantis", "no such city"),
        ("format=%00", ""),
        ("topic=nope", "no such topic"),
    ],
)
def test_bad_parameters_are_a_400_with_a_message(client, index, index_en, query, message):
    for url in ("/ru/afisha/", "/ru/afisha/past/", "/ru/afisha/ics/", "/en/events/"):
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url
        assert 'role="alert"' in response.content.decode()
    assert message.lower() in response.content.decode().lower()


@pytest.mark.parametrize(
    ("query", "russian", "english"),
    [
        ("month=2017-13", "Укажите месяц в виде ГГГГ-ММ", "Give the month as YYYY-MM"),
        ("from=yesterday", "Укажите даты в виде ГГГГ-ММ-ДД", "Give dates as YYYY-MM-DD"),
        (
            "q=" + "z" * 2000,
            "Слишком длинный текст для поиска: не больше 200 символов.",
            "The search text is too long: 200 characters at most.",
        ),
    ],
)
def test_bad_parameters_are_explained_in_the_readers_language(
    client, index, index_en, query, russian, english
):
    ru = client.get(f"/ru/afisha/?{query}")
    en = client.get(f"{index_en.url}?{query}")

    assert ru.status_code == en.status_code == 400
    ru_html, en_html = ru.content.decode(), en.content.decode()
    assert 'class="form-errors" role="alert"' in ru_html
    assert "Эти фильтры применить нельзя:" in ru_html and russian in ru_html
    assert english not in ru_html
    assert "These filters cannot be applied:" in en_html and english in en_html
    assert russian not in en_html
    # The 400 is the calendar page with its filter form, the message beside the field.
    for html, message in ((ru_html, russian), (en_html, english)):
        assert 'class="event-filters"' in html
        assert re.search(r'<ul class="field-errors" id="id_\w+_error"><li>[^<]*' + message, html)


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=99999",
        "page=-1",
        "q=-Data",
        "q=Data-X.2",
        "q=%5C",
        "q=%26%7C%21%3A%2A%28%29%27%22",
        "q=%00",
        "q=и",
        "q=🎉",
    ],
)
def test_odd_but_harmless_parameters_give_a_page(client, index, query):
    EventPageFactory(parent=index, title="Единственное событие")
    for url in ("/ru/afisha/", "/ru/afisha/past/", "/en/"):
        assert client.get(f"{url}?{query}").status_code == 200


def test_random_query_strings_never_crash_a_listing(client, index):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    EventPageFactory(parent=index, title="Событие")
    keys = st.sampled_from(
        ["q", "from", "to", "city", "format", "topic", "free", "online", "month", "page", "x"]
    )
    values = st.text(max_size=40)

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.dictionaries(keys, values, max_size=4), st.sampled_from(["", "past/", "ics/"]))
    def check(params, route):
        response = client.get(f"/ru/afisha/{route}", params)
        assert response.status_code in (200, 400)

    check()


def test_a_long_calendar_search_says_it_kept_only_the_first_words(client, index, index_en):
    words = " ".join(f"слово{number}" for number in range(20))
    ru = client.get(index.url, {"q": words})
    en = client.get(index_en.url, {"q": words})
    assert ru.status_code == en.status_code == 200
    assert "поэтому мы поискали только по первым словам" in ru.content.decode()
    assert "so we searched for its first words only" in en.content.decode()
    short = client.get(index.url, {"q": "слово1 слово2"}).content.decode()
    assert "по первым словам" not in short
