"""A CDN in front of the site is told which addresses to forget, each language at its own."""

import http.server
import threading

import pytest

from news.models import NewsPage
from portal.settings.base import frontend_cache
from portal.translation.translate import translate_object
from tests.factories.news import NewsPageFactory

PORT = 8143


class Recorder(http.server.BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):
        self.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    Recorder.purged = []
    server = http.server.HTTPServer(("127.0.0.1", PORT), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{PORT}",
        }
    }
    yield Recorder.purged
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache")
def test_a_publish_purges_the_page_its_translation_and_its_listing(cdn, index, index_en, commit):
    item = NewsPageFactory(parent=index, title="Новость", slug="novost")
    english = translate_object(
        item, index_en.locale, NewsPage(title="News", slug="the-news", lead="Lead.")
    )
    cdn.clear()

    with commit():
        item.title = "Новость, исправленная"
        item.save_revision().publish()

    paths = {path for _host, path in cdn}
    assert {"/ru/novosti/novost/", english.url, "/ru/novosti/"} <= paths
    # Never an address made by swapping the language prefix: the slugs differ.
    assert "/en/novosti/novost/" not in paths and "/ru/news/the-news/" not in paths
    assert {host for host, _path in cdn} == {"testserver"}, cdn


@pytest.mark.parametrize(
    ("backend", "variables", "expected"),
    [
        (None, {}, None),
        (
            "cloudflare",
            {"CLOUDFLARE_ZONE_ID": "zone", "CLOUDFLARE_API_TOKEN": "token"},
            "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        ),
        (
            "http",
            {"FRONTEND_CACHE_LOCATION": "http://varnish:6081"},
            "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        ),
    ],
)
def test_the_cdn_is_chosen_by_the_environment(monkeypatch, backend, variables, expected):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    config = frontend_cache(backend)
    assert (config and config["default"]["BACKEND"]) == expected


def test_a_cdn_without_its_settings_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    monkeypatch.delenv("CLOUDFLARE_ZONE_ID", raising=False)
    with pytest.raises(ImproperlyConfigured, match="CLOUDFLARE_ZONE_ID"):
        frontend_cache("cloudflare")
    with pytest.raises(ImproperlyConfigured, match="cloudflare, cloudfront or http"):
        frontend_cache("akamai")
