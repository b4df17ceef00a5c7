"""gunicorn's settings for the portal: ``gunicorn --config deploy/gunicorn.conf.py portal.wsgi``.

Read by the systemd unit (deploy/systemd/portal-web.service) and by ``make smoke``. Values come
from the environment so one file serves every machine.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND") or "127.0.0.1:8000"
workers = int(os.environ.get("GUNICORN_WORKERS") or min(2 * multiprocessing.cpu_count() + 1, 8))
# A page that takes longer than this is killed and logged rather than holding a worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows into an outage.
max_requests = 2000
max_requests_jitter = 200

# nginx on the same machine terminates TLS and says so in X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS") or "127.0.0.1,::1"

# Both logs as JSON lines: the access log on stdout, gunicorn's own messages on stderr.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL") or "info"
logger_class = "portal.logs.GunicornLogger"


def post_worker_init(worker):
    """A worker that has loaded the portal refuses to serve when each worker would keep a cache
    of its own (no REDIS_URL): rate limits would count per worker (portal.ratelimit)."""
    from portal.ratelimit import refuse_per_process_cache

    refuse_per_process_cache(worker.cfg.workers)
