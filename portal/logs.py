"""Logs a machine can read, and the optional error tracker.

Every line the portal writes in production is one JSON object: Django's own records (with the
request's method, path and status when Django logs a request), gunicorn's error log and its
access log (one line per request). A log shipper or ``jq`` reads them without a grammar.
"""

import datetime
import json
import logging

from django.core.exceptions import ImproperlyConfigured

from gunicorn import glogging


def _text(value):
    """A WSGI string (bytes as latin-1, by the spec) as the UTF-8 text the client sent."""
    if value is None:
        return None
    return value.encode("latin-1", "replace").decode("utf-8", "replace")


def _now():
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds")


class JSONFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # django.request and django.security attach the request; runserver's django.server
        # attaches a socket instead, which has no path.
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = request.method
            entry["path"] = request.path
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class GunicornLogger(glogging.Logger):
    """gunicorn's logger with JSON lines: its error log through JSONFormatter, and an access
    log whose fields are escaped properly (a ``"`` in a path cannot break a line)."""

    def setup(self, cfg):
        super().setup(cfg)
        formatter = JSONFormatter()
        for handler in self.error_log.handlers:
            if getattr(handler, "_gunicorn", False):
                handler.setFormatter(formatter)

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        entry = {
            "time": _now(),
            "logger": "gunicorn.access",
            "remote": environ.get("REMOTE_ADDR"),
            "forwarded_for": environ.get("HTTP_X_FORWARDED_FOR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": _text(environ.get("PATH_INFO")),
            "query": _text(environ.get("QUERY_STRING")) or None,
            "status": int(status) if str(status).isdigit() else status,
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "referer": _text(environ.get("HTTP_REFERER")),
            "user_agent": _text(environ.get("HTTP_USER_AGENT")),
        }
        self.access_log.info(json.dumps(entry, ensure_ascii=False))


def start_error_tracker(dsn, environment, traces_sample_rate):
    """Send unhandled errors to Sentry (or a Sentry-compatible service such as GlitchTip)."""
    try:
        rate = float(traces_sample_rate or 0)
    except ValueError:
        raise ImproperlyConfigured(
            f"SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1, got {traces_sample_rate!r}."
        ) from None
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError:
        raise ImproperlyConfigured(
            "SENTRY_DSN is set but sentry-sdk is not installed (pip install sentry-sdk)."
        ) from None
    from sentry_sdk.integrations.logging import ignore_logger

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        traces_sample_rate=rate,
        # Nothing personal leaves the site: no cookies, users or addresses, no form bodies
        # (an editor's page, a reader's e-mail), no local variables of the failing frames.
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
    )
    # A scanner's Host header is not an error the team can fix.
    ignore_logger("django.security.DisallowedHost")


def error_tracker_enabled():
    try:
        import sentry_sdk
    except ImportError:
        return False
    return sentry_sdk.get_client().is_active()
