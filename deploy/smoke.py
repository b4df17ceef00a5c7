"""``make smoke``: deploy the checkout as production would, then crawl it.

On a fresh PostgreSQL database it runs the README's production steps (migrate, collectstatic,
setup_portal, the demo content), starts gunicorn with the production settings and the task
worker, and crawls every page linked from /ru/ and /en/ (and the admin's main screens, logged
in) with HTTPS simulated by ``X-Forwarded-Proto``. It fails on any 5xx, any broken internal link
or static file, any link into a media folder the proxy must not expose, a log line that is not
JSON, an error in the logs or a task that failed; then it stops the processes and drops the
database. Run it with the project's virtualenv: ``.venv/bin/python deploy/smoke.py``.
"""

import argparse
import collections
import http.client
import http.cookies
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"

# Pages readers reach through filters multiply quickly (every facet combination is a link):
# a few variants of each path are enough to prove the filters render.
QUERY_VARIANTS_PER_PATH = 4
LINK_ATTRIBUTES = {"href", "src", "poster", "data-src"}
OPEN_GRAPH_IMAGES = {"og:image", "og:image:url", "og:image:secure_url", "twitter:image"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
SITEMAP_URL = re.compile(r"<(?:loc)>([^<]+)</loc>|<xhtml:link[^>]*href=\"([^\"]+)\"")
# A reference-index task whose row was replaced before the worker reached it (inline rows are
# re-created when a translation is synchronised); the new row's own task indexes the page.
STALE_REFERENCE_TASK = "wagtail.tasks.update_reference_index_task"
# The crawl comes from one address, as no reader does: every limit but the suggestions' is out
# of its way; the suggestions' one is tried against both workers (check_rate_limit).
SUGGEST_LIMIT = 20
RATE_LIMITS = {
    "RATE_LIMIT_SUGGEST": f"{SUGGEST_LIMIT}/m",
    "RATE_LIMIT_SEARCH": "100000/m",
    "RATE_LIMIT_ICS": "100000/m",
    "RATE_LIMIT_MATERIALS": "100000/m",
    "RATE_LIMIT_FORM": "100000/m",
    "RATE_LIMIT_CSP_REPORT": "100000/m",
}


def stale_reference_failure(text):
    """Whether a failed task's record or log line is that expected failure."""
    return STALE_REFERENCE_TASK.rsplit(".", 1)[-1] in text and "DoesNotExist" in text


class SmokeFailed(Exception):
    pass


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # Search and filter forms are GET forms: their action is a page like any other.
            if (attrs.get("method") or "get").lower() == "get" and attrs.get("action"):
                self.links.append(attrs["action"])
            return
        for name, value in attrs.items():
            if name in LINK_ATTRIBUTES and value:
                self.links.append(value)
            elif name in {"srcset", "imagesrcset"} and value:
                self.links.extend(part.split()[0] for part in value.split(",") if part.strip())
        if tag == "meta" and attrs.get("property") in OPEN_GRAPH_IMAGES and attrs.get("content"):
            self.links.append(attrs["content"])


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log(message):
    print(message, flush=True)


class Smoke:
    def __init__(self, args):
        self.args = args
        self.port = args.port or free_port()
        self.origin = f"127.0.0.1:{self.port}"
        self.db_name = f"portal_smoke_{os.getpid()}"
        server = urllib.parse.urlsplit(args.server)
        self.database_url = server._replace(path=f"/{self.db_name}").geturl()
        self.workdir = Path(tempfile.mkdtemp(prefix="portal-smoke-"))
        self.media_root = self.workdir / "media"
        self.processes = {}
        self.databases = []
        self.failures = []
        self.statuses = collections.Counter()
        self.kinds = collections.Counter()
        self.cookies = {}
        self.page_targets = []
        self.sent = 0
        self.backup_summary = []
        self.started = time.monotonic()
        # What the developer's shell or .env says must not leak in: every variable the portal
        # documents is set, empty (its default) unless the smoke run sets it below.
        example = (ROOT / ".env.example").read_text()
        documented = re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.M)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PG"))},
            **dict.fromkeys(documented, ""),
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": args.redis,
            "CACHE_KEY_PREFIX": f"smoke{os.getpid()}",
            "WAGTAILADMIN_BASE_URL": f"http://{self.origin}",
            "MEDIA_ROOT": str(self.media_root),
            "STATIC_ROOT": str(self.workdir / "static"),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "ADMINS": "",
            "SENTRY_DSN": "",
            "LOG_FORMAT": "json",
            "GUNICORN_BIND": self.origin,
            "GUNICORN_WORKERS": "2",
            **RATE_LIMITS,
            "DJANGO_SUPERUSER_USERNAME": "smoke",
            "DJANGO_SUPERUSER_EMAIL": "smoke@example.org",
            "DJANGO_SUPERUSER_PASSWORD": secrets.token_urlsafe(16),
        }

    # -- steps ------------------------------------------------------------------------------

    def elapsed(self):
        return time.monotonic() - self.started

    def step(self, title, *command, env=None):
        started = time.monotonic()
        result = subprocess.run(
            command, cwd=ROOT, env=env or self.env, capture_output=True, text=True, check=False
        )
        took = time.monotonic() - started
        if result.returncode != 0:
            output = (result.stdout + result.stderr).strip().splitlines()
            raise SmokeFailed(
                f"{title} failed (exit {result.returncode}):\n" + "\n".join(output[-40:])
            )
        log(f"  ok  {title} ({took:.1f} s)")
        return result.stdout

    def manage(self, *arguments, env=None):
        title = f"manage.py {' '.join(arguments)}"
        return self.step(title, str(PYTHON), "manage.py", *arguments, env=env)

    def create_database(self, name=None):
        name = name or self.db_name
        with psycopg.connect(self.args.server, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        log(f"  ok  created database {name}")

    def drop_databases(self):
        for name in self.databases:
            try:
                with psycopg.connect(self.args.server, autocommit=True) as connection:
                    connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except psycopg.Error as error:
                log(f"  !!  could not drop {name}: {error}")
            else:
                log(f"  ok  dropped database {name}")

    def start(self, name, *command, env=None):
        stdout = open(self.workdir / f"{name}.out", "w")  # noqa: SIM115 - closed at stop()
        stderr = open(self.workdir / f"{name}.err", "w")  # noqa: SIM115
        self.processes[name] = (
            subprocess.Popen(command, cwd=ROOT, env=env or self.env, stdout=stdout, stderr=stderr),
            stdout,
            stderr,
        )

    def stop(self):
        for name, (process, stdout, stderr) in self.processes.items():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            stdout.close()
            stderr.close()
            log(f"  ok  stopped {name}")

    def wait_until_serving(self, name="gunicorn", port=None, timeout=60):
        """Until the gunicorn started as ``name`` answers /healthz (whatever its verdict)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.processes[name][0].poll() is not None:
                raise SmokeFailed(f"{name} exited:\n" + self.tail(f"{name}.err"))
            try:
                status, _headers, _body = self.request("/healthz", secure=False, port=port)
            except OSError:
                time.sleep(0.3)
                continue
            if status in (200, 503):
                log(f"  ok  {name} answers on 127.0.0.1:{port or self.port}")
                return
            time.sleep(0.3)
        raise SmokeFailed(f"{name} did not answer in time:\n" + self.tail(f"{name}.err"))

    def tail(self, name, lines=30):
        path = self.workdir / name
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    # -- HTTP -------------------------------------------------------------------------------

    def request(self, target, method="GET", body=None, headers=None, secure=True, port=None):
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=30)
        sent = {"Host": self.origin, "User-Agent": "portal-smoke/1.0"}
        if secure:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        sent.update(headers or {})
        try:
            connection.request(method, target, body=body, headers=sent)
            response = connection.getresponse()
            data = response.read()
            if port is None:  # answered, so gunicorn's access log has a line for it
                self.sent += 1
        finally:
            connection.close()
        for header in (response.headers.get_all("Set-Cookie") or []) if port is None else []:
            cookie = http.cookies.SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        return response.status, response.headers, data

    def internal(self, url, base):
        """The request target of ``url`` (found on ``base``) on this site, or None."""
        url = url.strip()
        if url.startswith(("mailto:", "tel:", "javascript:", "webcal:", "data:", "#")):
            return None
        absolute = urllib.parse.urljoin(f"https://{self.origin}{base}", url)
        parts = urllib.parse.urlsplit(absolute)
        if parts.scheme not in {"http", "https"} or parts.netloc != self.origin:
            return None
        # Cyrillic in a link is sent percent-encoded, as a browser does.
        path = urllib.parse.quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
        query = urllib.parse.quote(parts.query, safe="=&%+:/,;@!$'()*-._~")
        return urllib.parse.urlunsplit(("", "", path, query, ""))

    # -- checks -----------------------------------------------------------------------------

    def check_plain_http(self):
        status, headers, _ = self.request("/ru/", secure=False)
        if status != 301 or not headers.get("Location", "").startswith("https://"):
            self.fail(f"plain HTTP /ru/ answered {status}, not a redirect to HTTPS")
        status, _, body = self.request("/healthz", secure=False)
        if status != 200:
            self.fail(f"/healthz over plain HTTP answered {status}: {body[:300]!r}")
        log("  ok  HTTP redirects to HTTPS; /healthz answers plain HTTP")

    def fail(self, message):
        self.failures.append(message)
        log(f"  !!  {message}")

    def check_media(self, target, referrer):
        path = urllib.parse.unquote(urllib.parse.urlsplit(target).path)
        if not path.startswith("/media/images/") or ".." in path:
            self.fail(f"{referrer} links {target}: the proxy never serves that folder")
            return
        # nginx serves /media/images/ from MEDIA_ROOT/images/: the file must be there.
        if not (self.media_root / path.removeprefix("/media/")).is_file():
            self.fail(f"{referrer} links {target}, which is not in MEDIA_ROOT")
        self.kinds["media files"] += 1

    def crawl(self, seeds, max_pages, login=False):
        queue = collections.deque((seed, "(start)") for seed in seeds)
        seen = set(seeds)
        variants = collections.Counter()
        pages = 0
        while queue:
            if pages >= max_pages:
                log(f"  ..  stopped at {max_pages} pages with {len(queue)} links not followed")
                break
            target, referrer = queue.popleft()
            if target.startswith("/media/"):
                self.check_media(target, referrer)
                continue
            try:
                status, headers, body = self.request(target)
            except (OSError, http.client.HTTPException) as error:
                self.fail(f"{target} (linked from {referrer}): {error}")
                continue
            self.statuses[status] += 1
            content_type = headers.get("Content-Type", "").split(";")[0]
            kind = self.kind(target, content_type)
            self.kinds[kind] += 1
            if status >= 500:
                self.fail(f"{target} answered {status} (linked from {referrer})")
                continue
            if status in (301, 302, 303, 307, 308):
                found = [headers.get("Location", "")]
            elif status >= 400:
                self.fail(f"{target} answered {status}: a broken link on {referrer}")
                continue
            elif content_type == "text/html":
                pages += 1
                if not target.startswith("/admin/"):
                    self.page_targets.append(target)
                parser = Links()
                parser.feed(body.decode("utf-8", "replace"))
                found = parser.links
            elif content_type == "text/css":
                found = CSS_URL.findall(body.decode("utf-8", "replace"))
            elif content_type in {"application/xml", "text/xml"} and "sitemap" in target:
                found = [a or b for a, b in SITEMAP_URL.findall(body.decode())]
            else:
                continue
            for link in found:
                linked = self.internal(link, target)
                if linked is None or linked in seen:
                    continue
                if linked.startswith("/admin/") and not login:
                    continue
                # Logging out ends the crawl; bulk actions are URLs the page's script completes
                # with the chosen rows.
                if linked.startswith(("/admin/logout/", "/admin/bulk/")):
                    continue
                path, _, query = linked.partition("?")
                if query:
                    variants[path] += 1
                    if variants[path] > QUERY_VARIANTS_PER_PATH:
                        continue
                seen.add(linked)
                queue.append((linked, target))
        return pages

    @staticmethod
    def kind(target, content_type):
        if target.startswith("/static/"):
            return "static files"
        if target.startswith("/documents/"):
            return "documents"
        if content_type == "text/html":
            return "admin pages" if target.startswith("/admin/") else "pages"
        return "feeds, calendars, maps and sitemaps"

    def log_in(self):
        status, _, body = self.request("/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or token is None:
            raise SmokeFailed(f"the admin login page answered {status} without a form")
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1).decode(),
                "username": self.env["DJANGO_SUPERUSER_USERNAME"],
                "password": self.env["DJANGO_SUPERUSER_PASSWORD"],
                "next": "/admin/",
            }
        )
        status, headers, _ = self.request(
            "/admin/login/",
            method="POST",
            body=form,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"https://{self.origin}/admin/login/",
            },
        )
        if status != 302 or "login" in headers.get("Location", ""):
            raise SmokeFailed(f"logging in to the admin failed ({status})")
        log("  ok  logged in to the admin")

    def admin_seeds(self):
        """The admin's main screens, and the edit views of both home pages."""
        seeds = ["/admin/", "/admin/pages/", "/admin/images/", "/admin/documents/"]
        seeds += ["/admin/snippets/", "/admin/reports/locked/", "/admin/users/"]
        with psycopg.connect(self.database_url) as connection:
            rows = connection.execute(
                "SELECT p.id FROM wagtailcore_page p JOIN wagtailcore_locale l"
                " ON l.id = p.locale_id WHERE p.depth = 2 ORDER BY l.language_code"
            ).fetchall()
        seeds += [f"/admin/pages/{page_id}/edit/" for (page_id,) in rows]
        return seeds

    def wait_for_queue(self, timeout):
        """The worker drains what the deploy queued; a task that failed is a bug."""
        deadline = time.monotonic() + timeout
        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while True:
                counts = dict(
                    connection.execute(
                        "SELECT status, count(*) FROM django_tasks_database_dbtaskresult"
                        " GROUP BY status"
                    ).fetchall()
                )
                waiting = counts.get("READY", 0) + counts.get("RUNNING", 0)
                if not waiting or time.monotonic() > deadline:
                    break
                time.sleep(1)
            failed = connection.execute(
                "SELECT task_path, exception_class_path, count(*)"
                " FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
                " GROUP BY 1, 2"
            ).fetchall()
        log(
            f"  ok  task queue: {counts.get('SUCCESSFUL', 0)} done, {waiting} waiting,"
            f" {counts.get('FAILED', 0)} failed"
        )
        if waiting:
            self.fail(f"{waiting} tasks still wait after {timeout} s: the worker is not keeping up")
        stale = 0
        for task_path, exception, count in failed:
            if stale_reference_failure(f"{task_path} {exception}"):
                stale += count
            else:
                self.fail(f"{count} × {task_path} failed with {exception}")
        if stale:
            log(f"  ..  {stale} reference-index tasks found their inline row already replaced")

    def backup_round_trip(self, pages):
        """Back up the deployed portal, restore it into a new database and media folder, and
        serve the restored copy: the same rows, and the same pages byte for byte."""
        output = self.manage("backup_portal", "--output", str(self.workdir / "backups"))
        folder = next((self.workdir / "backups").glob("portal-*"))
        restored_db = f"{self.db_name}_restored"
        self.create_database(restored_db)
        env = {
            **self.env,
            "DATABASE_URL": urllib.parse.urlsplit(self.database_url)
            ._replace(path=f"/{restored_db}")
            .geturl(),
            "MEDIA_ROOT": str(self.workdir / "media-restored"),
            "CACHE_KEY_PREFIX": f"{self.env['CACHE_KEY_PREFIX']}restored",
        }
        output += self.manage("restore_portal", str(folder), env=env)
        for line in output.splitlines():
            if re.search(
                r"rows|\.(Page|Revision|Translation(Source)?|String|Image|Rendition|Document)\s",
                line,
            ):
                self.backup_summary.append(line.strip())
        port = free_port()
        env["GUNICORN_BIND"] = f"127.0.0.1:{port}"
        self.start(
            "restored", str(GUNICORN), "--config", "deploy/gunicorn.conf.py", "portal.wsgi", env=env
        )
        self.wait_until_serving("restored", port=port)
        self.check_health(probes=1, port=port)
        different = 0
        for target in pages:
            original = self.request(target)
            restored = self.request(target, port=port)
            if (original[0], original[2]) != (restored[0], restored[2]):
                different += 1
                self.fail(f"{target}: the restored portal answers {restored[0]}, differently")
        same = len(pages) - different
        log(f"  ok  the restored portal serves {same} of {len(pages)} pages identically")

    def check_health(self, probes=20, port=None):
        timings = []
        for _ in range(probes):
            started = time.perf_counter()
            status, _, body = self.request("/healthz", port=port)
            timings.append((time.perf_counter() - started) * 1000)
            try:
                checks = json.loads(body)["checks"]
            except (ValueError, KeyError):
                raise SmokeFailed(
                    f"/healthz answered {status} without JSON: {body[:300]!r}"
                ) from None
            if status != 200:
                raise SmokeFailed(f"/healthz answered {status}: {checks}")
        timings.sort()
        log(
            "  ok  /healthz: "
            + ", ".join(f"{k} {v['status']} ({v['ms']} ms)" for k, v in checks.items())
            + f"; answered in {timings[len(timings) // 2]:.1f} ms (median of {probes})"
        )

    def check_rate_limit(self):
        """Both workers count in the one Redis: the suggestions' limit holds across them, and
        the request past it gets a 429 with Retry-After."""
        second = time.time() % 60
        if second > 45:  # the whole burst inside one minute's window
            time.sleep(61 - second)
        answers = [
            self.request(
                "/ru/search/suggest/?q=%D0%B4%D0%B2", headers={"Accept": "application/json"}
            )
            for _ in range(SUGGEST_LIMIT + 3)
        ]
        statuses = [status for status, _headers, _body in answers]
        if statuses != [200] * SUGGEST_LIMIT + [429] * 3:
            self.fail(
                f"{SUGGEST_LIMIT} suggestions a minute allowed, but the answers were {statuses}"
            )
            return
        retry_after = answers[-1][1].get("Retry-After", "")
        if not retry_after.isdigit() or not 1 <= int(retry_after) <= 60:
            self.fail(f"the 429 says Retry-After: {retry_after!r}")
            return
        log(
            f"  ok  one rate limit for both workers: 429 after {SUGGEST_LIMIT} suggestions, "
            f"Retry-After {retry_after}"
        )

    def check_logs(self):
        """Every line gunicorn and Django wrote is JSON; the access log has path and status."""
        access = 0
        for name in ("gunicorn.out", "gunicorn.err", "worker.err", "restored.out", "restored.err"):
            for number, line in enumerate(self.tail(name, lines=10**6).splitlines(), 1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except ValueError:
                    self.fail(f"{name}:{number} is not JSON: {line[:200]}")
                    continue
                if name == "gunicorn.out":
                    if "path" not in entry or "status" not in entry:
                        self.fail(f"{name}:{number} lacks path or status: {line[:200]}")
                    access += 1
                elif entry.get("level") in {"ERROR", "CRITICAL"}:
                    detail = entry.get("message", "")
                    if stale_reference_failure(line):
                        continue
                    self.fail(f"{name}:{number} logs an error: {detail[:300]}")
        if access != self.sent:
            self.fail(f"the access log has {access} lines for {self.sent} requests")
        log(f"  ok  logs are JSON lines ({access} access log lines)")

    # -- the run ----------------------------------------------------------------------------

    def run(self):
        log(f"== Production smoke run on {self.origin}, database {self.db_name}")
        try:
            self.create_database()
            self.manage("migrate", "--noinput")
            self.manage("collectstatic", "--noinput")
            self.manage("setup_portal")
            self.manage("load_demo_content")
            self.manage("createsuperuser", "--noinput")
            self.start(
                "gunicorn", str(GUNICORN), "--config", "deploy/gunicorn.conf.py", "portal.wsgi"
            )
            self.start("worker", str(PYTHON), "manage.py", "db_worker", "--no-startup-delay")
            self.wait_until_serving()
            # What the deploy queued (the toolkits' materials archives among it) is done before
            # readers arrive: an archive still being built answers 503 "being prepared".
            self.wait_for_queue(self.args.queue_timeout)
            self.check_plain_http()
            seeds = ["/", "/ru/", "/en/", "/sitemap.xml", "/robots.txt"]
            pages = self.crawl(seeds, self.args.max_pages)
            log(f"  ok  crawled {pages} public pages")
            self.log_in()
            admin_pages = self.crawl(self.admin_seeds(), self.args.max_admin_pages, login=True)
            log(f"  ok  crawled {admin_pages} admin pages")
            self.wait_for_queue(self.args.queue_timeout)
            self.check_health()
            self.check_rate_limit()
            # Public pages only, without the session the admin crawl holds.
            self.cookies = {}
            self.backup_round_trip(self.page_targets[: self.args.compare_pages])
        except SmokeFailed as error:
            self.failures.append(str(error))
            log(f"  !!  {error}")
        finally:
            self.stop()
            if self.processes:
                self.check_logs()
            if not self.args.keep:
                self.drop_databases()
                shutil.rmtree(self.workdir, ignore_errors=True)
            else:
                log(f"  ..  kept {', '.join(self.databases)} and {self.workdir}")
        requests = sum(self.statuses.values())
        log(
            f"== {requests} requests ("
            + ", ".join(f"{count} {kind}" for kind, count in self.kinds.most_common())
            + "); statuses "
            + ", ".join(f"{status}: {count}" for status, count in sorted(self.statuses.items()))
            + f"; {self.elapsed():.0f} s"
        )
        for line in self.backup_summary:
            log(f"   backup: {line}")
        if self.failures:
            log(f"== FAILED: {len(self.failures)} problem(s)")
            return 1
        log("== Smoke run passed")
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server",
        default=os.environ.get("SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL database to connect to while creating and dropping the smoke one",
    )
    parser.add_argument(
        "--redis", default=os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--max-pages", type=int, default=400)
    parser.add_argument("--max-admin-pages", type=int, default=40)
    parser.add_argument("--queue-timeout", type=int, default=150)
    parser.add_argument(
        "--compare-pages", type=int, default=60, help="pages compared after restore"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and files")
    return Smoke(parser.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
