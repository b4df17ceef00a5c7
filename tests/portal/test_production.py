"""What production runs: collected static files behind the manifest, the settings' refusals, the
500 page and where errors go."""

import json
import os
from pathlib import Path

from django.core import mail
from django.test import override_settings
from django.urls import reverse

import pytest

from portal.settings import base
from tests.processes import run_python

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def production_static(collected):
    with override_settings(
        STATIC_ROOT=collected, STORAGES=base.STORAGES, WHITENOISE_MANIFEST_STRICT=True
    ):
        yield collected


def test_collectstatic_passes_with_the_manifest_storage(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    # Every own and vendored file is there under a hashed name, source maps included.
    for name in (
        "css/portal.css",
        "js/centre_map.js",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.js.map",
        "vendor/leaflet/images/marker-icon.png",
        "wagtailadmin/css/core.css",
        "wagtail_localize/js/wagtail-localize.js",
    ):
        assert name in manifest, name
        assert (collected / manifest[name]).is_file()
    # Leaflet's minified file points at its map by the hashed name.
    leaflet = (collected / manifest["vendor/leaflet/leaflet.js"]).read_text()
    assert manifest["vendor/leaflet/leaflet.js.map"].rsplit("/", 1)[-1] in leaflet


def test_pages_and_admin_render_with_collected_static(production_static, client, admin_user, home):
    for url in ("/ru/", "/en/", "/admin/login/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/static/" in response.content.decode()
    client.force_login(admin_user)
    english = home.get_translations().get()
    for url in (
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=(home.pk,)),
        reverse("wagtailadmin_pages:edit", args=(english.pk,)),  # wagtail-localize's editor
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert b"wagtail_localize" in response.content


def settings_import(**environ):
    """Import the production settings in a fresh interpreter with exactly these variables."""
    names = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "WAGTAILADMIN_BASE_URL", "MEDIA_ROOT")
    env = {key: value for key, value in os.environ.items() if key not in names}
    # Empty values, so a developer's .env cannot fill them in (it never overrides).
    env.update(dict.fromkeys(names, ""), **environ)
    return run_python("-c", "import portal.settings.production", env=env)


def test_production_names_every_missing_setting():
    result = settings_import(ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    for name in ("SECRET_KEY", "DATABASE_URL", "WAGTAILADMIN_BASE_URL", "MEDIA_ROOT"):
        assert name in message
    assert "ALLOWED_HOSTS" not in message


def test_production_starts_with_its_settings_and_rejects_bad_values():
    required = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": "postgres://portal@db/portal",
        "WAGTAILADMIN_BASE_URL": "https://portal.example.org",
        "MEDIA_ROOT": "/srv/portal/media",
    }
    assert settings_import(**required).returncode == 0
    bad = settings_import(**required, ADMINS="ops-at-example.org")
    assert bad.returncode != 0
    assert "ADMINS must be comma-separated e-mail addresses" in bad.stderr
    bad = settings_import(**required, LOG_FORMAT="xml")
    assert "LOG_FORMAT must be json or text" in bad.stderr


def test_admins_come_from_the_environment():
    assert base.env_addresses("NO_SUCH_VARIABLE_HERE") == []
    os.environ["PORTAL_TEST_ADMINS"] = "Ops Team <ops@example.org>, dev@example.org"
    try:
        assert base.env_addresses("PORTAL_TEST_ADMINS") == [
            ("Ops Team", "ops@example.org"),
            ("", "dev@example.org"),
        ]
    finally:
        del os.environ["PORTAL_TEST_ADMINS"]


@pytest.fixture
def failing_view(settings):
    """A URL whose view raises, mounted in front of the portal's own URLs."""
    settings.ROOT_URLCONF = "tests.portal.urls_failing"


def test_server_error_mails_the_admins_and_says_so(failing_view, client, db, settings):
    settings.ADMINS = [("Ops", "ops@example.org")]
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Мы уже знаем о ней" in page
    assert "We have been notified" in page
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ops@example.org"]
    assert "/fail/" in mail.outbox[0].subject
    assert "RuntimeError" in mail.outbox[0].body


def test_server_error_promises_nothing_when_nobody_is_told(failing_view, client, db, settings):
    settings.ADMINS = []
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "знаем" not in page
    assert "notified" not in page
    assert "Попробуйте обновить страницу" in page
    assert mail.outbox == []
