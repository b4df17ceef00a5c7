"""The dashboard's centres and toolkits to check: live Russian pages whose facts are due a
check or whose public pages lack something they rely on, each with its reasons, for those
who may edit them."""

import datetime

from django.urls import reverse

import pytest
import time_machine
import wagtail_factories
from bs4 import BeautifulSoup

from portal.translation.translate import translate_object
from resources.models import CentreIndexPage, CentrePage, ToolkitIndexPage, ToolkitPage
from tests.factories.portal import CityFactory, FormatFactory
from tests.factories.resources import CentrePageFactory, ToolkitPageFactory
from tests.team import make_team

TODAY = datetime.date(2026, 11, 24)


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(datetime.datetime(2026, 11, 24, 9, tzinfo=datetime.UTC)):
        yield


@pytest.fixture
def team(db, django_user_model, centre_index, toolkit_index):
    return make_team(django_user_model)  # after the sections, so the rights reach them


def panel(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="resources-to-check-section")


def rows(section):
    return {
        cells[0].get_text(strip=True): cells[3].get_text(strip=True)
        for cells in (row.find_all("td") for row in section.select("tbody tr"))
    }


@pytest.fixture
def english_indexes(centre_index, toolkit_index, locales):
    translate_object(centre_index, locales["en"], CentreIndexPage(title="Spaces", slug="spaces"))
    translate_object(toolkit_index, locales["en"], ToolkitIndexPage(title="Formats", slug="f"))


def complete_centre(centre_index, title, **fields):
    """A centre with all its public page relies on, checked today."""
    values = {
        "lead_image": wagtail_factories.ImageFactory(),
        "lead_image_alt": "Фасад",
        "city": CityFactory(),
        "checked_on": TODAY,
        **fields,
    }
    return CentrePageFactory(parent=centre_index, title=title, **values)


def in_english(page, locales, publish=True):
    if isinstance(page, CentrePage):
        shadow = CentrePage(
            title="In English", slug=f"en-{page.pk}", summary="A centre.", lead_image_alt="Front"
        )
    else:
        shadow = ToolkitPage(title="In English", slug=f"en-{page.pk}", promise="P.", goal="G.")
        if page.lead_image_alt:
            shadow.lead_image_alt = "Picture"
    return translate_object(page, locales["en"], shadow, publish=publish)


def test_a_site_manager_sees_each_page_to_check_with_its_reasons(
    client, team, centre_index, toolkit_index, english_indexes, locales
):
    in_english(complete_centre(centre_index, "Всё в порядке"), locales)
    in_english(complete_centre(centre_index, "Не проверяли", checked_on=None), locales)
    in_english(
        complete_centre(
            centre_index,
            "Давно и без карты",
            checked_on=TODAY - datetime.timedelta(days=400),
            lead_image=None,
            lead_image_alt="",
            latitude=None,
            longitude=None,
            city=None,
        ),
        locales,
        publish=False,
    )
    toolkit = ToolkitPageFactory(
        parent=toolkit_index,
        title="Формат без подписи",
        lead_image=wagtail_factories.ImageFactory(),
        checked_on=TODAY - datetime.timedelta(days=30),
    )
    CentrePageFactory(parent=centre_index, title="Черновик центра", live=False, checked_on=None)

    section = panel(client, team.manager)

    assert section.find(class_="w-panel__heading").get_text(strip=True) == (
        "Центры и форматы на проверку (3)"
    )
    found = rows(section)
    assert list(found) == ["Не проверяли", "Давно и без карты", "Формат без подписи"]
    assert found["Не проверяли"] == "Ни разу не проверялось"
    assert found["Давно и без карты"] == (
        "Не проверялось больше года; Нет главного изображения; "
        "Нет координат: не видно на карте; Не указан город; Английская версия не опубликована"
    )
    assert found["Формат без подписи"] == (
        "У главного изображения нет альтернативного текста; Не указан тип формата; "
        "Нет английской версии"
    )
    assert section.find("a", href=reverse("wagtailadmin_pages:edit", args=[toolkit.pk]))
    report = section.find("a", href=reverse("resources_stale_report"))
    assert client.get(report["href"]).status_code == 200


def test_the_panel_is_for_those_who_may_edit_the_pages(
    client, team, centre_index, django_user_model
):
    CentrePageFactory(parent=centre_index, title="Без картинки")
    assert panel(client, team.editor) is not None  # edits the Russian tree
    assert panel(client, team.translator) is None  # edits the English tree only
    assert panel(client, team.manager) is not None


def test_a_toolkit_with_everything_is_not_listed(
    client, team, toolkit_index, english_indexes, locales
):
    toolkit = ToolkitPageFactory(
        parent=toolkit_index,
        title="Полный формат",
        lead_image=wagtail_factories.ImageFactory(),
        lead_image_alt="Люди за столом",
        format_type=FormatFactory(),
        checked_on=TODAY,
    )
    in_english(toolkit, locales)
    assert panel(client, team.manager) is None
