"""Two-factor sign-in for the admin through the real views: setting it up with a code computed
from the device's key, signing in with and without it, backup codes, and the roles that must
have it."""

import base64
import re

from django.contrib.auth.models import Group

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from home.editorial import ensure_team
from home.editorial.roles import EDITORS, MODERATORS, SITE_MANAGERS

pytestmark = pytest.mark.usefixtures("no_form_rate_limit")


PASSWORD = "right-password-1"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.PORTAL_REQUIRE_2FA = True


@pytest.fixture
def members(db, django_user_model):
    ensure_team()

    def member(username, role):
        user = django_user_model.objects.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.set([Group.objects.get(name=role.name)])
        return user

    return {
        "editor": member("anna", EDITORS),
        "moderator": member("maria", MODERATORS),
        "manager": member("sveta", SITE_MANAGERS),
    }


def text(response):
    return response.content.decode()


def code_for(user, drift=0):
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=drift):06d}"


def sign_in(client, username, code=None, address="10.0.3.1"):
    data = {"username": username, "password": PASSWORD}
    if code is not None:
        data["otp_token"] = code
    return client.post("/admin/login/", data, REMOTE_ADDR=address)


def enrol(client, user):
    """Set up the authenticator as the user does: the page, then a code. Returns the codes."""
    page = client.get("/admin/two-factor/")
    assert page.status_code == 200
    assert "<svg" in text(page)  # the QR code, drawn here
    secret = re.search(r'class="two-factor-secret">([A-Z2-7 ]+)<', text(page)).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key
    response = client.post("/admin/two-factor/", {"otp_token": code_for(user)})
    assert response.status_code == 200
    assert "Двухфакторный вход включён." in text(response)
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", text(response))
    assert len(codes) == 10
    return codes


def test_a_moderator_without_two_factor_is_sent_to_set_it_up_from_every_admin_page(client, members):
    client.force_login(members["moderator"])
    for url in ("/admin/", "/admin/pages/", "/admin/account/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/admin/two-factor/"
    page = client.get("/admin/two-factor/")
    assert "Ваша роль входит в админку с двумя факторами" in text(page)
    assert "Отключить двухфакторный вход" not in text(page)


def test_a_site_manager_must_set_it_up_too_and_an_editor_is_not_forced(client, members):
    client.force_login(members["manager"])
    assert client.get("/admin/")["Location"] == "/admin/two-factor/"
    client.force_login(members["editor"])
    assert client.get("/admin/").status_code == 200
    account = client.get("/admin/account/")
    assert "Двухфакторный вход" in text(account)
    assert "/admin/two-factor/" in text(account)


def test_enrol_then_the_password_alone_is_refused_and_with_the_code_it_signs_in(client, members):
    moderator = members["moderator"]
    client.force_login(moderator)
    enrol(client, moderator)
    assert client.get("/admin/").status_code == 200  # the enrolment verified this session
    client.post("/admin/logout/")

    refused = sign_in(client, "maria")
    assert refused.status_code == 200
    assert "вход с двумя факторами" in text(refused)
    assert "_auth_user_id" not in client.session
    assert "Код подтверждения" in text(client.get("/admin/login/"))

    # The next time step's code: the one used to confirm cannot be used again.
    response = sign_in(client, "maria", code_for(moderator, drift=1))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused_and_counts_toward_the_lockout(client, members):
    editor = members["editor"]
    client.force_login(editor)
    enrol(client, editor)
    client.post("/admin/logout/")
    wrong = sign_in(client, "anna", "000000" if code_for(editor) != "000000" else "111111")
    assert wrong.status_code == 200
    assert "Код подтверждения неверен или устарел" in text(wrong)
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="anna").failures_since_start == 1
    for _attempt in range(4):
        last = sign_in(client, "anna", "12345678")
    assert last.status_code == 429


def test_a_backup_code_signs_in_once(client, members):
    editor = members["editor"]
    client.force_login(editor)
    codes = enrol(client, editor)
    client.post("/admin/logout/")
    assert sign_in(client, "anna", codes[0].upper()).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    again = sign_in(client, "anna", codes[0], address="10.0.3.2")
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session
    client.force_login(editor)
    client.post(
        "/admin/two-factor/verify/", {"otp_token": code_for(editor, drift=1), "next": "/admin/"}
    )
    assert "Осталось 9 неиспользованных резервных кодов." in text(client.get("/admin/two-factor/"))


def test_new_backup_codes_replace_the_old_ones(client, members):
    editor = members["editor"]
    client.force_login(editor)
    old = enrol(client, editor)
    response = client.post("/admin/two-factor/backup-codes/")
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", text(response))
    assert len(new) == 10 and not set(new) & set(old)
    client.post("/admin/logout/")
    assert sign_in(client, "anna", new[1]).status_code == 302
    client.post("/admin/logout/")
    assert sign_in(client, "anna", old[1], address="10.0.3.3").status_code == 200
    assert "_auth_user_id" not in client.session


def test_an_editor_may_turn_it_off_a_moderator_may_not(client, members):
    editor, moderator = members["editor"], members["moderator"]
    client.force_login(editor)
    enrol(client, editor)
    assert "Отключить двухфакторный вход" in text(client.get("/admin/two-factor/"))
    response = client.post("/admin/two-factor/disable/", follow=True)
    assert "Двухфакторный вход отключён" in text(response)
    client.post("/admin/logout/")
    assert sign_in(client, "anna").status_code == 302

    client.force_login(moderator)
    enrol(client, moderator)
    refused = client.post("/admin/two-factor/disable/", follow=True)
    assert "Отключить двухфакторный вход" not in text(refused)
    assert TOTPDevice.objects.filter(user=moderator, confirmed=True).exists()


def test_a_password_only_session_is_asked_for_the_code_before_the_admin(client, members):
    """The readers' login for private pages takes no code: its session must give one before
    it reaches the admin."""
    moderator = members["moderator"]
    client.force_login(moderator)
    enrol(client, moderator)
    client.post("/admin/logout/")
    assert (
        client.post("/ru/_util/login/", {"username": "maria", "password": PASSWORD}).status_code
        == 302
    )
    response = client.get("/admin/pages/")
    assert response["Location"] == "/admin/two-factor/verify/?next=%2Fadmin%2Fpages%2F"
    # Nor may it make itself new backup codes or turn the factor off.
    assert client.post("/admin/two-factor/backup-codes/").status_code == 302
    form = client.get(response["Location"])
    assert "Код подтверждения" in text(form)
    done = client.post(
        "/admin/two-factor/verify/",
        {"otp_token": code_for(moderator, drift=1), "next": "/admin/pages/"},
    )
    assert done["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_the_pages_speak_english_to_an_english_speaking_admin(client, members):
    from wagtail.users.models import UserProfile

    moderator = members["moderator"]
    profile = UserProfile.get_for_user(moderator)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(moderator)
    page = client.get("/admin/", follow=True)
    assert "Your role signs in to the admin with two factors" in text(page)
    assert "Enter the code the app shows to confirm." in text(page)


def test_guessing_the_code_after_the_readers_login_ends_in_the_lockout(client, members):
    moderator = members["moderator"]
    client.force_login(moderator)
    enrol(client, moderator)
    client.post("/admin/logout/")
    client.post("/ru/_util/login/", {"username": "maria", "password": PASSWORD})
    for _attempt in range(5):
        client.post("/admin/two-factor/verify/", {"otp_token": "12345678"})
    response = client.post("/admin/two-factor/verify/", {"otp_token": code_for(moderator, 1)})
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа" in text(response)
    assert client.get("/admin/pages/").status_code == 302
