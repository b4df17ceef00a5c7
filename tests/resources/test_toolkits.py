import io
import json
import re
import zipfile

from django.urls import reverse

from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

import pytest

from portal.models import Format
from portal.translation.translate import translate_object
from resources.models import ToolkitIndexPage, ToolkitPage
from tests.factories.portal import CityFactory, FormatFactory
from tests.factories.resources import (
    CentreIndexPageFactory,
    CentrePageFactory,
    ToolkitPageFactory,
    make_document,
    steps,
)
from tests.helpers import count_queries

from .test_centres import facet_counts, titles


@pytest.fixture
def formats(toolkit_index):
    festival = FormatFactory(name="Фестиваль", slug="festival")
    meeting = FormatFactory(name="Соседская встреча", slug="meeting")
    make = ToolkitPageFactory
    make(
        parent=toolkit_index,
        title="А: двор",
        format_type=meeting,
        audience="residents",
        difficulty="easy",
        budget_min=0,
        budget_max=20_000,
    )
    make(
        parent=toolkit_index,
        title="Б: фестиваль",
        format_type=festival,
        audience="youth",
        difficulty="hard",
        budget_min=200_000,
        budget_max=1_000_000,
    )
    make(
        parent=toolkit_index,
        title="В: встреча",
        format_type=meeting,
        audience="seniors",
        difficulty="easy",
        budget_min=30_000,
        budget_max=100_000,
    )
    make(
        parent=toolkit_index,
        title="Г: без бюджета",
        format_type=festival,
        audience="residents",
        difficulty="medium",
        budget_min=None,
        budget_max=None,
    )
    make(parent=toolkit_index, title="Черновик", format_type=festival, live=False)
    return toolkit_index


def test_toolkit_index_counts_every_facet(client, formats):
    html = client.get(formats.url).content.decode()

    assert titles(html) == ["А: двор", "Б: фестиваль", "В: встреча", "Г: без бюджета"]
    assert facet_counts(html, "format") == {"festival": 2, "meeting": 2}
    assert facet_counts(html, "audience") == {"residents": 2, "youth": 1, "seniors": 1}
    assert facet_counts(html, "budget") == {"small": 2, "medium": 2, "large": 1}
    assert facet_counts(html, "difficulty") == {"easy": 2, "hard": 1, "medium": 1}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("format=meeting", ["А: двор", "В: встреча"]),
        ("audience=residents", ["А: двор", "Г: без бюджета"]),
        ("budget=small", ["А: двор", "В: встреча"]),
        ("budget=medium", ["Б: фестиваль", "В: встреча"]),
        ("budget=large", ["Б: фестиваль"]),
        ("difficulty=easy", ["А: двор", "В: встреча"]),
        ("format=festival&difficulty=hard", ["Б: фестиваль"]),
    ],
)
def test_each_toolkit_filter(client, formats, query, expected):
    assert titles(client.get(f"{formats.url}?{query}").content.decode()) == expected


def test_facet_counts_respect_the_other_filters(client, formats):
    html = client.get(formats.url + "?format=meeting").content.decode()

    assert facet_counts(html, "format") == {"festival": 2, "meeting": 2}
    assert facet_counts(html, "budget") == {"small": 2, "medium": 1}
    assert facet_counts(html, "audience") == {"residents": 1, "seniors": 1}


@pytest.mark.parametrize(
    "query",
    ["format=nope", "audience=aliens", "budget=huge", "difficulty=%00", "page=abc&budget=x"],
)
def test_bad_toolkit_filters_are_a_400_with_a_message(client, formats, query):
    response = client.get(f"{formats.url}?{query}")

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()


def test_toolkit_renders_in_both_languages(client, toolkit_index, locales):
    festival = FormatFactory(name="Фестиваль", slug="fest")
    translate_object(festival, locales["en"], Format(name="Festival", slug="fest"))
    toolkit = ToolkitPageFactory(
        parent=toolkit_index,
        title="Соседский фестиваль",
        promise="Праздник двора.",
        goal="Познакомить соседей.",
        format_type=festival,
        duration="",
        team_size="",
    )
    index_en = translate_object(
        toolkit_index, locales["en"], ToolkitIndexPage(title="Formats", slug="formats")
    )
    toolkit_en = translate_object(
        toolkit,
        locales["en"],
        ToolkitPage(
            title="Neighbourhood festival",
            slug="festival",
            promise="A courtyard party.",
            goal="Meet neighbours.",
        ),
    )

    ru = client.get(toolkit.url).content.decode()
    en = client.get(toolkit_en.url).content.decode()
    en_index = client.get(index_en.url).content.decode()

    assert '<html lang="ru">' in ru and "Праздник двора." in ru and "Фестиваль" in ru
    assert '<html lang="en">' in en and "A courtyard party." in en and "Festival" in en
    assert "Фестиваль" not in en
    assert "Neighbourhood festival" in en_index and "Соседский" not in en_index
    assert titles(client.get(index_en.url + "?format=fest").content.decode()) == [
        "Neighbourhood festival"
    ]


def test_how_to_json_ld_lists_the_steps(client, toolkit_index):
    toolkit = ToolkitPageFactory(
        parent=toolkit_index, steps=steps(3), budget_min=1000, budget_max=5000
    )
    html = client.get(toolkit.url).content.decode()

    script = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(script)
    assert data["@type"] == "HowTo"
    assert [step["name"] for step in data["step"]] == ["Шаг 1", "Шаг 2", "Шаг 3"]
    assert data["step"][0]["text"] == "Описание шага 1."
    assert data["estimatedCost"]["maxValue"] == 5000


def test_print_view_has_steps_and_no_navigation(client, toolkit_index):
    toolkit = ToolkitPageFactory(parent=toolkit_index, title="Печать", steps=steps(2))

    response = client.get(toolkit.url + "print/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Пункт 2.2" in html and "toolkit_print.css" in html
    assert "main-nav" not in html and "site-header" not in html
    assert re.findall(r"<h1[ >]", html) == ["<h1>"]
    detail = client.get(toolkit.url).content.decode()
    assert f'href="{toolkit.url}print/"' in detail


def test_materials_zip_holds_exactly_the_public_documents(client, toolkit_index):
    private = Collection.get_first_root_node().add_child(name="Внутреннее")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    secret_child = private.add_child(name="Вложенная")
    checklist = make_document("Чек-лист", "checklist.txt", b"one\ntwo\n")
    template = make_document("Шаблон", "template.txt", b"template")
    secret = make_document("Смета", "budget.txt", b"secret", private)
    nested_secret = make_document("Договор", "contract.txt", b"secret", secret_child)
    make_document("Чужой", "other.txt", b"other")
    toolkit = ToolkitPageFactory(
        parent=toolkit_index, documents=[checklist, secret, template, nested_secret]
    )

    page = client.get(toolkit.url).content.decode()
    response = client.get(toolkit.url + "materials/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    names = sorted(archive.namelist())
    assert names == ["Чек-лист.txt", "Шаблон.txt"]
    assert archive.read("Чек-лист.txt") == b"one\ntwo\n"
    assert "Чек-лист" in page and "Смета" not in page and "Договор" not in page


def test_materials_zip_is_404_without_public_documents(client, toolkit_index):
    toolkit = ToolkitPageFactory(parent=toolkit_index)
    assert client.get(toolkit.url + "materials/").status_code == 404


def unzip(response):
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_materials_zip_names_are_distinct_and_safe(client, toolkit_index, tmp_path):
    plan = make_document("План", "plan.txt", b"first plan")
    # A second document row on the very same stored file: same file name, same title.
    same_file = Document(title="План", collection=plan.collection, file=plan.file.name)
    same_file.save()
    hostile = [
        make_document(title, "notes.txt", title.encode())
        for title in (
            "../../etc/passwd",
            "/абсолютный/путь",
            "C:\\Windows\\system32",
            "..",
            "  . скрытый",
            "план",  # differs from «План» only in case: clashes on Windows and macOS
            "Смета: «итог» 2024?",
        )
    ]
    toolkit = ToolkitPageFactory(parent=toolkit_index, documents=[plan, same_file, *hostile])

    archive = unzip(client.get(toolkit.url + "materials/"))
    names = archive.namelist()

    assert len(names) == 9
    assert len({name.casefold() for name in names}) == 9
    for name in names:
        assert "/" not in name and "\\" not in name and ":" not in name, name
        assert ".." not in name and not name.startswith((".", " ")), name
    assert names[:2] == ["План.txt", "План-2.txt"]
    assert archive.read("План-2.txt") == b"first plan"
    assert "Смета- «итог» 2024.txt" in names  # non-ASCII kept, stored as UTF-8 names
    assert all(info.flag_bits & 0x800 for info in archive.infolist() if not info.filename.isascii())
    archive.extractall(tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(names)


def test_materials_zip_skips_documents_missing_from_storage(client, toolkit_index):
    kept = make_document("Остался", "kept.txt", b"kept")
    lost = make_document("Потерян", "lost.txt", b"lost")
    lost.file.storage.delete(lost.file.name)
    toolkit = ToolkitPageFactory(parent=toolkit_index, documents=[lost, kept])

    assert client.get(toolkit.url).status_code == 200
    archive = unzip(client.get(toolkit.url + "materials/"))
    assert archive.namelist() == ["Остался.txt"]
    assert archive.read("Остался.txt") == b"kept"

    # An archive records the files as they were when it was built; with none of them found
    # there is nothing to download.
    gone = make_document("Пропал", "gone.txt", b"gone")
    gone.file.storage.delete(gone.file.name)
    empty = ToolkitPageFactory(parent=toolkit_index, documents=[gone, lost])
    assert client.get(empty.url + "materials/").status_code == 404


def admin_form(**fields):
    data = {
        "title": "Новый формат",
        "slug": "novyi-format",
        "promise": "Обещание.",
        "goal": "Цель.",
        "audience": "residents",
        "difficulty": "easy",
        "steps": streamfield([]),
        "risks": streamfield([]),
        "materials": inline_formset([]),
        "applied_at": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def test_admin_refuses_a_budget_whose_minimum_exceeds_its_maximum(superuser_client, toolkit_index):
    add = reverse("wagtailadmin_pages:add", args=("resources", "toolkitpage", toolkit_index.pk))

    response = superuser_client.post(add, admin_form(budget_min="50000", budget_max="10000"))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "budget_min" in errors and "budget_max" in errors
    assert not ToolkitPage.objects.filter(slug="novyi-format").exists()

    response = superuser_client.post(add, admin_form(budget_min="10000", budget_max="50000"))
    assert response.status_code == 302
    toolkit = ToolkitPage.objects.get(slug="novyi-format")
    edit = reverse("wagtailadmin_pages:edit", args=(toolkit.pk,))
    response = superuser_client.post(edit, admin_form(budget_min="90000", budget_max="10000"))
    assert response.status_code == 200
    assert "budget_max" in response.context["form"].errors


def build_toolkits(index, count, step_count, centres):
    for _number in range(count):
        ToolkitPageFactory(
            parent=index, steps=steps(step_count), centres=centres, format_type=FormatFactory()
        )


def test_toolkit_index_query_count_does_not_grow(client, toolkit_index):
    build_toolkits(toolkit_index, 3, 1, [])
    few = count_queries(client, toolkit_index.url + "?difficulty=easy")
    build_toolkits(toolkit_index, 30, 2, [])

    assert count_queries(client, toolkit_index.url + "?difficulty=easy") == few


def test_toolkit_page_query_count_does_not_grow(client, toolkit_index, centre_index):
    small = ToolkitPageFactory(
        parent=toolkit_index,
        steps=steps(1),
        centres=[CentrePageFactory(parent=centre_index)],
        documents=[make_document("Один", "one.txt", b"1")],
    )
    big = ToolkitPageFactory(
        parent=toolkit_index,
        steps=steps(12),
        centres=[CentrePageFactory(parent=centre_index) for _ in range(8)],
        documents=[make_document(f"Док {n}", f"d{n}.txt", b"x") for n in range(6)],
    )

    assert count_queries(client, big.url) == count_queries(client, small.url)
    assert count_queries(client, big.url + "print/") == count_queries(client, small.url + "print/")


def test_editor_adds_a_toolkit_applied_at_a_centre_through_the_admin(
    superuser_client, toolkit_index, centre_index
):
    centre = CentrePageFactory(parent=centre_index, title="Центр на Садовой")
    add = reverse("wagtailadmin_pages:add", args=("resources", "toolkitpage", toolkit_index.pk))

    response = superuser_client.post(
        add,
        admin_form(
            budget_min="0",
            budget_max="10000",
            steps=streamfield(
                [
                    (
                        "step",
                        {
                            "title": "Позовите соседей",
                            "description": rich_text("<p>Текст</p>"),
                            "duration": "",
                            "checklist": streamfield([]),
                            "tips": "",
                        },
                    )
                ]
            ),
            applied_at=inline_formset([{"centre": centre.pk, "note": "Пришли сорок человек."}]),
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    toolkit = ToolkitPage.objects.get(slug="novyi-format")
    link = toolkit.applied_at.get()
    assert (link.centre_id, link.note, link.locale_id) == (
        centre.pk,
        "Пришли сорок человек.",
        toolkit.locale_id,
    )


def test_applied_centres_cost_the_same_queries_for_one_or_six_cities(
    client, toolkit_index, centre_index
):
    def centres(count):
        return [CentrePageFactory(parent=centre_index, city=CityFactory()) for _ in range(count)]

    one = ToolkitPageFactory(parent=toolkit_index, centres=centres(1))
    six = ToolkitPageFactory(parent=toolkit_index, centres=centres(6))

    html = client.get(six.url).content.decode()
    assert html.count('class="applied-centre"') == 6
    assert count_queries(client, six.url) == count_queries(client, one.url)


def test_applied_centres_leave_out_drafts_and_private_centres(client, toolkit_index, centre_index):
    shown = CentrePageFactory(parent=centre_index, title="Открытый центр")
    draft = CentrePageFactory(parent=centre_index, title="Черновик центра", live=False)
    private = CentrePageFactory(parent=centre_index, title="Закрытый центр")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    hidden_index = CentreIndexPageFactory(parent=toolkit_index.get_parent(), slug="skrytye")
    PageViewRestriction.objects.create(page=hidden_index, restriction_type="password", password="x")
    in_private_section = CentrePageFactory(parent=hidden_index, title="Центр в закрытом разделе")
    toolkit = ToolkitPageFactory(
        parent=toolkit_index, centres=[draft, private, shown, in_private_section]
    )

    html = client.get(toolkit.url).content.decode()

    assert "Открытый центр" in html and f'href="{shown.url}"' in html
    for centre in (draft, private, in_private_section):
        assert centre.title not in html
        assert f'href="{centre.url}"' not in html
