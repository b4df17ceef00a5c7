import io

from django.core.cache import cache
from django.core.management import call_command

from wagtail.models import Locale

import pytest

from home.models import HomePage


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from what `setup_portal` builds: locales, ru home, its en translation."""
    with django_db_blocker.unblock():
        call_command("setup_portal", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Wagtail keeps site root paths in the default cache; a stale entry leaks between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def locales(db):
    return {locale.language_code: locale for locale in Locale.objects.all()}


@pytest.fixture
def home(db):
    return HomePage.objects.get(locale__language_code="ru")


@pytest.fixture
def home_en(db):
    return HomePage.objects.get(locale__language_code="en")


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


def empties_the_database(item):
    return "browser" in item.keywords or "transactional_db" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    # Browser tests and other transactional tests commit data and end by emptying every table,
    # which takes the site tree of django_db_setup with it: run them after all others.
    items.sort(key=empties_the_database)
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (CI runs it there)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
