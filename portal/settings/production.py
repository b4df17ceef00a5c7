"""Production: everything from the environment, and a refusal to start without the essentials."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

# What production cannot guess. Each would otherwise fall back to a development default:
# a throwaway key, a SQLite file inside the checkout, links in e-mails to 127.0.0.1, uploads
# inside the checkout where nginx does not look.
REQUIRED = {
    "SECRET_KEY": "a long random string",
    "ALLOWED_HOSTS": "the comma-separated host names the site answers to",
    "DATABASE_URL": "postgres://user@host:5432/name",
    "WAGTAILADMIN_BASE_URL": "the public address, e.g. https://portal.example.org",
    "MEDIA_ROOT": "the folder of uploads that the web server serves images from",
}
if env("AWS_STORAGE_BUCKET_NAME"):
    del REQUIRED["MEDIA_ROOT"]  # uploads live in the bucket (portal.storage)
missing = [name for name in REQUIRED if env(name) is None]
if missing:
    raise ImproperlyConfigured(
        "Production will not start without "
        + "; ".join(f"{name} ({REQUIRED[name]})" for name in missing)
        + ". Set them in the environment (see .env.example)."
    )

# Static files are collected, hashed and compressed (base STORAGES); whitenoise serves them.
# Media is served by the reverse proxy (deploy/nginx), never by Django, or from the bucket.
WHITENOISE_MANIFEST_STRICT = True

# An error tracker, off unless SENTRY_DSN is set (sentry-sdk): production only, so a DSN in a
# developer's .env never sends test or development errors.
SENTRY_DSN = env("SENTRY_DSN", "")
if SENTRY_DSN:
    from portal.logs import start_error_tracker

    start_error_tracker(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=env("SENTRY_TRACES_SAMPLE_RATE", "0"),
    )

# The documented demo login is for local use only.
DEMO_ADMIN_PASSWORD = None
