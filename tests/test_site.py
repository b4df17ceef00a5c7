"""Site-wide guarantees: configuration, migrations, translations, every page in both languages."""

import io
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from wagtail.models import Page

import pytest

from tests.processes import run_python

BASE_DIR = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    return run_python("manage.py", *args, env={**os.environ, **env})


def test_no_pending_migrations(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)


def test_system_checks_pass(db):
    call_command("check", fail_level="WARNING")


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        WAGTAILADMIN_BASE_URL="https://portal.example.org",
        MEDIA_ROOT=str(tmp_path / "media"),
    )

    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="",
        ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        WAGTAILADMIN_BASE_URL="https://portal.example.org",
        MEDIA_ROOT=str(tmp_path / "media"),
    )

    assert result.returncode != 0
    assert "Production will not start without SECRET_KEY" in result.stderr


def test_one_search_backend_stems_russian_on_postgresql():
    backends = settings.WAGTAILSEARCH_BACKENDS
    assert list(backends) == ["default"]
    if connection.vendor == "postgresql":
        assert backends["default"]["SEARCH_CONFIG"] == "russian"


@pytest.mark.skipif(not os.environ.get("REQUIRE_POSTGRES"), reason="only when CI demands it")
def test_ci_really_runs_on_postgresql():
    assert connection.vendor == "postgresql"


@pytest.mark.parametrize(
    ("language", "message", "expected"),
    [
        ("ru", "Skip to content", "Перейти к содержанию"),
        ("en", "Skip to content", "Skip to content"),
    ],
)
def test_interface_strings_are_translated(language, message, expected):
    with translation.override(language):
        assert gettext(message) == expected


def test_every_live_page_renders_with_one_h1_in_its_language(client, demo):
    pages = Page.objects.live().public().filter(depth__gt=1).select_related("locale")

    assert {page.locale.language_code for page in pages} == {"ru", "en"}
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        html = response.content.decode()
        assert f'<html lang="{page.locale.language_code}">' in html
        assert len(re.findall(r"<h1[ >]", html)) == 1, page.url


def test_search_moves_to_opensearch_with_a_russian_and_english_analyzer(monkeypatch):
    from portal.settings.base import search_backends

    monkeypatch.setenv("SEARCH_URL", "https://search.internal:9200")
    monkeypatch.setenv("SEARCH_ENGINE", "opensearch2")
    backends = search_backends({"ENGINE": "django.db.backends.postgresql"})

    assert list(backends) == ["default"]
    backend = backends["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.opensearch2"
    assert backend["URLS"] == ["https://search.internal:9200"]
    analyzer = backend["INDEX_SETTINGS"]["settings"]["analysis"]["analyzer"]["default"]
    assert "portal_russian_stemmer" in analyzer["filter"]
    assert "portal_english_stemmer" in analyzer["filter"]

    monkeypatch.setenv("SEARCH_ENGINE", "solr")
    with pytest.raises(ImproperlyConfigured, match="SEARCH_ENGINE must be one of"):
        search_backends({"ENGINE": "django.db.backends.postgresql"})


def test_the_production_task_worker_starts(tmp_path):
    """Search indexing runs in `db_worker` in production: the command must load there."""
    result = manage(
        "db_worker",
        "--help",
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        WAGTAILADMIN_BASE_URL="https://portal.example.org",
        MEDIA_ROOT=str(tmp_path / "media"),
    )

    assert result.returncode == 0, result.stderr
    assert "--queue-name" in result.stdout


def test_editors_can_open_and_preview_every_page_type_in_both_languages(admin_client, demo):
    """The editor's view of each page type: the edit form opens and the draft preview renders."""
    first_of_each = {}
    for page in Page.objects.filter(depth__gt=1).select_related("locale", "content_type"):
        first_of_each.setdefault((page.content_type.model, page.locale.language_code), page)

    assert len({model for model, _ in first_of_each}) >= 10
    for (model, language), page in sorted(first_of_each.items()):
        page.specific.save_revision()
        edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert edit.status_code == 200, (model, language)
        draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=(page.pk,)))
        assert draft.status_code == 200, (model, language)
        assert f'<html lang="{language}">' in draft.content.decode(), (model, language)
