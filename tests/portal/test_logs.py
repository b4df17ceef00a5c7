"""Logs a machine can parse, and the error tracker that one variable switches on."""

import gzip
import http.server
import json
import logging
import os
import sys
import threading
from pathlib import Path

import brotli
import pytest

from portal.logs import JSONFormatter
from tests.processes import run_python

ROOT = Path(__file__).resolve().parents[2]


def test_request_logs_are_json_with_path_and_status(client, db, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    assert client.get("/ru/no-such-page/", {"q": "x"}).status_code == 404
    record = next(r for r in caplog.records if r.name == "django.request")
    entry = json.loads(JSONFormatter().format(record))
    assert entry["level"] == "WARNING"
    assert entry["method"] == "GET"
    assert entry["path"] == "/ru/no-such-page/"
    assert entry["status"] == 404
    assert entry["time"].endswith("+00:00")


def test_exceptions_are_one_line_of_json():
    try:
        raise ValueError('a "quoted"\nmessage')
    except ValueError:
        record = logging.LogRecord(
            "portal", logging.ERROR, __file__, 1, "failed: %s", ("ü",), sys.exc_info()
        )
    line = JSONFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed: ü"
    assert 'ValueError: a "quoted"' in entry["exception"]


def test_the_console_handler_writes_json_by_default():
    handlers = logging.getLogger().handlers
    assert any(isinstance(handler.formatter, JSONFormatter) for handler in handlers)


class Collector(http.server.BaseHTTPRequestHandler):
    """Plays the error tracker's ingestion endpoint: keeps what the SDK sends."""

    received = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            body = brotli.decompress(body)
        Collector.received.append((self.path, body.decode("utf-8", "replace")))
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def collector():
    Collector.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


SCRIPT = """
import django
from django.conf import settings
django.setup()
settings.ROOT_URLCONF = "tests.portal.urls_failing"
# No database tables here: the sessions the middleware reads (the visitors' form limit asks
# whether the user is logged in) live in the cookie.
settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
from django.test import Client
from django.test.utils import setup_test_environment
import sentry_sdk
setup_test_environment()
client = Client(raise_request_exception=False)
client.cookies["sessionid"] = "a-readers-session"
get = client.get("/fail/", secure=True)
post = client.post("/fail/", {"email": "reader@example.org"}, secure=True)
print(get.status_code, post.status_code, sentry_sdk.get_client().is_active())
sentry_sdk.flush(timeout=5)
"""


def run_with(environ, tmp_path):
    """The production settings, as gunicorn loads them, in a fresh interpreter."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WAGTAILADMIN_BASE_URL": "https://portal.example.org",
        "MEDIA_ROOT": str(tmp_path / "media"),
        **environ,
    }
    return run_python("-c", SCRIPT, env=env, timeout=60)


def test_sentry_receives_a_server_error_when_its_dsn_is_set(collector, tmp_path):
    port = collector.server_address[1]
    result = run_with({"SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/42"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "500", "True"]
    events = [body for path, body in Collector.received if path.startswith("/api/42/")]
    assert len(events) >= 2, "the errors did not reach the error tracker"
    assert all("a bug in a view" in body and "RuntimeError" in body for body in events)
    # Nothing personal goes with them: not the cookie, not the form, not the address.
    for body in events:
        assert "a-readers-session" not in body
        assert "reader@example.org" not in body
        assert "127.0.0.1" not in body.replace(f"127.0.0.1:{port}", "")


def test_no_dsn_no_tracker(collector, tmp_path):
    result = run_with({"SENTRY_DSN": ""}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "500", "False"]
    assert Collector.received == []
