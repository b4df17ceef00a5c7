import datetime

from django.urls import reverse
from django.utils import timezone

from tests.factories.resources import CentrePageFactory, ToolkitPageFactory


def test_report_lists_stale_and_unchecked_resources_only(
    superuser_client, centre_index, toolkit_index
):
    today = timezone.localdate()
    CentrePageFactory(
        parent=centre_index, title="Давно проверенный", checked_on=today - datetime.timedelta(400)
    )
    CentrePageFactory(parent=centre_index, title="Свежий центр", checked_on=today)
    CentrePageFactory(parent=centre_index, title="Никогда не проверяли", checked_on=None)
    ToolkitPageFactory(
        parent=toolkit_index, title="Старый формат", checked_on=today - datetime.timedelta(366)
    )
    ToolkitPageFactory(
        parent=toolkit_index, title="Новый формат", checked_on=today - datetime.timedelta(30)
    )

    response = superuser_client.get(reverse("resources_stale_report"))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Давно проверенный" in html and "Никогда не проверяли" in html
    assert "Старый формат" in html
    assert "Свежий центр" not in html and "Новый формат" not in html
    assert html.index("Никогда не проверяли") < html.index("Давно проверенный")


def test_report_is_in_the_reports_menu_and_closed_to_anonymous(superuser_client, client, db):
    menu = superuser_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("resources_stale_report") in menu

    client.logout()
    response = client.get(reverse("resources_stale_report"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
