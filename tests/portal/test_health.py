"""/healthz tells a load balancer the truth: one entry per check, 503 when any is degraded."""

import copy
import datetime
import json

from django.db import connections
from django.db.utils import load_backend
from django.test import override_settings

import pytest
import time_machine

from portal import tasks
from portal.settings import base

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def health(client, **headers):
    response = client.get("/healthz", **headers)
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


@pytest.fixture
def collected_static(tmp_path):
    """A manifest as collectstatic writes it, without running collectstatic (slow)."""
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": {"css/portal.css": "css/portal.0123.css"}})
    )
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=base.STORAGES):
        yield tmp_path


def test_all_checks_pass(client, db, collected_static):
    response, body = health(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "static_manifest", "task_queue"}
    assert all(entry["status"] == "ok" for entry in body["checks"].values())
    assert "no-cache" in response["Cache-Control"]
    assert "Set-Cookie" not in response


def test_answers_plain_http_under_the_https_redirect(client, db, collected_static, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    # Every other address still goes to HTTPS.
    assert client.get("/ru/").status_code == 301
    assert client.get("/robots.txt").status_code == 301


def test_reveals_no_versions_or_settings(client, db, collected_static, settings):
    text = client.get("/healthz").content.decode()
    for secret in (settings.SECRET_KEY, settings.DATABASES["default"]["NAME"], "Django", "5.2"):
        assert str(secret) not in text


def test_missing_manifest_is_degraded(client, db, tmp_path):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=base.STORAGES):
        response, body = health(client)
    assert response.status_code == 503
    assert body["status"] == "degraded"
    assert body["checks"]["static_manifest"] == {
        "status": "degraded",
        "detail": "manifest missing: run collectstatic",
        "ms": body["checks"]["static_manifest"]["ms"],
    }
    assert body["checks"]["database"]["status"] == "ok"


def test_cache_that_cannot_be_reached_is_degraded(client, db, collected_static):
    unreachable = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=unreachable):
        response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["cache"] == {
        "status": "degraded",
        "detail": "unavailable",
        "ms": body["checks"]["cache"]["ms"],
    }
    assert "127.0.0.1:1" not in response.content.decode()


def test_real_redis_passes(client, db, collected_static):
    redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": "portal-tests",
        }
    }
    with override_settings(CACHES=redis):
        try:
            from django.core.cache import cache

            cache.set("probe", 1, 1)
        except Exception:
            pytest.skip("no Redis on 127.0.0.1:6379")
        response, body = health(client)
    assert body["checks"]["cache"]["status"] == "ok"
    assert response.status_code == 200


@pytest.fixture
def database_down():
    """Point Django at a database server that is not there, then back at the real one.

    A second connection object takes the place of the test's own, which stays open (an
    in-memory SQLite database would vanish if it were closed).
    """
    original = connections["default"]
    settings_dict = copy.deepcopy(original.settings_dict)
    if original.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT="1")
    else:
        settings_dict["NAME"] = "/nonexistent-folder/portal.sqlite3"
    broken = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = broken
    try:
        yield
    finally:
        broken.close()
        connections["default"] = original


def test_database_down_is_degraded_not_a_500(client, db, collected_static, database_down):
    response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["database"]["status"] == "degraded"
    assert body["checks"]["task_queue"] == {
        "status": "degraded",
        "detail": "needs database",
        "ms": 0.0,
    }
    assert body["checks"]["cache"]["status"] == "ok"
    assert "nonexistent" not in response.content.decode()


@override_settings(TASKS=DB_QUEUE)
def test_task_waiting_past_the_threshold_means_no_worker(client, db, collected_static, settings):
    settings.PORTAL_HEALTHZ_TASK_MAX_WAIT = 600
    with time_machine.travel(datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=11)):
        tasks.generate_renditions.enqueue(0, ["fill-10x10"])
    response, body = health(client)
    assert response.status_code == 503
    assert body["checks"]["task_queue"]["status"] == "degraded"
    assert "is a worker running?" in body["checks"]["task_queue"]["detail"]


@override_settings(TASKS=DB_QUEUE)
def test_recent_or_finished_tasks_are_healthy(client, db, collected_static):
    from django_tasks_db.models import DBTaskResult

    with time_machine.travel(datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=2)):
        old = tasks.generate_renditions.enqueue(0, ["fill-10x10"])
    # A worker ran the old one; a fresh one waits for its turn.
    DBTaskResult.objects.filter(id=old.id).update(status="SUCCESSFUL")
    tasks.generate_renditions.enqueue(0, ["fill-10x10"])
    response, body = health(client)
    assert body["checks"]["task_queue"]["status"] == "ok"
    assert response.status_code == 200


@override_settings(TASKS=DB_QUEUE)
def test_a_task_deferred_on_purpose_counts_from_its_start(client, db, collected_static):
    later = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)
    with time_machine.travel(datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)):
        tasks.generate_renditions.using(run_after=later).enqueue(0, ["fill-10x10"])
    response, body = health(client)
    assert body["checks"]["task_queue"]["status"] == "ok"


def test_only_get_and_head(client, db, collected_static):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200
