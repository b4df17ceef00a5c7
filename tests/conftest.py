import io
import logging
import signal

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import override_settings
from django.utils import translation

from wagtail.models import Locale

import pytest

from home.models import HomePage
from tests.browser import chromium  # noqa: F401 (one browser for the session)


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


@pytest.fixture(autouse=True)
def _default_language():
    # A request or a test that activates English leaves it active in the thread: each test
    # starts in the portal's default language, as a management command or a task would.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(scope="session")
def demo_database(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for the session and committed (loading takes ~40 s).

    It asks for ``django_db_setup`` so that the test database exists even when the tests of
    the demo are the only ones run."""
    from wagtail.models import Collection

    with django_db_blocker.unblock():
        # Transactional tests ran before and emptied every table, the root collection that
        # Wagtail's migrations create included.
        if not Collection.get_first_root_node():
            Collection.add_root(name="Root")
        call_command("setup_portal", stdout=io.StringIO())
        # The command ends with `update_index`, so indexing each object as it is saved (a
        # quarter of the load) is work done twice: the index comes out the same without it.
        backends = {
            name: {**backend, "AUTO_UPDATE": False}
            for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
        }
        with override_settings(WAGTAILSEARCH_BACKENDS=backends):
            call_command("load_demo_content", stdout=io.StringIO())


@pytest.fixture(scope="session")
def collected(tmp_path_factory):
    """collectstatic into a fresh folder with the storage production uses (hashed names,
    compressed copies), once per session: about 7 s. The tests of production's static files
    read it, and the app servers the integration tests start serve it."""
    from portal.settings import base

    static_root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=static_root, STORAGES=base.STORAGES):
        call_command("collectstatic", "--noinput", verbosity=0)
    return static_root


@pytest.fixture
def demo(demo_database, db):
    """Each test that reads the demo sees it as loaded; its own changes are rolled back."""


@pytest.fixture
def task_worker(monkeypatch):
    """Runs production's task worker (`db_worker`) until the queue is empty.

    The worker checks its connection before each task, as Django does around a request, and
    drops one that is not in autocommit: inside a test's transaction that would close the
    test's own connection on PostgreSQL. Django's test client turns the same check off for
    requests; this does it for the worker. The worker's signal handlers and log levels are
    put back afterwards."""
    for connection in connections.all():
        monkeypatch.setattr(connection, "close_if_unusable_or_obsolete", lambda: None)
    handlers = {name: signal.getsignal(name) for name in (signal.SIGINT, signal.SIGTERM)}
    loggers = {name: logging.getLogger(name).level for name in ("django_tasks", "django_tasks_db")}

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    yield run
    for name, handler in handlers.items():
        signal.signal(name, handler)
    for name, level in loggers.items():
        logging.getLogger(name).setLevel(level)


def empties_the_database(item):
    return "browser" in item.keywords or "transactional_db" in getattr(item, "fixturenames", ())


def run_order(item):
    # Browser tests and other transactional tests commit data and end by emptying every table,
    # which takes the site tree of django_db_setup with it: they run after the others. Tests
    # of the demo come last: the demo, once loaded and committed, would be in every later test.
    if "demo" in getattr(item, "fixturenames", ()):
        return 2
    return 1 if empties_the_database(item) else 0


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    items.sort(key=run_order)
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (CI runs it there)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
