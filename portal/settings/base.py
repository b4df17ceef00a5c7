"""Settings shared by every environment.

Production-safe by default: DEBUG is off, cookies are secure, HTTPS is enforced. ``dev`` and
``test`` relax what they must. Everything configurable comes from the environment (a ``.env``
file in the project root is read when present) and is read in this module only.
"""

import importlib.util
import ipaddress
import os
import re
from datetime import timedelta
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "portal"
VAR_DIR = BASE_DIR / "var"

load_dotenv(BASE_DIR / ".env", override=False)


def env(name, default=None):
    """The variable's value; unset or empty (``MEDIA_ROOT=`` in a copied .env) means the default."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}.")


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = env(name, str(default))
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}.") from None


RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


def env_rate(name, default):
    """``"30/m"`` (30 a minute; also ``/s``, ``/h``, ``/d``, ``/10m``) or ``off``."""
    value = env(name, default).strip().lower()
    if value == "off" or RATE.match(value):
        return value
    raise ImproperlyConfigured(
        f"{name} must be a rate such as 30/m (requests per s, m, h or d, e.g. 100/10m) or off, "
        f"got {value!r}."
    )


def env_networks(name, default=""):
    """Comma-separated addresses or networks (``10.0.0.0/8``), or ``*`` for any."""
    items = env_list(name, default)
    for item in items:
        if item == "*":
            continue
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must be comma-separated IP addresses or networks (or *), got {item!r}."
            ) from None
    return items


def env_addresses(name):
    """``"Ops <ops@example.org>, dev@example.org"`` as Django's ``[(name, address), …]``."""
    value = env(name, "")
    pairs = getaddresses([value]) if value else []
    for _name, address in pairs:
        if "@" not in address:
            raise ImproperlyConfigured(
                f"{name} must be comma-separated e-mail addresses, got {value!r}."
            )
    return pairs


SEARCH_ENGINES = (
    "elasticsearch7",
    "elasticsearch8",
    "elasticsearch9",
    "opensearch2",
    "opensearch3",
)

# For OpenSearch/Elasticsearch: one analyzer that stems Russian and English words alike, the
# counterpart of PostgreSQL's `russian` configuration (each stemmer leaves the other's alphabet be).
SEARCH_ENGINE_ANALYSIS = {
    "settings": {
        "analysis": {
            "filter": {
                "portal_russian_stop": {"type": "stop", "stopwords": "_russian_"},
                "portal_russian_stemmer": {"type": "stemmer", "language": "russian"},
                "portal_english_stemmer": {"type": "stemmer", "language": "english"},
            },
            "analyzer": {
                "default": {
                    "tokenizer": "standard",
                    "filter": [
                        "lowercase",
                        "portal_russian_stop",
                        "portal_russian_stemmer",
                        "portal_english_stemmer",
                    ],
                }
            },
        }
    }
}


def search_backends(database):
    """One search backend for the whole site (several database backends overwrite each other).

    By default the database: on PostgreSQL its `russian` configuration stems Cyrillic words with
    the Russian stemmer and Latin words with the English one; SQLite has no stemming. Set
    SEARCH_URL (and SEARCH_ENGINE) to move search to OpenSearch or Elasticsearch.
    """
    url = env("SEARCH_URL")
    if url:
        engine = env("SEARCH_ENGINE", "opensearch3")
        if engine not in SEARCH_ENGINES:
            raise ImproperlyConfigured(
                f"SEARCH_ENGINE must be one of {', '.join(SEARCH_ENGINES)}, got {engine!r}."
            )
        return {
            "default": {
                "BACKEND": f"wagtail.search.backends.{engine}",
                "URLS": [url],
                "INDEX_PREFIX": env("SEARCH_INDEX_PREFIX", "portal_"),
                "TIMEOUT": int(env("SEARCH_TIMEOUT", "5")),
                "OPTIONS": {},
                "INDEX_SETTINGS": SEARCH_ENGINE_ANALYSIS,
                "ATOMIC_REBUILD": True,
            }
        }
    backend = {"BACKEND": "wagtail.search.backends.database"}
    if database["ENGINE"] == "django.db.backends.postgresql":
        backend["SEARCH_CONFIG"] = "russian"
    return {"default": backend}


def machine_translator(name):
    """wagtail-localize's WAGTAILLOCALIZE_MACHINE_TRANSLATOR for MACHINE_TRANSLATOR=``name``:
    None (no machine translation: the default) when it is empty. A choice that could not work
    (an unknown name, a missing key or address, Google's library not installed) stops the start
    with what to set, rather than failing when a translator presses the button."""
    if not name:
        return None
    name = name.strip().lower()
    # The translator is called inside the editor's request: it must answer before gunicorn
    # gives up on the worker (GUNICORN_TIMEOUT, 30 s by default).
    timeout = env_int("MACHINE_TRANSLATOR_TIMEOUT", 20)

    def required(value, variable):
        if value is None:
            raise ImproperlyConfigured(
                f"MACHINE_TRANSLATOR={name} needs {variable}: set it, or leave "
                "MACHINE_TRANSLATOR empty to turn machine translation off."
            )
        return value.strip()

    if name == "deepl":
        return {
            "CLASS": "wagtail_localize.machine_translators.deepl.DeepLTranslator",
            "OPTIONS": {
                "AUTH_KEY": required(env("DEEPL_API_KEY"), "DEEPL_API_KEY"),
                "TIMEOUT": timeout,
            },
        }
    if name == "libretranslate":
        return {
            "CLASS": "wagtail_localize.machine_translators.libretranslate.LibreTranslator",
            "OPTIONS": {
                "LIBRETRANSLATE_URL": required(
                    env("LIBRETRANSLATE_URL"), "LIBRETRANSLATE_URL"
                ).rstrip("/"),
                # A server of one's own may need no key; libretranslate.com does.
                "API_KEY": env("LIBRETRANSLATE_API_KEY", ""),
                "TIMEOUT": timeout,
            },
        }
    if name == "google":
        try:
            found = importlib.util.find_spec("google.cloud.translate") is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            raise ImproperlyConfigured(
                "MACHINE_TRANSLATOR=google needs Google's client library: "
                ".venv/bin/pip install google-cloud-translate"
            )
        options = {
            "PROJECT_ID": required(env("GOOGLE_CLOUD_PROJECT_ID"), "GOOGLE_CLOUD_PROJECT_ID"),
            "LOCATION": env("GOOGLE_CLOUD_LOCATION", "global"),
        }
        # Else the library finds its credentials itself (on a Google Cloud machine).
        credentials = env("GOOGLE_APPLICATION_CREDENTIALS")
        if credentials:
            if not Path(credentials).is_file():
                raise ImproperlyConfigured(
                    f"GOOGLE_APPLICATION_CREDENTIALS names no file: {credentials!r}."
                )
            options["CREDENTIALS_PATH"] = credentials
        return {
            "CLASS": "wagtail_localize.machine_translators.google.GoogleCloudTranslator",
            "OPTIONS": options,
        }
    if name == "dummy":  # reverses the words: for trying the editor out, and for the tests
        return {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}
    raise ImproperlyConfigured(
        "MACHINE_TRANSLATOR must be one of deepl, google, libretranslate or dummy, or empty "
        f"(off), got {name!r}."
    )


def media_storage():
    """Where uploads live: MEDIA_ROOT, or an S3-compatible bucket when AWS_STORAGE_BUCKET_NAME
    names one (portal.storage; django-storages reads the keys AWS_ACCESS_KEY_ID and
    AWS_SECRET_ACCESS_KEY from the environment itself, so they never sit in the settings)."""
    bucket = env("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "endpoint_url": env("AWS_S3_ENDPOINT_URL"),  # S3-compatible services; empty for AWS
        "region_name": env("AWS_S3_REGION_NAME"),
        "custom_domain": env("AWS_S3_CUSTOM_DOMAIN"),  # a CDN in front of the bucket
        "url_protocol": env("AWS_S3_URL_PROTOCOL", "https:"),
        "addressing_style": env("AWS_S3_ADDRESSING_STYLE"),  # "path" for most non-AWS services
        "location": env("AWS_LOCATION", ""),  # a folder inside the bucket
        # How long a signed address (a private file) holds.
        "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 300),
    }
    return {
        "BACKEND": "portal.storage.MediaStorage",
        "OPTIONS": {key: value for key, value in options.items() if value is not None},
    }


def media_origins(storage):
    """The origins pages load pictures from when they are not on the site itself (CSP)."""
    options = storage.get("OPTIONS", {})
    if "bucket_name" not in options:
        return []
    if options.get("custom_domain"):
        return [f"{options['url_protocol']}//{options['custom_domain'].split('/')[0]}"]
    endpoint = options.get("endpoint_url")
    if endpoint:
        parts = urlsplit(endpoint)
        origin = f"{parts.scheme}://{parts.netloc}"
        if options.get("addressing_style") == "path":
            return [origin]
        return [origin, f"{parts.scheme}://{options['bucket_name']}.{parts.netloc}"]
    region = options.get("region_name")
    hosts = [f"{options['bucket_name']}.s3.amazonaws.com"]
    if region:
        hosts.append(f"{options['bucket_name']}.s3.{region}.amazonaws.com")
    return [f"https://{host}" for host in hosts]


def database_from_env(url, name="DATABASE_URL"):
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} is not a database URL: {error}") from None
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A database that does not answer fails a request (and /healthz) within seconds
        # instead of holding a worker until the operating system gives up.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        }
    return config


# Django

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

# django-axes counts failed sign-ins and refuses a locked-out user or address before the
# password is even checked; then Django's own backend signs in.
AUTHENTICATION_BACKENDS = [
    "portal.auth.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

ADMINS = env_addresses("ADMINS")  # they receive a mail for every server error
MANAGERS = ADMINS

CACHES = {
    "default": {
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", ""),
        **(
            {
                # Django's Redis cache, whose outage means misses rather than errors.
                "BACKEND": "portal.cache.ResilientRedisCache",
                "LOCATION": env("REDIS_URL"),
                # A Redis that does not answer must cost a request a second, not a worker.
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
            if env("REDIS_URL")
            else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        ),
    }
}

CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES = {
    "default": database_from_env(env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"))
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

DEBUG = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "portal@localhost")
# Mail leaves through a background task (portal.mail); EMAIL_DELIVERY_BACKEND delivers it.
EMAIL_BACKEND = "portal.mail.TaskEmailBackend"
EMAIL_DELIVERY_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", "[portal]").strip() + " "
EMAIL_TIMEOUT = 10

INSTALLED_APPS = [
    "portal",
    "home",
    "news",
    "resources",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    # The admin's "3 minutes ago" (Wagtail's naturaltime) is translated by humanize's catalogue,
    # which Django loads only for an installed app.
    "django.contrib.humanize",
]

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "django_language"
LOCALE_PATHS = [BASE_DIR / "locale"]

# One JSON object a line on stderr (LOG_FORMAT=json, the default; dev uses text): the request's
# method, path and status ride along when Django logs a request, so a log shipper can parse
# them. Server errors also go by mail to ADMINS.
LOG_FORMAT = env("LOG_FORMAT", "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {
        "json": {"()": "portal.logs.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {
            "handlers": ["console", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        "django.security": {
            "handlers": ["console", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
        # Scanners send any Host header: logged, but no mail for each one.
        "django.security.DisallowedHost": {
            "handlers": ["console"],
            "level": "WARNING",
            "propagate": False,
        },
        # Page/task audit lines are useful in production logs, noise in commands and tests.
        "django_tasks": {"level": env("TASKS_LOG_LEVEL", "WARNING")},
        "wagtail": {"level": env("WAGTAIL_LOG_LEVEL", "WARNING")},
        # Failed sign-ins and lockouts are warnings; its start-up line is not worth one.
        "axes": {"level": "WARNING"},
    },
}

MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.PortalCSPMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous readers' pages from the cache, before sessions, CSRF and the user are looked
    # at; the security headers above are added to a cached page as to any (portal.pagecache).
    "portal.pagecache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The request's Site from the cache (portal.sitecache): no view queries for it.
    "portal.sitecache.middleware.SiteMiddleware",
    "portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # After the CSRF check and the user: visitors' forms share one rate limit.
    "portal.ratelimit.FormThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # The admin asks for the second factor, or for setting it up (portal.auth.two_factor).
    "portal.auth.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: it turns a sign-in refused for a lockout into the 429 page (portal.auth.lockout).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"

SECRET_KEY = env("SECRET_KEY")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer probes /healthz over plain HTTP; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)

# W019 asks for X_FRAME_OPTIONS = "DENY"; Wagtail's live preview needs SAMEORIGIN (see below).
SILENCED_SYSTEM_CHECKS = ["security.W019"]

# Sessions live in the database; with a shared Redis (REDIS_URL) they are read from it and
# written to both, so any app server reads a sign-in or sign-out at once and a Redis restart
# signs nobody out. A per-process cache would let one process read a session another ended.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if env("REDIS_URL")
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = True

STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_URL = "/static/"
STATICFILES_DIRS = [PROJECT_DIR / "static"]

# Uploads in MEDIA_ROOT, or on S3 when configured (media_storage); static files always by
# whitenoise, from the app server's own collected copy.
STORAGES = {
    "default": media_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

TIME_ZONE = "Europe/Moscow"
USE_I18N = True
USE_TZ = True

WSGI_APPLICATION = "portal.wsgi.application"

X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's live preview shows the page in an iframe.


# django-tasks: Wagtail's background work (search indexing, reference index). Production runs
# a database-backed queue drained by `manage.py db_worker`; dev and tests run tasks at once.

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


# Wagtail

WAGTAIL_SITE_NAME = _("New public spaces")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# Moderation: comments on; a page edited during review goes back to its first step, so every
# approval, the chief editor's included, covers exactly the text that is published (otherwise a
# moderator's approval of one version would let the chief editor publish another).
WAGTAILADMIN_COMMENTS_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
# No avatars from an outside service: the admin shows its own default (or an uploaded one), so
# no team member's e-mail hash leaves the site and nothing breaks offline.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_I18N_ENABLED = True
# LANGUAGES names each language in itself, as the reader's language switcher shows it; the
# admin names content languages in the admin's language (Django's own catalogue translates
# these): «Английский» for a Russian-speaking editor, "Russian" for an English-speaking one.
WAGTAIL_CONTENT_LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # Cyrillic titles are transliterated (portal.models.mixins).
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "avif", "gif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
# 40 megapixels (a 7,360 × 4,912 photograph of a 36 MP camera fits): decoding one takes about
# 330 MB and its three renditions a few seconds; a 64 MP image took 500 MB and twice as long.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# One database search backend for both languages: PostgreSQL's `russian` configuration stems
# Cyrillic words with the Russian stemmer and Latin words with the English one. Several database
# backends would share one index table and overwrite each other. SQLite has no stemming.
WAGTAILSEARCH_BACKENDS = search_backends(DATABASES["default"])


# wagtail-localize: a translation goes live only when a person publishes it, never because
# its Russian source was live when it was submitted.

WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# Machine translation in the translation editor, off unless MACHINE_TRANSLATOR names a service
# (deepl, google, libretranslate; dummy reverses the words). Its strings are marked as made by a
# machine and go live only after a person has checked them or a reviewer approved them
# (portal.translation.machine).
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator(env("MACHINE_TRANSLATOR"))
# Publishing a Russian page syncs its English translations into drafts (a background task),
# never live: the translator finds the changed strings in the editor. Off: a sync is asked for.
PORTAL_TRANSLATION_AUTO_SYNC = env_bool("PORTAL_TRANSLATION_AUTO_SYNC", False)


# The portal

# Map tiles for the centres' map: any XYZ tile server; its attribution is shown on the map.
PORTAL_MAP_TILE_URL = env("PORTAL_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
PORTAL_MAP_ATTRIBUTION = env(
    "PORTAL_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# The full-page cache for anonymous readers (portal.pagecache): pages under /ru/ and /en/ are
# kept in the default cache (Redis with REDIS_URL, shared by every process; else each process's
# memory) for up to PORTAL_PAGE_CACHE_SECONDS, and dropped the moment anything they show
# changes. They carry `Cache-Control: public, max-age=0, s-maxage=…` and an ETag, so a CDN may
# hold them as long.
PORTAL_PAGE_CACHE = env_bool("PORTAL_PAGE_CACHE", True)
PORTAL_PAGE_CACHE_SECONDS = env_int("PORTAL_PAGE_CACHE_SECONDS", 600)


def frontend_cache(backend):
    """wagtail.contrib.frontend_cache's WAGTAILFRONTENDCACHE for FRONTEND_CACHE_BACKEND: a CDN
    told to forget the pages a publish changed. None (the default): no CDN."""
    if not backend:
        return None
    backend = backend.strip().lower()

    def required(value, variable):
        if value is None:
            raise ImproperlyConfigured(f"FRONTEND_CACHE_BACKEND={backend} needs {variable}.")
        return value.strip()

    if backend == "cloudflare":
        config = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "ZONEID": required(env("CLOUDFLARE_ZONE_ID"), "CLOUDFLARE_ZONE_ID"),
            "BEARER_TOKEN": required(env("CLOUDFLARE_API_TOKEN"), "CLOUDFLARE_API_TOKEN"),
        }
    elif backend == "cloudfront":
        if importlib.util.find_spec("boto3") is None:
            raise ImproperlyConfigured(
                "FRONTEND_CACHE_BACKEND=cloudfront needs boto3: .venv/bin/pip install boto3"
            )
        config = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": required(
                env("CLOUDFRONT_DISTRIBUTION_ID"), "CLOUDFRONT_DISTRIBUTION_ID"
            ),
        }
    elif backend == "http":
        config = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": required(env("FRONTEND_CACHE_LOCATION"), "FRONTEND_CACHE_LOCATION"),
        }
    else:
        raise ImproperlyConfigured(
            "FRONTEND_CACHE_BACKEND must be cloudflare, cloudfront or http, or empty, "
            f"got {backend!r}."
        )
    return {"default": config}


WAGTAILFRONTENDCACHE = frontend_cache(env("FRONTEND_CACHE_BACKEND"))
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")
# A page's address is purged as it is: Russian and English slugs differ, so rewriting /ru/… into
# /en/… would purge addresses that do not exist (each translation is purged at its own).
WAGTAILFRONTENDCACHE_LANGUAGES = []

# Rate limits (portal.ratelimit): requests a client address may make in a window, per scope,
# counted in the default cache, so with several processes they count only when that cache is
# shared (REDIS_URL); the portal refuses to start with several web workers and a per-process
# cache. "off" turns a scope's limit off.
PORTAL_RATE_LIMITS = {
    "suggest": env_rate("RATE_LIMIT_SUGGEST", "60/m"),  # suggestions as a reader types
    "search": env_rate("RATE_LIMIT_SEARCH", "30/m"),  # the full search page
    "ics": env_rate("RATE_LIMIT_ICS", "30/m"),  # the calendar's and each event's .ics
    "materials": env_rate("RATE_LIMIT_MATERIALS", "10/m"),  # a toolkit's materials zip
    "form": env_rate("RATE_LIMIT_FORM", "10/m"),  # forms sent by visitors not logged in
    "csp_report": env_rate("RATE_LIMIT_CSP_REPORT", "20/m"),  # browsers' CSP violation reports
}
# The client's address is REMOTE_ADDR unless a proxy in front says otherwise: only when
# TRUSTED_PROXY_HEADER names its header (deploy/nginx sends X-Forwarded-For), and only from a
# peer in TRUSTED_PROXIES, is the header read; TRUSTED_PROXY_COUNT is how many proxies in a row
# each append the address they saw to it (nginx alone replaces it: 1).
PORTAL_TRUSTED_PROXY_HEADER = env("TRUSTED_PROXY_HEADER", "")
PORTAL_TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES", "127.0.0.1,::1")
PORTAL_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if PORTAL_TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT must be 1 or more, got {PORTAL_TRUSTED_PROXY_COUNT}."
    )
# How many web worker processes are meant to serve the site, for `check --deploy` (gunicorn's
# config checks the number it really starts).
PORTAL_WEB_WORKERS = env_int("GUNICORN_WORKERS", 1)


def _origin(url):
    """``https://tile.example.org`` of a tile URL template (``{s}`` subdomains as ``*``)."""
    parts = urlsplit(url.replace("{s}", "a"))
    host = parts.netloc.replace("a.", "*.", 1) if "{s}." in url else parts.netloc
    return f"{parts.scheme}://{host}" if parts.scheme and host else None


# Content-Security-Policy (portal.security): public pages run our own scripts only; the
# admin and its previews get their own policy, since Wagtail's admin writes inline scripts.
PORTAL_MAP_TILE_ORIGIN = _origin(PORTAL_MAP_TILE_URL)
# Where embedded videos (the body's "Embed" block) may come from.
PORTAL_CSP_FRAME_SRC = env_list(
    "PORTAL_CSP_FRAME_SRC",
    "https://www.youtube.com,https://www.youtube-nocookie.com,https://player.vimeo.com,"
    "https://vk.com,https://vkvideo.ru,https://rutube.ru",
)
PORTAL_CSP_REPORT_URI = "/csp-report/"
# Pictures come from the site itself (or from the bucket or its CDN, when uploads are on S3).
PORTAL_MEDIA_ORIGINS = media_origins(STORAGES["default"])
_images = [
    SELF,
    "data:",
    *PORTAL_MEDIA_ORIGINS,
    *([PORTAL_MAP_TILE_ORIGIN] if PORTAL_MAP_TILE_ORIGIN else []),
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": _images,
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, *PORTAL_CSP_FRAME_SRC],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
        "report-uri": PORTAL_CSP_REPORT_URI,
    }
}
PORTAL_ADMIN_CSP = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [*_images, "blob:"],
        # Wagtail's dashboard asks its release feed whether an upgrade is out.
        "connect-src": [SELF, "https://releases.wagtail.org"],
    }
}
# Browser features nobody on the portal needs, off for it and for what it frames.
PORTAL_PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
}

# /healthz reports the task queue as degraded when a task has waited longer than this: no
# worker is running, or it cannot keep up.
PORTAL_HEALTHZ_TASK_MAX_WAIT = env_int("HEALTHZ_TASK_MAX_WAIT", 600)

# A toolkit offers its documents as one zip (built once per version, in the background) up to
# this total; above it, one by one.
PORTAL_MATERIALS_ZIP_MAX_BYTES = env_int("MATERIALS_ZIP_MAX_BYTES", 200 * 1024 * 1024)

# Where `manage.py backup_portal` (and `make backup`) writes its portal-YYYYMMDD-HHMMSS/ folders.
PORTAL_BACKUP_DIR = Path(env("BACKUP_DIR", str(VAR_DIR / "backups")))

# Login protection (django-axes, portal.auth.lockout): after LOGIN_FAILURE_LIMIT failed
# sign-ins for one user name, or from one address whatever the names tried, signing in is
# refused with a 429 for LOGIN_LOCKOUT_MINUTES (a site manager may unlock sooner: Settings →
# «Блокировки входа»). The admin's login and the readers' login for private pages alike.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# The pause runs from the lockout: attempts during it neither count nor prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "portal.auth.lockout.client_address"
AXES_LOCKOUT_CALLABLE = "portal.auth.lockout.lockout_response"
AXES_HANDLER = "portal.auth.lockout.LockoutHandler"
# No table of every successful sign-in with its address: only the failures are kept.
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ADMIN = False  # Django's admin is not used; the lockouts have their own view.

# Password reset (/admin/password_reset/): requests a client may make an hour from one address
# (then a 429), and mails one e-mail address may receive an hour (then none, unsaid).
PORTAL_PASSWORD_RESET_LIMITS = {"address": 10, "email": 3, "window": 60 * 60}

# Two-factor sign-in for the admin (django-otp, portal.auth.two_factor): a code from an
# authenticator app (TOTP) or a backup code. Whoever has set it up must give a code; the
# roles of home.editorial.roles.needs_two_factor (moderators, site managers, superusers) must
# set it up before they can use the admin, unless PORTAL_REQUIRE_2FA is off.
PORTAL_REQUIRE_2FA = env_bool("PORTAL_REQUIRE_2FA", True)
PORTAL_TWO_FACTOR_REQUIRED_FOR = "home.editorial.roles.needs_two_factor"
WAGTAILADMIN_USER_LOGIN_FORM = "portal.auth.two_factor.TwoFactorLoginForm"


DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "portal-demo"  # noqa: S105 - a documented demo login, refused in production.
