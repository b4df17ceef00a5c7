import pytest

from news.models import NewsIndexPage
from portal.translation.translate import translate_object
from tests.factories.news import NewsIndexPageFactory


@pytest.fixture
def page_cache(settings):
    """The page cache on, as in production (the test settings turn it off)."""
    settings.PORTAL_PAGE_CACHE = True
    settings.PORTAL_PAGE_CACHE_SECONDS = 600


@pytest.fixture
def index(home):
    return NewsIndexPageFactory(parent=home)


@pytest.fixture
def index_en(index, locales):
    return translate_object(index, locales["en"], NewsIndexPage(title="News", slug="news"))


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Changes made inside ``with commit():`` are committed as far as the cache can tell:
    the generations move when a transaction commits, and a test's never does."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run
