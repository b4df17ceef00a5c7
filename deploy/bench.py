"""``make bench``: how fast each public page is served, as production serves it, on a large corpus.

On its own PostgreSQL database (``portal_bench`` unless ``--database`` names another) it runs
migrate, setup_portal, the demo content and ``seed_benchmark --scale N`` (each a no-op when done
already; another scale re-creates the database), collectstatic, then starts gunicorn with the
production settings and 2 workers and loads each target page in turn with ``wrk`` (Debian's
package; a Python load generator when it is absent): requests per second, the page's share of
the rate of a static CSS file served by the same servers, p50/p95/p99, the queries one request
makes (counted in-process, ``manage.py count_queries``) and the workers' memory. It does all of
it twice: without the page cache (``PORTAL_PAGE_CACHE=0``) and with it (``=1``), prints a table
per pass, marks each page against the targets and writes everything to
``var/bench/<timestamp>.json``.

A benchmark, not a test: ``--strict`` makes a missed target exit 1, otherwise it exits 0.
``.venv/bin/python deploy/bench.py --help`` lists the knobs.
"""

import argparse
import datetime
import http.client
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import psycopg
from loadtest import WRK_REPORT, children, rss_mb, wrk_report
from smoke import GUNICORN, PYTHON, RATE_LIMITS, ROOT, log

# The targets (issue 17): uncached pages at ≥ 3 % of the static file's rate with ≤ 12 queries,
# cached ones at ≥ 50 %.
UNCACHED_SHARE = 0.03
CACHED_SHARE = 0.50
MAX_QUERIES = 12
STATIC = "static css"
# Flat growth between two corpus sizes (--compare).
GROWTH = 1.5
SEARCH_P95_MS = 50

WRK_SCRIPT = (
    """
wrk.headers["Host"] = "%(host)s"
wrk.headers["X-Forwarded-Proto"] = "https"
wrk.headers["Accept-Language"] = "%(language)s"
"""
    + WRK_REPORT
)


class BenchFailed(Exception):
    pass


def percentile(sorted_values, share):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


def python_load(port, host, path, language, connections, duration):
    """What wrk measures, with threads and keep-alive connections (slower than wrk: the rates
    are a floor, and the static file's rate most of all)."""
    latencies, statuses, errors = [], {}, [0]
    lock = threading.Lock()
    deadline = time.monotonic() + duration
    headers = {"Host": host, "X-Forwarded-Proto": "https", "Accept-Language": language}

    def reader():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, counts = [], {}
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            counts[str(response.status)] = counts.get(str(response.status), 0) + 1
        connection.close()
        with lock:
            latencies.extend(mine)
            for status, count in counts.items():
                statuses[status] = statuses.get(status, 0) + count

    started = time.monotonic()
    threads = [threading.Thread(target=reader) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "duration_us": int((time.monotonic() - started) * 1e6),
        "errors": errors[0],
        "p50": round(percentile(latencies, 0.50), 2),
        "p95": round(percentile(latencies, 0.95), 2),
        "p99": round(percentile(latencies, 0.99), 2),
        "statuses": statuses,
    }


class Bench:
    def __init__(self, args):
        self.args = args
        self.port = args.port
        self.host = "127.0.0.1"
        server = urllib.parse.urlsplit(args.database)
        self.db_name = server.path.lstrip("/")
        self.maintenance_url = server._replace(path="/postgres").geturl()
        self.workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
        self.gunicorn = None
        self.wrk = shutil.which("wrk") if not args.python_load else None
        example = (ROOT / ".env.example").read_text()
        documented = re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, re.M)
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PG"))},
            **dict.fromkeys(documented, ""),
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": self.host,
            "DATABASE_URL": args.database,
            "REDIS_URL": args.redis,
            "CACHE_KEY_PREFIX": "bench",
            "WAGTAILADMIN_BASE_URL": f"https://{self.host}",
            "MEDIA_ROOT": str(ROOT / "var" / "bench-media"),
            "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "LOG_FORMAT": "json",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(args.workers),
            # One client address makes every request: no rate limit may refuse it.
            **dict.fromkeys(RATE_LIMITS, "off"),
        }

    # -- preparing the database ----------------------------------------------------------

    def manage(self, *arguments, env=None, quiet=False):
        started = time.monotonic()
        result = subprocess.run(
            [str(PYTHON), "manage.py", *arguments],
            cwd=ROOT,
            env=env or self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE if quiet else None,  # the seeder's progress bar shows
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise BenchFailed(
                f"manage.py {' '.join(arguments)} failed:\n{result.stdout[-3000:]}"
                f"{(result.stderr or '')[-3000:]}"
            )
        log(f"  ok  manage.py {' '.join(arguments)} ({time.monotonic() - started:.1f} s)")
        return result.stdout

    def query(self, sql, url=None, params=None):
        try:
            with psycopg.connect(url or self.args.database, autocommit=True) as connection:
                return connection.execute(sql, params).fetchall()
        except psycopg.Error:
            return None

    def seeded_scale(self):
        rows = self.query(
            "SELECT count(*) FROM news_newspage n JOIN wagtailcore_page p ON p.id = n.page_ptr_id"
            " JOIN wagtailcore_locale l ON l.id = p.locale_id"
            " WHERE p.slug LIKE 'bench-%%' AND l.language_code = 'ru'",
            params=[],
        )
        return rows[0][0] if rows else None

    def prepare(self):
        exists = self.query(
            "SELECT 1 FROM pg_database WHERE datname = %s", self.maintenance_url, [self.db_name]
        )
        have = self.seeded_scale() if exists else None
        if exists and have not in (None, 0, self.args.scale) and not self.args.no_seed:
            # Removing 50,000 pages one by one takes longer than building the database anew.
            log(f"  ..  {self.db_name} holds scale {have}: re-creating it for {self.args.scale}")
            self.query(f'DROP DATABASE "{self.db_name}" WITH (FORCE)', self.maintenance_url)
            exists = None
        if not exists:
            self.query(f'CREATE DATABASE "{self.db_name}"', self.maintenance_url)
            log(f"  ok  created database {self.db_name}")
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("setup_portal", quiet=True)
        if not self.query("SELECT 1 FROM news_newsindexpage LIMIT 1"):
            self.manage("load_demo_content", "--no-admin", quiet=True)
        if not self.args.no_seed:
            output = self.manage("seed_benchmark", "--scale", str(self.args.scale), "--json")
            last = output.strip().splitlines()[-1] if output.strip() else "{}"
            self.seeding = json.loads(last) if last.startswith("{") else {}
        if self.static_is_stale():
            self.manage("collectstatic", "--noinput", "-v", "0")

    def static_is_stale(self):
        """Whether a static source file is newer than the collected manifest (collectstatic
        compresses every file again: half a minute)."""
        manifest = Path(self.env["STATIC_ROOT"]) / "staticfiles.json"
        if not manifest.exists():
            return True
        collected = manifest.stat().st_mtime
        sources = [
            path
            for app in ("portal", "home", "news", "resources")
            for path in (ROOT / app / "static").rglob("*")
            if path.is_file()
        ]
        return any(path.stat().st_mtime > collected for path in sources)

    # -- serving -------------------------------------------------------------------------

    def start(self, page_cache):
        env = {**self.env, "PORTAL_PAGE_CACHE": "1" if page_cache else "0"}
        self.flush_cache()
        self.log_file = open(self.workdir / f"gunicorn-{int(page_cache)}.log", "w")  # noqa: SIM115
        self.gunicorn = subprocess.Popen(
            [str(GUNICORN), "--config", "deploy/gunicorn.conf.py", "--max-requests", "0"]
            + ["portal.wsgi"],
            cwd=ROOT,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.gunicorn.poll() is not None:
                raise BenchFailed("gunicorn exited:\n" + self.tail())
            try:
                status, _ = self.get("/healthz")
                if status in (200, 503):
                    log(f"  ok  gunicorn ({self.args.workers} workers) on 127.0.0.1:{self.port}")
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise BenchFailed("gunicorn did not answer in time:\n" + self.tail())

    def tail(self):
        path = Path(self.log_file.name)
        return "\n".join(path.read_text(errors="replace").splitlines()[-30:])

    def stop(self):
        if self.gunicorn is not None and self.gunicorn.poll() is None:
            self.gunicorn.terminate()
            try:
                self.gunicorn.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.gunicorn.kill()
                self.gunicorn.wait()
            log("  ok  stopped gunicorn")
        self.gunicorn = None

    def flush_cache(self):
        """The portal's own Redis database, emptied: each pass starts cold."""
        import redis

        redis.Redis.from_url(self.args.redis).flushdb()

    def get(self, path, language="ru"):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(
                "GET",
                path,
                headers={
                    "Host": self.host,
                    "X-Forwarded-Proto": "https",
                    "Accept-Language": language or "ru",
                },
            )
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def workers_memory(self):
        return [round(rss_mb(pid), 1) for pid in sorted(children(self.gunicorn.pid))]

    # -- measuring -----------------------------------------------------------------------

    def load(self, path, language, duration):
        if self.wrk is None:
            return python_load(
                self.port, self.host, path, language, self.args.connections, duration
            )
        script = self.workdir / "target.lua"
        script.write_text(WRK_SCRIPT % {"host": self.host, "language": language or "ru"})
        command = [
            self.wrk,
            f"-t{self.args.threads}",
            f"-c{self.args.connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://127.0.0.1:{self.port}{path}",
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        report = wrk_report(result, BenchFailed)
        errors = report["errors"]
        return {
            "requests": report["requests"],
            "duration_us": report["duration_us"],
            # Statuses are judged from ``statuses``; these are the connections that failed.
            "errors": sum(count for kind, count in errors.items() if kind != "status"),
            **{share: report["latency_ms"][share] for share in ("p50", "p95", "p99")},
            "statuses": report["statuses"],
        }

    def measure(self, targets, page_cache):
        self.start(page_cache)
        rows = []
        try:
            for target in targets:
                status, _body = self.get(target["url"], target["language"])
                if status != 200:
                    raise BenchFailed(f"{target['url']} answered {status}")
                self.load(target["url"], target["language"], self.args.warmup)
                result = self.load(target["url"], target["language"], self.args.duration)
                seconds = result["duration_us"] / 1e6
                result["rps"] = round(result["requests"] / seconds, 1) if seconds else 0.0
                rows.append(
                    {
                        **target,
                        **result,
                        "memory_mb": self.workers_memory(),
                        # Other work on the machine skews every rate; the report says how much.
                        "load_average": round(os.getloadavg()[0], 2),
                    }
                )
                log(
                    f"  ..  {target['name']:<16} {target['language'] or '--':<2} "
                    f"{result['rps']:8.1f} req/s  p50 {result['p50']:7.1f} ms"
                )
        finally:
            self.stop()
        static = next((row["rps"] for row in rows if row["name"] == STATIC), None)
        for row in rows:
            row["share"] = round(row["rps"] / static, 4) if static else None
            row["verdict"] = self.verdict(row, page_cache)
        return rows

    @staticmethod
    def verdict(row, page_cache):
        if row["name"] == STATIC:
            return ""
        bad = [s for s in row["statuses"] if not s.startswith("2")] or row["errors"]
        if bad or not row["requests"]:
            return "FAIL"
        share = row["share"] or 0
        if page_cache:
            return "PASS" if share >= CACHED_SHARE else "FAIL"
        return "PASS" if share >= UNCACHED_SHARE and row["queries"] <= MAX_QUERIES else "FAIL"

    def table(self, title, rows):
        log("")
        log(f"== {title}")
        header = (
            f"{'page':<16} {'lang':<4} {'requests':>8} {'req/s':>8} {'static %':>8} {'p50 ms':>8} "
            f"{'p95 ms':>8} {'p99 ms':>8} {'queries':>7} {'RSS MB':>13}  verdict"
        )
        log(header)
        log("-" * len(header))
        for row in rows:
            share = f"{row['share'] * 100:.1f}" if row["share"] is not None else "-"
            memory = "+".join(f"{mb:.0f}" for mb in row["memory_mb"])
            log(
                f"{row['name']:<16} {row['language'] or '--':<4} {row['requests']:>8} "
                f"{row['rps']:>8.1f} {share:>8} "
                f"{row['p50']:>8.1f} {row['p95']:>8.1f} {row['p99']:>8.1f} "
                f"{row['queries']:>7} {memory:>13}  {row['verdict']}"
            )

    def targets(self):
        found = json.loads(
            self.manage(
                "count_queries", env={**self.env, "PORTAL_PAGE_CACHE": "0"}, quiet=True
            ).strip()
        )
        wanted = [name.strip() for name in self.args.pages.split(",")] if self.args.pages else []
        if wanted:
            found = [t for t in found if t["name"] == STATIC or t["name"] in wanted]
        broken = [t for t in found if t["status"] != 200]
        if broken:
            raise BenchFailed(f"targets that do not answer 200 in-process: {broken}")
        return found

    def run(self):
        args = self.args
        log(f"== Benchmark: scale {args.scale}, database {self.db_name}, port {self.port}")
        log(
            f"   load: {'wrk' if self.wrk else 'Python load generator (wrk not found)'}, "
            f"{args.connections} connections, {args.duration} s per page after {args.warmup} s"
        )
        self.seeding = {}
        report = {
            "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "scale": args.scale,
            "load_generator": "wrk" if self.wrk else "python",
            "connections": args.connections,
            "threads": args.threads,
            "duration_s": args.duration,
            "workers": args.workers,
            "cpus": os.cpu_count(),
        }
        failures = []
        try:
            self.prepare()
            report["seeding_s"] = self.seeding
            targets = self.targets()
            report["passes"] = {}
            for page_cache in (False, True):
                label = "with the page cache" if page_cache else "without the page cache"
                rows = self.measure(targets, page_cache)
                report["passes"]["cached" if page_cache else "uncached"] = rows
                self.table(f"{label} (PORTAL_PAGE_CACHE={int(page_cache)})", rows)
                failures += [
                    f"{row['name']} {row['language']} ({label})"
                    for row in rows
                    if row["verdict"] == "FAIL"
                ]
        except BenchFailed as error:
            log(f"  !!  {error}")
            self.stop()
            return 2
        finally:
            self.stop()
            shutil.rmtree(self.workdir, ignore_errors=True)
        report["failures"] = failures
        out = ROOT / "var" / "bench" / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
        log("")
        log(
            f"   targets: uncached ≥ {UNCACHED_SHARE:.0%} of the static rate and ≤ {MAX_QUERIES}"
            f" queries; cached ≥ {CACHED_SHARE:.0%}"
        )
        log(f"   {len(failures)} target(s) missed; written to {out.relative_to(ROOT)}")
        return 1 if failures and args.strict else 0


def compare(small_path, large_path):
    """Flat growth: each page's p50 in the larger corpus's report at most 1.5× the smaller's,
    its queries equal, and search's p95 at most 50 ms in the larger one (uncached passes)."""
    small, large = (json.loads(Path(path).read_text()) for path in (small_path, large_path))
    if small["scale"] > large["scale"]:
        small, large = large, small
    log(f"== Flat growth: scale {small['scale']} → {large['scale']} (uncached)")
    header = (
        f"{'page':<16} {'lang':<4} {'p50 small':>9} {'p50 large':>9} {'ratio':>6} "
        f"{'queries':>9}  verdict"
    )
    log(header)
    log("-" * len(header))
    before = {(row["name"], row["language"]): row for row in small["passes"]["uncached"]}
    missed = 0
    for row in large["passes"]["uncached"]:
        old = before.get((row["name"], row["language"]))
        if old is None or row["name"] == STATIC:
            continue
        ratio = row["p50"] / old["p50"] if old["p50"] else float("inf")
        ok = ratio <= GROWTH and row["queries"] == old["queries"] and row["requests"] > 0
        if row["name"] == "search" and row["p95"] > SEARCH_P95_MS:
            ok = False
        missed += not ok
        log(
            f"{row['name']:<16} {row['language'] or '--':<4} {old['p50']:>9.1f} "
            f"{row['p50']:>9.1f} {ratio:>6.2f} {old['queries']:>4}→{row['queries']:<4}  "
            f"{'PASS' if ok else 'FAIL'}"
        )
    log(f"   {missed} page(s) grow more than {GROWTH}× or change their query count")
    return missed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
        ),
        help="the benchmark's own PostgreSQL database (created when missing)",
    )
    parser.add_argument(
        "--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
    )
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--scale", type=int, default=10_000, help="news items (Russian)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of load before each")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--pages", default="", help="comma-separated page names (default all)")
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is")
    parser.add_argument("--python-load", action="store_true", help="never use wrk")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("SMALL.json", "LARGE.json"),
        help="compare two reports (e.g. --scale 1000 and 100000) for flat growth; no load",
    )
    args = parser.parse_args()
    if args.compare:
        missed = compare(*args.compare)
        return 1 if missed and args.strict else 0
    return Bench(args).run()


if __name__ == "__main__":
    sys.exit(main())
