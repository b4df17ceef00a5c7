"""Production: everything from the environment, and a refusal to start without the essentials."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY

if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set SECRET_KEY in the environment: production will not start without it."
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma-separated host names) in the environment.")

# Static files are collected, hashed and compressed (base STORAGES); whitenoise serves them.
# Media is served by the reverse proxy (see README), never by Django.
WHITENOISE_MANIFEST_STRICT = True

# The documented demo login is for local use only.
DEMO_ADMIN_PASSWORD = None
