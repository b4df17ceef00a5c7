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
from django.test import Client
from django.test.utils import setup_test_environment
import sentry_sdk
setup_test_environment()
client = Client(raise_request_exception=False)
print(client.get("/fail/").status_code, sentry_sdk.get_client().is_active())
sentry_sdk.flush(timeout=5)
"""


def run_with(environ):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", **environ}
    return run_python("-c", SCRIPT, env=env, timeout=60)


def test_sentry_receives_a_server_error_when_its_dsn_is_set(collector):
    port = collector.server_address[1]
    result = run_with({"SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/42"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "True"]
    events = [body for path, body in Collector.received if path.startswith("/api/42/")]
    assert events, "nothing reached the error tracker"
    assert any("a bug in a view" in body and "RuntimeError" in body for body in events)
    # No personal data: no cookies or client address go with the event.
    assert not any('"REMOTE_ADDR"' in body or '"cookies"' in body for body in events)


def test_no_dsn_no_tracker(collector):
    result = run_with({"SENTRY_DSN": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["500", "False"]
    assert Collector.received == []
