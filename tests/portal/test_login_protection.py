"""Lockouts after failed sign-ins, their unlock by a site manager, and the limit on password
reset requests: through the real login views of the admin and of private pages."""

from django.contrib.auth.models import Group
from django.core import mail

import pytest

from home.editorial import ensure_team
from home.editorial.roles import EDITORS, SITE_MANAGERS

pytestmark = pytest.mark.usefixtures("no_form_rate_limit")


ADMIN_LOGIN = "/admin/login/"
FRONTEND_LOGIN = "/ru/_util/login/"
PASSWORD = "right-password-1"


@pytest.fixture
def team(db, django_user_model):
    ensure_team()

    def member(username, role):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.set([Group.objects.get(name=role.name)])
        return user

    return {
        "editor": member("anna", EDITORS),
        "other": member("boris", EDITORS),
        "manager": member("sveta", SITE_MANAGERS),
    }


def sign_in(client, username, password, url=ADMIN_LOGIN, address="10.0.0.1", **headers):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers
    )


def text(response):
    return response.content.decode()


def test_five_wrong_passwords_lock_the_user_even_with_the_right_one(client, team):
    for _attempt in range(4):
        response = sign_in(client, "anna", "wrong")
        assert response.status_code == 200  # the form again, with its error
    assert sign_in(client, "anna", "wrong").status_code == 429
    response = sign_in(client, "anna", PASSWORD)
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа" in text(response)
    assert "30 минут" in text(response)
    assert response["Retry-After"] == "1800"
    assert "_auth_user_id" not in client.session
    # From another address too: the user name is locked wherever the attempts come from.
    assert sign_in(client, "anna", PASSWORD, address="10.0.0.2").status_code == 429
    # Another user at another address signs in.
    assert sign_in(client, "boris", PASSWORD, address="10.0.0.3").status_code == 302


def test_the_lockout_page_is_english_for_an_english_speaking_admin(client, team):
    for _attempt in range(5):
        sign_in(client, "anna", "wrong", HTTP_ACCEPT_LANGUAGE="en")
    response = sign_in(client, "anna", PASSWORD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in text(response)
    assert '<html lang="en"' in text(response)


def test_one_address_trying_many_names_is_locked_for_every_name(client, team):
    for name in ("admin", "root", "anna", "boris", "sveta"):
        sign_in(client, name, "wrong", address="10.0.0.9")
    response = sign_in(client, "boris", PASSWORD, address="10.0.0.9")
    assert response.status_code == 429
    # The names themselves are not locked: from elsewhere they sign in.
    assert sign_in(client, "boris", PASSWORD, address="10.0.0.10").status_code == 302


def test_a_success_forgets_the_users_own_failures_not_the_addresss(client, team):
    for _attempt in range(4):
        sign_in(client, "anna", "wrong")
    assert sign_in(client, "anna", PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(4):
        assert sign_in(client, "anna", "wrong").status_code == 200
    client.logout()
    # Someone guessing others' passwords cannot clear the address's count by signing in.
    sign_in(client, "admin", "wrong", address="10.0.0.5")
    for _attempt in range(3):
        sign_in(client, "boris", "wrong", address="10.0.0.5")
    assert sign_in(client, "sveta", PASSWORD, address="10.0.0.5").status_code == 302
    client.logout()
    assert sign_in(client, "root", "wrong", address="10.0.0.5").status_code == 429


def test_the_readers_login_for_private_pages_locks_too_in_the_readers_language(client, team):
    for _attempt in range(5):
        sign_in(client, "anna", "wrong", url=FRONTEND_LOGIN)
    response = sign_in(client, "anna", PASSWORD, url=FRONTEND_LOGIN)
    assert response.status_code == 429
    assert '<html lang="ru"' in text(response)
    assert "Слишком много неудачных попыток входа" in text(response)
    for _attempt in range(5):
        sign_in(client, "boris", "wrong", url="/en/_util/login/", address="10.0.0.7")
    response = sign_in(client, "boris", PASSWORD, url="/en/_util/login/", address="10.0.0.7")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in text(response)
    # Both forms count together: the admin's refuses the name locked on the readers' form.
    assert sign_in(client, "anna", PASSWORD, address="10.0.0.8").status_code == 429


def test_a_site_manager_unlocks_and_the_user_signs_in(client, team):
    for _attempt in range(5):
        sign_in(client, "anna", "wrong")
    assert sign_in(client, "anna", PASSWORD).status_code == 429

    manager = client.__class__()
    manager.force_login(team["manager"])
    assert "/admin/lockouts/" in text(manager.get("/admin/"))  # in the Settings menu
    listing = manager.get("/admin/lockouts/")
    assert listing.status_code == 200
    page = text(listing)
    assert "Блокировки входа" in page
    assert "anna" in page and "10.0.0.1" in page
    assert "Заблокирован до" in page
    assert "Разблокировать" in page
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="anna")
    response = manager.post("/admin/lockouts/", {"attempt": attempt.pk}, follow=True)
    assert "Вход для «anna» и для адреса 10.0.0.1 разблокирован." in text(response)
    assert "anna" not in text(manager.get("/admin/lockouts/")).split("</thead>")[-1]

    assert sign_in(client, "anna", PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_an_editor_can_neither_see_nor_use_the_unlock_view(client, team):
    for _attempt in range(5):
        sign_in(client, "boris", "wrong", address="10.0.0.4")
    client.force_login(team["editor"])
    assert "/admin/lockouts/" not in text(client.get("/admin/"))
    assert client.get("/admin/lockouts/").status_code in (302, 403)
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.get(username="boris")
    assert client.post("/admin/lockouts/", {"attempt": attempt.pk}).status_code in (302, 403)
    assert AccessAttempt.objects.filter(username="boris").exists()


def test_unlocking_an_attempt_that_is_gone_is_a_404(client, team):
    client.force_login(team["manager"])
    assert client.post("/admin/lockouts/", {"attempt": "999999"}).status_code == 404
    assert client.post("/admin/lockouts/", {"attempt": "x"}).status_code == 404


def reset_request(client, email, address="10.0.1.1"):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=address)


def test_password_reset_answers_alike_for_known_and_unknown_addresses(client, team):
    known = reset_request(client, "anna@example.org")
    unknown = reset_request(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [message.to for message in mail.outbox] == [["anna@example.org"]]


def test_password_reset_mails_one_address_a_few_times_an_hour_then_stays_silent(client, team):
    answers = [reset_request(client, "anna@example.org", f"10.0.2.{i}") for i in range(5)]
    assert {answer.status_code for answer in answers} == {302}
    assert len({answer["Location"] for answer in answers}) == 1
    assert len(mail.outbox) == 3  # PORTAL_PASSWORD_RESET_LIMITS["email"]


def test_password_reset_requests_from_one_address_are_limited_with_a_429(client, team):
    for i in range(10):
        assert reset_request(client, f"person{i}@example.org").status_code == 302
    response = reset_request(client, "anna@example.org")
    assert response.status_code == 429
    assert "Слишком много запросов на сброс пароля" in text(response)
    assert response["Retry-After"] == "3600"
    assert mail.outbox == []
    assert reset_request(client, "anna@example.org", address="10.0.1.2").status_code == 302
