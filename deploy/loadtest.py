"""``make loadtest``: many readers at once against the portal as production runs it.

It deploys the checkout as ``make smoke`` does (a fresh PostgreSQL database, the demo content,
Redis, gunicorn with the production settings and 2 workers, the task worker), crawls the public
site for a mix of pages (sections, filtered listings, items), adds searches, feeds and calendar
files, then lets ``wrk`` (Debian's package) play 50 concurrent readers for 2 minutes, each
request a random pick of the mix. It reports requests per second, p50/p95/p99, every status,
and the workers' memory after the first 30 s and at the end, and writes them to
``var/loadtest.json``. It fails on any error (a socket error, a timeout, a 4xx or 5xx) or when
the workers' memory at the end is more than 10 % above its value after the first 30 s.

A benchmark, not a test: it is not part of ``make test``. ``.venv/bin/python deploy/loadtest.py
--help`` lists the knobs (readers, duration, threads).
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from smoke import GUNICORN, PYTHON, RATE_LIMITS, ROOT, Smoke, SmokeFailed, log

SEARCHES = ["клуб", "центр", "коворкинг", "библиотека", "фестиваль", "space", "centre", "zzqxjv"]
MEMORY_GROWTH_LIMIT = 0.10

# What every wrk run here reports: the statuses of all threads merged and the latencies, as
# one JSON line (``wrk_report`` reads it).
WRK_REPORT = """
local threads = {}
statuses = {}

function setup(thread)
  table.insert(threads, thread)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      merged[tostring(status)] = (merged[tostring(status)] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(merged) do
    table.insert(parts, string.format('"%%s": %%d', status, count))
  end
  io.write(string.format(
    'WRK_RESULT {"requests": %%d, "duration_us": %%d, "errors": {"connect": %%d, "read": %%d, '
    .. '"write": %%d, "status": %%d, "timeout": %%d}, "latency_ms": {"p50": %%.2f, "p95": %%.2f, '
    .. '"p99": %%.2f, "max": %%.2f}, "statuses": {%%s}}\\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.status, summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, table.concat(parts, ", ")))
end
"""

WRK_SCRIPT = (
    """
paths = {%(paths)s}

function init(args)
  math.randomseed(os.time() + math.random(1000))
end

function request()
  local path = paths[math.random(#paths)]
  return wrk.format("GET", path, {["X-Forwarded-Proto"] = "https", ["Accept-Language"] = "ru"})
end
"""
    + WRK_REPORT
)


def wrk_report(result, failure=SmokeFailed):
    """The report of a finished wrk run (``subprocess.run``'s result); ``failure`` raised with
    its output when it failed or printed none."""
    line = next(
        (line for line in result.stdout.splitlines() if line.startswith("WRK_RESULT ")), None
    )
    if result.returncode != 0 or line is None:
        raise failure("wrk failed:\n" + result.stdout + result.stderr)
    return json.loads(line.removeprefix("WRK_RESULT "))


def children(pid):
    """The process ids whose parent is ``pid`` (gunicorn's workers under its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command may hold spaces and parentheses: the parent id follows the last ")".
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def rss_mb(pid):
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else 0.0


class LoadTest(Smoke):
    def __init__(self, args):
        super().__init__(args)
        # 50 readers from one address, as no real crowd comes: no rate limit may refuse them.
        self.env.update(dict.fromkeys(RATE_LIMITS, "off"))

    def workers_memory(self):
        master = self.processes["gunicorn"][0].pid
        return {pid: round(rss_mb(pid), 1) for pid in sorted(children(master))}

    def mix(self, crawled):
        paths = list(dict.fromkeys(crawled))
        for language in ("ru", "en"):
            paths += [f"/{language}/search/?q={quote(word)}" for word in SEARCHES]
            paths += [f"/{language}/search/suggest/?q={quote(word[:3])}" for word in SEARCHES]
        paths += [path + suffix for path in crawled for suffix in ("rss/", "atom/", "ics/")]
        # Keep only what answers 200 before the load starts: the mix is of real pages.
        kept = []
        for path in paths:
            status, _headers, _body = self.request(path)
            if status == 200:
                kept.append(path)
        return kept

    def load(self, paths):
        script = self.workdir / "mix.lua"
        quoted = ", ".join(json.dumps(path, ensure_ascii=False) for path in paths)
        script.write_text(WRK_SCRIPT % {"paths": quoted})
        args = self.args
        command = [
            "wrk",
            f"-t{args.threads}",
            f"-c{args.readers}",
            f"-d{args.duration}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            f"http://{self.origin}/",
        ]
        log(f"  ..  wrk: {args.readers} readers for {args.duration} s over {len(paths)} URLs")
        samples = {}

        def sample(at):
            time.sleep(at)
            samples[at] = self.workers_memory()

        sampler = threading.Thread(target=sample, args=(args.warmup,), daemon=True)
        sampler.start()
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        sampler.join(timeout=1)
        end = self.workers_memory()
        report = wrk_report(result)
        report["memory_mb"] = {"after_warmup": samples.get(args.warmup, {}), "end": end}
        return report, result.stdout

    def judge(self, report):
        seconds = report["duration_us"] / 1e6
        report["requests_per_second"] = round(report["requests"] / seconds, 1)
        failed = {status: n for status, n in report["statuses"].items() if int(status) >= 400}
        errors = {kind: count for kind, count in report["errors"].items() if count}
        if failed or errors:
            self.failures.append(f"errors under load: statuses {failed}, wrk errors {errors}")
        warm = sum(report["memory_mb"]["after_warmup"].values())
        end = sum(report["memory_mb"]["end"].values())
        report["memory_growth"] = round((end - warm) / warm, 3) if warm else None
        if set(report["memory_mb"]["after_warmup"]) != set(report["memory_mb"]["end"]):
            self.failures.append("a gunicorn worker was replaced during the run")
        elif warm and (end - warm) / warm > MEMORY_GROWTH_LIMIT:
            self.failures.append(
                f"the workers grew from {warm:.0f} MB to {end:.0f} MB "
                f"(more than {MEMORY_GROWTH_LIMIT:.0%})"
            )
        latency = report["latency_ms"]
        log(
            f"== {report['requests']} requests in {seconds:.0f} s: "
            f"{report['requests_per_second']} per second; p50 {latency['p50']} ms, "
            f"p95 {latency['p95']} ms, p99 {latency['p99']} ms, max {latency['max']} ms"
        )
        log(f"   statuses {dict(sorted(report['statuses'].items()))}; wrk errors {errors or 0}")
        log(
            f"   workers' memory: {warm:.0f} MB after {self.args.warmup} s, {end:.0f} MB at the "
            f"end ({report['memory_growth']:+.1%})"
            if warm
            else "   workers' memory: not sampled"
        )

    def run(self):
        if shutil.which("wrk") is None:
            log("wrk is not installed: apt-get install wrk")
            return 2
        log(f"== Load test on {self.origin}, database {self.db_name}")
        report = None
        try:
            self.create_database()
            self.manage("migrate", "--noinput")
            self.manage("collectstatic", "--noinput")
            self.manage("setup_portal")
            self.manage("load_demo_content", "--no-admin")
            # No recycling during the run: memory at the end is the same workers' memory.
            self.start(
                "gunicorn",
                str(GUNICORN),
                "--config",
                "deploy/gunicorn.conf.py",
                "--max-requests",
                "0",
                "portal.wsgi",
            )
            self.start("worker", str(PYTHON), "manage.py", "db_worker", "--no-startup-delay")
            self.wait_until_serving()
            self.crawl(["/ru/", "/en/"], self.args.max_pages)
            crawled = [target for target in self.page_targets if "/admin/" not in target]
            random.Random(0).shuffle(crawled)  # noqa: S311 - an order, not a secret
            paths = self.mix(crawled)
            log(f"  ok  {len(paths)} URLs answer 200")
            report, _output = self.load(paths)
            self.judge(report)
            report["urls"] = len(paths)
            report["readers"] = self.args.readers
            out = ROOT / "var" / "loadtest.json"
            out.parent.mkdir(exist_ok=True)
            out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
            log(f"   written to {out.relative_to(ROOT)}")
        except SmokeFailed as error:
            self.failures.append(str(error))
            log(f"  !!  {error}")
        finally:
            self.stop()
            if not self.args.keep:
                self.drop_databases()
                shutil.rmtree(self.workdir, ignore_errors=True)
        if self.failures:
            for failure in self.failures:
                log(f"  !!  {failure}")
            log(f"== FAILED: {len(self.failures)} problem(s)")
            return 1
        log("== Load test passed")
        return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server",
        default=os.environ.get("SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )
    parser.add_argument(
        "--redis", default=os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/0")
    )
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--readers", type=int, default=50, help="concurrent connections")
    parser.add_argument("--duration", type=int, default=120, help="seconds")
    parser.add_argument("--warmup", type=int, default=30, help="seconds before the first sample")
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--max-pages", type=int, default=150, help="pages crawled for the mix")
    parser.add_argument("--keep", action="store_true")
    return LoadTest(parser.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
