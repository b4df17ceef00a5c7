"""Rate limits: counted per client in the shared cache, the client as the trusted proxy says,
a 429 with Retry-After in the reader's language, and no start with a cache per worker."""

import datetime
import io
import os
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import RequestFactory, override_settings

import pytest
import time_machine

from portal import ratelimit
from portal.settings import base
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.resources import ToolkitIndexPageFactory, ToolkitPageFactory
from tests.helpers import redis_is_up

ROOT = Path(__file__).resolve().parents[2]
# 15 s into a minute: a "/m" window has 45 s to go.
NOW = datetime.datetime(2026, 12, 2, 12, 30, 15, tzinfo=datetime.UTC)
LIMITS = {"suggest": "3/m", "search": "3/m", "ics": "2/m", "materials": "2/m", "form": "2/m"}
BEHIND_NGINX = {"PORTAL_TRUSTED_PROXY_HEADER": "X-Forwarded-For"}


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.PORTAL_RATE_LIMITS = LIMITS
    settings.PORTAL_TRUSTED_PROXY_HEADER = ""
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1", "::1"]
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def statuses(client, url, times, **extra):
    return [client.get(url, **extra).status_code for _ in range(times)]


# -- the 429 a reader gets ----------------------------------------------------------------


def test_suggestions_answer_429_json_with_retry_after_in_the_readers_language(client, db, frozen):
    assert statuses(client, "/ru/search/suggest/", 3, data={"q": "дв"}) == [200] * 3

    russian = client.get("/ru/search/suggest/", {"q": "дв"})
    english = client.get("/en/search/suggest/", {"q": "dv"})  # one limit for both languages

    assert russian.status_code == english.status_code == 429
    assert russian["Retry-After"] == english["Retry-After"] == "45"
    assert russian.json() == {
        "error": "Слишком много запросов. Попробуйте ещё раз через 45 секунд.",
        "retry_after": 45,
    }
    assert english.json()["error"] == "Too many requests. Please try again in 45 seconds."
    assert "no-store" in russian["Cache-Control"]


def test_the_next_window_lets_the_reader_in_again(client, db):
    with time_machine.travel(NOW, tick=False) as clock:
        assert statuses(client, "/ru/search/suggest/", 4) == [200, 200, 200, 429]
        clock.shift(44)
        assert client.get("/ru/search/suggest/")["Retry-After"] == "1"
        clock.shift(1)
        assert client.get("/ru/search/suggest/").status_code == 200


def test_full_search_is_limited_with_a_page_in_the_readers_language(client, db, frozen):
    assert statuses(client, "/ru/search/", 3, data={"q": "двор"}) == [200] * 3

    page = client.get("/ru/search/", {"q": "двор"})

    assert page.status_code == 429
    assert page["Retry-After"] == "45"
    html = page.content.decode()
    assert '<html lang="ru">' in html
    assert "<h1>Слишком много запросов</h1>" in html
    assert "Подождите 45 секунд и попробуйте ещё раз." in html

    other = {"REMOTE_ADDR": "198.51.100.2"}  # someone else, reading in English
    assert statuses(client, "/en/search/", 3, data={"q": "yard"}, **other) == [200] * 3
    english = client.get("/en/search/", {"q": "yard"}, **other).content.decode()
    assert '<html lang="en">' in english
    assert "Please wait 45 seconds and try again." in english


def test_a_client_over_the_limit_is_logged_once_a_window(client, db, frozen, caplog):
    statuses(client, "/ru/search/", 3)
    with caplog.at_level("WARNING"):
        assert statuses(client, "/ru/search/", 5) == [429] * 5

    lines = [(record.name, record.getMessage()) for record in caplog.records]
    assert lines == [
        ("portal.ratelimit", "Rate limit search (3/m) reached by 127.0.0.1: refused for 45 s.")
    ]


def test_one_second_left_is_said_in_the_singular(client, db):
    with time_machine.travel(NOW + datetime.timedelta(seconds=44), tick=False):
        statuses(client, "/ru/search/", 3)
        assert "Подождите 1 секунду" in client.get("/ru/search/").content.decode()


@pytest.fixture
def calendar(home):
    index = EventIndexPageFactory(parent=home)
    return index, EventPageFactory(parent=index, title="Лекция")


def test_ics_feeds_are_limited_with_a_plain_text_429(client, calendar, frozen):
    index, event = calendar
    assert statuses(client, index.url + "ics/", 2) == [200, 200]

    refused = client.get(event.url + "ics/")  # the feed and an event's file: one limit

    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    assert refused["Content-Type"] == "text/plain; charset=utf-8"
    assert refused.content.decode() == (
        "Слишком много запросов. Попробуйте ещё раз через 45 секунд."
    )
    assert client.get(event.url).status_code == 200  # the page itself is not limited


def test_a_toolkits_materials_zip_is_limited(client, home, frozen):
    toolkit = ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home))
    # No materials: a 404, which counts like a zip (the work is done before it is known).
    assert statuses(client, toolkit.url + "materials/", 2) == [404, 404]

    refused = client.get(toolkit.url + "materials/")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    assert "Слишком много запросов" in refused.content.decode()
    assert client.get(toolkit.url).status_code == 200


# -- public forms -------------------------------------------------------------------------


def test_visitors_forms_share_one_limit(client, db, frozen):
    wrong = {"username": "nobody", "password": "wrong"}
    assert client.post("/ru/_util/login/", wrong).status_code == 200  # the form, with its error
    assert client.post("/admin/login/", wrong).status_code == 200

    refused = client.post("/admin/password_reset/", {"email": "someone@example.org"})

    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    # Looking at the forms costs nothing.
    assert statuses(client, "/ru/_util/login/", 3) == [200] * 3


def test_a_private_pages_password_form_is_limited(client, home, frozen):
    from wagtail.models import PageViewRestriction

    restriction = PageViewRestriction.objects.create(
        page=home, restriction_type="password", password="secret"
    )
    url = f"/ru/_util/authenticate_with_password/{restriction.pk}/{home.pk}/"
    sent = {"password": "guess", "return_url": "/ru/"}

    assert [client.post(url, sent).status_code for _ in range(3)] == [200, 200, 429]


def test_team_members_working_in_the_admin_are_not_counted(client, admin_user, home, frozen):
    client.force_login(admin_user)
    answers = [
        client.post(f"/admin/pages/{home.pk}/{action}/").status_code
        for action in ("lock", "unlock") * 3
    ]
    assert answers == [302] * 6


# -- who the client is --------------------------------------------------------------------


def test_a_forwarded_for_header_is_ignored_unless_configured(client, db, frozen):
    # Without TRUSTED_PROXY_HEADER a client cannot pass for many by changing the header.
    answers = [
        client.get("/ru/search/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]
    assert answers == [200, 200, 200, 429]


def test_behind_the_proxy_each_reader_has_a_limit_of_their_own(client, db, settings, frozen):
    settings.PORTAL_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    first = {"HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    second = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}

    assert statuses(client, "/ru/search/", 4, **first) == [200, 200, 200, 429]
    assert statuses(client, "/ru/search/", 4, **second) == [200, 200, 200, 429]


def test_the_header_counts_only_from_a_trusted_proxy(client, db, settings, frozen):
    settings.PORTAL_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    # Straight from the internet, not through nginx on 127.0.0.1: the header is the client's.
    direct = [
        client.get(
            "/ru/search/", REMOTE_ADDR="198.51.100.9", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}"
        ).status_code
        for n in range(4)
    ]
    assert direct == [200, 200, 200, 429]


def address(**meta):
    request = RequestFactory().get("/", **{"REMOTE_ADDR": "127.0.0.1", **meta})
    return ratelimit.client_bucket(request)


@override_settings(**BEHIND_NGINX)
def test_the_client_is_read_from_the_header_as_configured(settings):
    assert address(HTTP_X_FORWARDED_FOR="203.0.113.7") == "203.0.113.7"
    assert address(HTTP_X_FORWARDED_FOR="203.0.113.7:51234") == "203.0.113.7"
    assert address(HTTP_X_FORWARDED_FOR="[2001:db8::1]:443") == "2001:db8::/64"
    # Garbage, or nothing: the peer's address.
    assert address(HTTP_X_FORWARDED_FOR="unknown") == "127.0.0.1"
    assert address(HTTP_X_FORWARDED_FOR="") == "127.0.0.1"
    assert address() == "127.0.0.1"
    # One proxy: the address it saw is the last one; what the client added before is not.
    assert address(HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7") == "203.0.113.7"
    settings.PORTAL_TRUSTED_PROXY_COUNT = 2  # a CDN, then nginx appending what it saw
    assert address(HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7, 192.0.2.1") == "203.0.113.7"
    assert address(HTTP_X_FORWARDED_FOR="203.0.113.7") == "203.0.113.7"  # the CDN bypassed
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert address(HTTP_X_REAL_IP="203.0.113.9", HTTP_X_FORWARDED_FOR="1.1.1.1") == "203.0.113.9"
    settings.PORTAL_TRUSTED_PROXIES = ["10.0.0.0/8"]  # nginx on another machine
    assert address(REMOTE_ADDR="10.1.2.3", HTTP_X_REAL_IP="203.0.113.9") == "203.0.113.9"
    assert address(REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9") == "127.0.0.1"
    settings.PORTAL_TRUSTED_PROXIES = ["127.0.0.1"]  # gunicorn on a Unix socket behind nginx
    assert address(REMOTE_ADDR="", HTTP_X_REAL_IP="203.0.113.9") == "203.0.113.9"
    settings.PORTAL_TRUSTED_PROXIES = ["*"]
    assert address(REMOTE_ADDR="192.0.2.50", HTTP_X_REAL_IP="203.0.113.9") == "203.0.113.9"


@override_settings(**BEHIND_NGINX)
@pytest.mark.parametrize(
    "value",
    ["\x00", " , ,", "1.2.3.4.5", "a" * 10_000, "[::1", "2001:db8::1::2", "\u0661.2.3.4", "-1"],
)
def test_a_hostile_header_falls_back_to_the_peer(value):
    assert address(HTTP_X_FORWARDED_FOR=value) == "127.0.0.1"


def test_an_ipv6_client_counts_by_its_64_network():
    assert address(REMOTE_ADDR="2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert address(REMOTE_ADDR="2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64"
    assert address(REMOTE_ADDR="::ffff:203.0.113.7") == "203.0.113.7"


def test_the_count_is_exact_when_requests_arrive_at_once(frozen):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(ratelimit.hit(request, "suggest")))
        for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result is None for result in results) == 3


# -- Redis --------------------------------------------------------------------------------


@pytest.fixture
def redis_cache():
    if not redis_is_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    shared = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
        "KEY_PREFIX": f"test-ratelimit-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={"default": shared}):
        yield caches["default"]
        caches["default"].clear()


@pytest.mark.redis
def test_limits_count_in_redis(client, db, redis_cache, frozen):
    assert statuses(client, "/ru/search/suggest/", 4) == [200, 200, 200, 429]
    refused = client.get("/en/search/suggest/")
    assert refused["Retry-After"] == "45"
    assert refused.json()["error"] == "Too many requests. Please try again in 45 seconds."
    # What another worker would see: the count is in Redis, under the window's key.
    keys = redis_cache._cache.get_client().keys(f"{redis_cache.key_prefix}*ratelimit:suggest*")
    assert len(keys) == 1
    assert 0 < redis_cache._cache.get_client().ttl(keys[0]) <= 46


@pytest.mark.redis
def test_redis_counts_exactly_when_requests_arrive_at_once(redis_cache, frozen):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(ratelimit.hit(request, "suggest")))
        for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(result is None for result in results) == 3


def test_an_unreachable_cache_lets_readers_through(client, db):
    nowhere = {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
    }
    with override_settings(CACHES={"default": nowhere}):
        assert statuses(client, "/ru/search/suggest/", 5) == [200] * 5


# -- settings and the refusal to start ----------------------------------------------------


def deploy_errors():
    try:
        call_command("check", "--deploy", "--fail-level", "ERROR", stdout=io.StringIO())
    except SystemCheckError as error:
        return str(error)
    return ""


def test_check_deploy_refuses_several_workers_with_a_per_process_cache(settings):
    settings.PORTAL_WEB_WORKERS = 3
    errors = deploy_errors()
    assert "portal.E001" in errors
    assert "3 web workers" in errors
    assert "REDIS_URL" in errors

    settings.PORTAL_WEB_WORKERS = 1
    assert "portal.E001" not in deploy_errors()


def test_check_deploy_accepts_several_workers_sharing_redis(settings):
    settings.PORTAL_WEB_WORKERS = 3
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert "portal.E001" not in deploy_errors()


def test_a_scope_without_a_valid_limit_is_a_check_error(settings):
    settings.PORTAL_RATE_LIMITS = {**LIMITS, "search": "lots"}
    with pytest.raises(SystemCheckError, match=r"portal\.E002.*'lots'"):
        call_command("check", stdout=io.StringIO())


def test_a_bad_value_in_the_environment_is_named(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_SEARCH", "lots")
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, nginx")
    with pytest.raises(base.ImproperlyConfigured, match="RATE_LIMIT_SEARCH must be a rate"):
        base.env_rate("RATE_LIMIT_SEARCH", "30/m")
    with pytest.raises(base.ImproperlyConfigured, match="TRUSTED_PROXIES must be .*'nginx'"):
        base.env_networks("TRUSTED_PROXIES")


def test_rates_read_as_configured(monkeypatch):
    monkeypatch.setenv("RATE_LIMIT_ICS", " 100 / 10m ")
    assert ratelimit.parse_rate(base.env_rate("RATE_LIMIT_ICS", "30/m")) == ratelimit.Rate(100, 600)
    assert ratelimit.parse_rate("off") is None
    assert ratelimit.parse_rate("5/h") == ratelimit.Rate(5, 3600)


def test_gunicorn_with_several_workers_and_no_redis_refuses_to_start(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO")},
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "gunicorn-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WAGTAILADMIN_BASE_URL": "https://portal.example.org",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "",
        "REDIS_URL": "",
        "SENTRY_DSN": "",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    config = ["--config", "deploy/gunicorn.conf.py", "--workers", "2"]
    result = subprocess.run(
        [gunicorn, *config, "portal.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    # Exit status 3, or 1 when both workers fail at once (gunicorn then trips over its own halt).
    assert result.returncode in (1, 3), result.stderr[-2000:]
    assert "Worker failed to boot." in result.stderr
    assert "per-process memory cache (LocMemCache) and 2 web workers" in result.stderr
    assert "Set REDIS_URL" in result.stderr
