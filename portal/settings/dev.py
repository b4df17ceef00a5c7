"""Local development: debug on, plain HTTP, immediate background tasks, a throwaway key."""

from .base import *  # noqa: F403
from .base import LOGGING, SECRET_KEY, env, env_bool, env_list

DEBUG = env_bool("DEBUG", True)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# A per-checkout development key; production refuses to start without its own SECRET_KEY.
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-never-used-in-production"

# Templates and code change under a developer's hands: pages are rendered afresh unless asked.
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", False)

CSRF_COOKIE_SECURE = False
SESSION_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = 0

EMAIL_DELIVERY_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# The demo's logins reach the admin with their password alone; PORTAL_REQUIRE_2FA=true tries
# the duty to set up two-factor sign-in that production has.
PORTAL_REQUIRE_2FA = env_bool("PORTAL_REQUIRE_2FA", False)

# Lines for a person at a terminal; production writes JSON (LOG_FORMAT).
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", "text")

STORAGES = {
    "default": STORAGES["default"],  # noqa: F405 - MEDIA_ROOT, or a bucket when one is set
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

try:
    import debug_toolbar  # noqa: F401
except ImportError:
    pass
else:
    INSTALLED_APPS = [*INSTALLED_APPS, "debug_toolbar"]  # noqa: F405
    MIDDLEWARE = ["debug_toolbar.middleware.DebugToolbarMiddleware", *MIDDLEWARE]  # noqa: F405
    INTERNAL_IPS = ["127.0.0.1"]
