"""``/healthz``: what a load balancer and an operator need to know, in a few milliseconds.

One entry per dependency a page needs: the database, the cache (a write and a read), the static
files' manifest (without it every page that links a stylesheet fails) and the task queue (a task
waiting longer than ``PORTAL_HEALTHZ_TASK_MAX_WAIT`` means no worker is draining it). Any
degraded check makes the answer a 503. Details of a failure go to the log, never into the
answer: it is public and must not reveal hosts, versions or settings.
"""

import logging
import time
import uuid

from django.conf import STATICFILES_STORAGE_ALIAS, settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection, transaction
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.http import JsonResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

logger = logging.getLogger("portal.health")


class Degraded(Exception):
    """A check's verdict, with the short public reason."""


def check_database():
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A server that accepts the connection and then stalls must not hold the probe
            # (and a worker) until gunicorn kills it.
            cursor.execute("SET LOCAL statement_timeout = 2000")
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise Degraded("unexpected answer")


def check_cache():
    check = getattr(cache, "check", None)
    if check is not None:  # a cache that hides its outages from the pages says so here
        check()
    key = f"healthz:{uuid.uuid4().hex}"
    value = uuid.uuid4().hex
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise Degraded("what was written could not be read back")
    finally:
        cache.delete(key)


def check_static_manifest():
    storage = storages[STATICFILES_STORAGE_ALIAS]
    if not isinstance(storage, ManifestFilesMixin):
        return "not used"
    if not storage.exists(storage.manifest_name):
        raise Degraded("manifest missing: run collectstatic")
    # The manifest is read when a process starts: one collected after the start is not seen.
    if not storage.hashed_files:
        raise Degraded("manifest not loaded: restart after collectstatic")
    return None


def check_task_queue():
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend != "django_tasks_db.DatabaseBackend":
        return "runs in process"
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A task with a later start counts from that start, not from when it was queued.
    waiting = (
        DBTaskResult.objects.ready()
        .annotate(
            since=Case(
                When(run_after=get_date_max(), then=F("enqueued_at")),
                default=Greatest("enqueued_at", "run_after"),
            )
        )
        .aggregate(oldest=Min("since"))
    )
    oldest = waiting["oldest"]
    if oldest is None:
        return None
    age = (timezone.now() - oldest).total_seconds()
    if age > settings.PORTAL_HEALTHZ_TASK_MAX_WAIT:
        raise Degraded(f"oldest waiting task queued {int(age // 60)} min ago: is a worker running?")
    return None


# name: (check, the check it cannot run without)
CHECKS = {
    "database": (check_database, None),
    "cache": (check_cache, None),
    "static_manifest": (check_static_manifest, None),
    "task_queue": (check_task_queue, "database"),
}


def run_checks():
    results = {}
    for name, (check, needs) in CHECKS.items():
        if needs and results[needs]["status"] != "ok":
            # Asking a database that just failed again would only double the wait.
            results[name] = {"status": "degraded", "detail": f"needs {needs}", "ms": 0.0}
            continue
        started = time.perf_counter()
        entry = {"status": "ok"}
        try:
            note = check()
        except Degraded as verdict:
            entry = {"status": "degraded", "detail": str(verdict)}
            logger.warning("health check %s degraded: %s", name, verdict)
        except Exception:
            entry = {"status": "degraded", "detail": "unavailable"}
            logger.exception("health check %s failed", name)
        else:
            if note:
                entry["detail"] = note
        entry["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = entry
    return results


@require_safe
def healthz(request):
    checks = run_checks()
    healthy = all(entry["status"] == "ok" for entry in checks.values())
    response = JsonResponse(
        {"status": "ok" if healthy else "degraded", "checks": checks},
        status=200 if healthy else 503,
    )
    add_never_cache_headers(response)
    return response
