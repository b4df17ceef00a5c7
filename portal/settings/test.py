"""Settings for pytest: fast hashing, plain static storage, immediate tasks, a throwaway cache.

PostgreSQL is used when TEST_DATABASE_URL or DATABASE_URL names one; otherwise SQLite.
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, STATIC_ROOT, database_from_env, env, search_backends

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

DATABASES = {
    "default": database_from_env(
        env("TEST_DATABASE_URL")
        or env("DATABASE_URL")
        or f"sqlite:///{BASE_DIR / 'var' / 'test.sqlite3'}"
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

WAGTAILSEARCH_BACKENDS = search_backends(DATABASES["default"])

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The page cache is off unless a test turns it on (tests/portal/pagecache/).
PORTAL_PAGE_CACHE = False
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILADMIN_BASE_URL = "http://testserver"
# The suite signs its team in with force_login, which passes no second factor: the duty to set
# it up is on only where a test turns it on (tests/portal/test_two_factor.py). A user who has
# set it up is asked for a code all the same.
PORTAL_REQUIRE_2FA = False
# Machine translation is off unless a test turns it on (with wagtail-localize's dummy translator).
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
# The suite asserts what production writes, whatever a developer's .env asks for.
LOGGING["handlers"]["console"]["formatter"] = "json"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing directory
