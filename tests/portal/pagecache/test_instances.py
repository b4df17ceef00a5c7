"""Two app servers (gunicorn, production settings) sharing PostgreSQL and Redis agree on every
page after a publish: neither keeps serving its copy of the old one."""

import http.client
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"
SERVER = os.environ.get("PAGECACHE_IT_SERVER", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE = os.environ.get("PAGECACHE_IT_DATABASE", "portal_pagecache_it")
REDIS_URL = os.environ.get("PAGECACHE_IT_REDIS_URL", "redis://127.0.0.1:6379/4")
PORTS = [int(port) for port in os.environ.get("PAGECACHE_IT_PORTS", "8141,8142").split(",")]


def reachable():
    try:
        import psycopg
        import redis

        with psycopg.connect(SERVER, connect_timeout=2):
            pass
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except Exception:
        return False
    return True


pytestmark = pytest.mark.skipif(not reachable(), reason="needs PostgreSQL and Redis")


def recreate_database():
    import psycopg

    with psycopg.connect(SERVER, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


@pytest.fixture(scope="module")
def environment(tmp_path_factory, collected):
    workdir = tmp_path_factory.mktemp("pagecache-it")
    example = (ROOT / ".env.example").read_text()
    documented = re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.M)
    database_url = SERVER.rsplit("/", 1)[0] + f"/{DATABASE}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PG"))},
        **dict.fromkeys(documented, ""),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"pagecache-it-{os.getpid()}-{secrets.token_hex(3)}",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "MEDIA_ROOT": str(workdir / "media"),
        "STATIC_ROOT": str(collected),
        "LOG_FORMAT": "json",
        "GUNICORN_WORKERS": "2",
        "PORTAL_PAGE_CACHE": "true",
    }
    recreate_database()
    for command in (["migrate", "--noinput"], ["setup_portal"]):
        result = subprocess.run(
            [str(PYTHON), "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    return env, workdir


@pytest.fixture(scope="module")
def servers(environment):
    env, workdir = environment
    started = []
    for port in PORTS:
        log = open(workdir / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed below
        process = subprocess.Popen(
            [str(GUNICORN), "--config", "deploy/gunicorn.conf.py", "portal.wsgi"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
    try:
        for port, (process, _log) in zip(PORTS, started, strict=True):
            wait_until_serving(port, process, workdir)
        yield PORTS
    finally:
        for process, log in started:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()


def wait_until_serving(port, process, workdir, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, (workdir / f"gunicorn-{port}.log").read_text()[-3000:]
        try:
            status, _headers, _body = get(port, "/healthz")
        except OSError:
            time.sleep(0.3)
            continue
        if status in (200, 503):
            return
        time.sleep(0.3)
    raise AssertionError(f"gunicorn on {port} did not answer")


def get(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1", "X-Forwarded-Proto": "https"})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def manage_shell(env, code):
    result = subprocess.run(
        [str(PYTHON), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


PUBLISH = """
from home.models import HomePage
home = HomePage.objects.get(locale__language_code={language!r})
home.title = {title!r}
home.save_revision().publish()
"""


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_both_servers_serve_a_publish_at_once(environment, servers, language):
    env, _workdir = environment
    path = f"/{language}/"
    for port in servers:
        for _attempt in range(3):  # both workers of each server, whichever answers
            status, headers, _html = get(port, path)
            assert status == 200
        assert headers["X-Page-Cache"] == "hit"
        assert "Cookie" not in (headers.get("Vary") or "")
    before = {port: get(port, path)[2] for port in servers}
    assert before[servers[0]] == before[servers[1]]

    title = f"Заголовок {language} {secrets.token_hex(3)}"
    manage_shell(env, PUBLISH.format(language=language, title=title))

    for port in servers:
        for _attempt in range(3):
            status, headers, html = get(port, path)
            assert status == 200
            assert title in title_of(html), (port, title_of(html))
    # And the new page is cached again, for both servers.
    assert get(servers[0], path)[1]["X-Page-Cache"] == "hit"
    assert get(servers[1], path)[1]["X-Page-Cache"] == "hit"
