"""Sessions for several app servers: with REDIS_URL they are read from the shared Redis and
kept in the database too (``cached_db``), so a sign-in holds on every server and outlives a
Redis restart, and a sign-out ends it everywhere at once."""

import json
import os
import uuid

from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import override_settings

import pytest

from tests.helpers import redis_is_up
from tests.processes import run_python

pytestmark = pytest.mark.django_db

# The suite's own Redis database, never one a developer's portal uses.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
CACHED_DB = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def shared_sessions():
    """Redis as the default cache and sessions read through it, as base settings configure them
    when REDIS_URL is set; the test's keys (its own prefix) are removed afterwards."""
    if not redis_is_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    prefix = f"test-sessions-{uuid.uuid4().hex}"
    shared = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": prefix,
    }
    with override_settings(CACHES={"default": shared}, SESSION_ENGINE=CACHED_DB):
        cache = caches["default"]
        yield cache
        redis = cache._cache.get_client()
        for key in redis.scan_iter(f"{prefix}*"):
            redis.delete(key)


def session_key_in_redis(cache, session_key):
    return cache.get(f"django.contrib.sessions.cached_db{session_key}") is not None


@pytest.mark.redis
@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_sign_in_is_in_redis_and_the_database_and_survives_losing_redis(
    client, admin_user, shared_sessions, language
):
    client.force_login(admin_user)
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    assert session_key_in_redis(shared_sessions, key)

    assert client.get("/admin/", headers={"Accept-Language": language}).status_code == 200

    # Redis restarted empty (or evicted the key): the database still knows the sign-in.
    shared_sessions.delete(f"django.contrib.sessions.cached_db{key}")
    assert client.get("/admin/", headers={"Accept-Language": language}).status_code == 200
    assert session_key_in_redis(shared_sessions, key)  # read back into Redis

    client.logout()
    assert not session_key_in_redis(shared_sessions, key)
    assert not Session.objects.filter(session_key=key).exists()
    answer = client.get("/admin/", headers={"Accept-Language": language})
    assert answer.status_code == 302 and "/login/" in answer["Location"]


def configured(**variables):
    """Sessions, cache and uploads as production settings configure them from ``variables``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO", "REDIS", "AWS_"))
    }
    env.update(
        {
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "portal.example.org",
            "DATABASE_URL": "postgres://portal@127.0.0.1:5432/portal",
            "WAGTAILADMIN_BASE_URL": "https://portal.example.org",
            "MEDIA_ROOT": "",
            **variables,
        }
    )
    script = (
        "import json; from portal.settings import production as s; print(json.dumps({"
        "'sessions': s.SESSION_ENGINE, 'cache': s.CACHES['default']['BACKEND'],"
        "'media': s.STORAGES['default'], 'static': s.STORAGES['staticfiles']['BACKEND'],"
        "'img_src': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']}))"
    )
    result = run_python("-c", script, env=env)
    return result, (json.loads(result.stdout) if result.returncode == 0 else None)


def test_redis_url_moves_cache_and_sessions_and_a_bucket_moves_uploads():
    result, alone = configured(MEDIA_ROOT="/srv/portal/media")
    assert result.returncode == 0, result.stderr
    assert alone["sessions"] == "django.contrib.sessions.backends.db"
    assert alone["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert alone["media"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}

    result, shared = configured(
        REDIS_URL="redis://redis.internal:6379/0",
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_ENDPOINT_URL="https://storage.example.org",
        AWS_S3_ADDRESSING_STYLE="path",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
    )
    assert result.returncode == 0, result.stderr  # MEDIA_ROOT is not needed with a bucket
    assert shared["sessions"] == CACHED_DB
    assert shared["cache"] == "portal.cache.ResilientRedisCache"
    assert shared["media"]["BACKEND"] == "portal.storage.MediaStorage"
    assert shared["media"]["OPTIONS"]["bucket_name"] == "portal-media"
    assert "access_key" not in shared["media"]["OPTIONS"]  # boto3 reads the keys itself
    assert shared["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert "https://media.example.org" in shared["img_src"]


def test_production_still_asks_for_media_root_without_a_bucket():
    result, _values = configured()
    assert result.returncode != 0
    assert "MEDIA_ROOT" in result.stderr
