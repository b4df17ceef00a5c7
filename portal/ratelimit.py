"""Rate limits that hold in production: one counter per scope and client, in the shared cache.

A scope ("search", "ics", …) allows ``PORTAL_RATE_LIMITS[scope]`` requests per client address in
a fixed window (``"30/m"``: 30 a minute, windows starting on the minute). The count lives in the
default cache under one key per scope, window and client, raised with ``cache.add`` then
``cache.incr`` — atomic on Redis (INCR) and on the local-memory cache (a lock) — so every worker
and every server sharing that Redis counts the same requests. A per-process cache would give each
worker its own count: the portal refuses to serve from several workers with one
(``refuse_per_process_cache``, called by gunicorn's config; ``check --deploy`` says the same).

The client is ``REMOTE_ADDR`` unless ``PORTAL_TRUSTED_PROXY_HEADER`` names the header a proxy in
front sets (deploy/nginx: X-Forwarded-For) and the request came from one of
``PORTAL_TRUSTED_PROXIES``: a header from anyone else is ignored, so it cannot be spoofed. An IPv6
client counts by its /64 network, which one subscriber usually holds whole.

Views take a limit with ``@rate_limit("scope")`` (``answer="json"`` or ``"text"`` where the
client is not a browser); POSTs from visitors who are not logged in — every public form: logins,
a private page's password, password reset — are limited by ``FormThrottleMiddleware``. Over the
limit the answer is a 429 with ``Retry-After`` (seconds to the window's end), in the reader's
language. If the cache cannot be reached the request goes through: a Redis outage must not take
search down with it (``/healthz`` reports the outage).
"""

import ipaddress
import logging
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache, wraps

from django.conf import settings
from django.core import checks
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
UNITS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
FORM_SCOPE = "form"
# Every scope a view or the middleware asks for; the system check wants a limit for each.
SCOPES = {FORM_SCOPE}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Say at most this often (seconds, per process) that the cache is unreachable.
CACHE_ERROR_LOG_INTERVAL = 60
_last_cache_error = 0.0
_warned_untrusted_proxy = False


@dataclass(frozen=True)
class Rate:
    limit: int
    period: int  # seconds


@dataclass(frozen=True)
class Limited:
    """A request over its scope's limit: when the client may try again."""

    scope: str
    retry_after: int  # whole seconds, at least 1


@lru_cache(maxsize=64)
def parse_rate(value):
    """``"30/m"`` → Rate(30, 60); ``"100/10m"`` → Rate(100, 600); ``"off"`` → None."""
    if value.strip().lower() == "off":
        return None
    match = RATE.match(value.lower())
    if not match:
        raise ImproperlyConfigured(f"A rate limit must look like 30/m or 100/10m, got {value!r}.")
    limit, multiplier, unit = match.groups()
    return Rate(int(limit), int(multiplier or 1) * UNITS[unit])


def rate_for(scope):
    value = settings.PORTAL_RATE_LIMITS.get(scope)
    if value is None:
        raise ImproperlyConfigured(f"PORTAL_RATE_LIMITS has no limit for the scope {scope!r}.")
    return parse_rate(value)


# -- who the client is ---------------------------------------------------------------------


@lru_cache(maxsize=16)
def _networks(trusted):
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted if item != "*")


def _parse_address(value):
    """An address from a header or REMOTE_ADDR, without port or brackets; None if not one."""
    value = value.strip()
    if value.startswith("["):  # [2001:db8::1]:443
        value, bracket, _port = value[1:].partition("]")
        if not bracket:
            return None
    elif value.count(":") == 1:  # 203.0.113.7:51234
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted_peer(peer, remote_addr):
    trusted = tuple(settings.PORTAL_TRUSTED_PROXIES)
    if "*" in trusted:
        return True
    if peer is None:
        # gunicorn on a Unix socket leaves REMOTE_ADDR empty: only this machine can connect,
        # so the peer is as trusted as the loopback addresses are.
        return remote_addr == "" and any(network.is_loopback for network in _networks(trusted))
    return any(peer in network for network in _networks(trusted))


def _header_key(name):
    """``X-Forwarded-For`` or ``HTTP_X_FORWARDED_FOR`` → the name ``request.headers`` knows."""
    name = name.strip()
    if name.upper().startswith("HTTP_"):
        name = name[5:]
    return name.replace("_", "-")


def client_address(request):
    """The client's address as an ``ipaddress`` object, or None when nothing names one.

    The trusted proxy's header counts only when it is configured and the request came from
    the proxy; with ``PORTAL_TRUSTED_PROXY_COUNT`` proxies in a row, each appending the address
    it saw, the client is that many entries from the right (nginx alone replaces the header:
    one entry).
    """
    global _warned_untrusted_proxy
    remote_addr = request.META.get("REMOTE_ADDR", "")
    peer = _parse_address(remote_addr)
    header = settings.PORTAL_TRUSTED_PROXY_HEADER
    if header:
        if _trusted_peer(peer, remote_addr):
            value = request.headers.get(_header_key(header), "")
            entries = [entry for entry in value.split(",") if entry.strip()]
            if entries:
                count = settings.PORTAL_TRUSTED_PROXY_COUNT
                address = _parse_address(entries[-count] if len(entries) >= count else entries[0])
                if address is not None:
                    return address
    elif (
        not _warned_untrusted_proxy
        and peer is not None
        and peer.is_loopback
        and "X-Forwarded-For" in request.headers
    ):
        _warned_untrusted_proxy = True
        logger.warning(
            "Requests come through a proxy on this machine (X-Forwarded-For from %s) but "
            "TRUSTED_PROXY_HEADER is not set: rate limits count every reader behind it as one "
            "client. Set TRUSTED_PROXY_HEADER=X-Forwarded-For (see .env.example).",
            peer,
        )
    return peer


def client_bucket(request):
    """What a client's requests are counted under: its address; an IPv6 address's /64."""
    address = client_address(request)
    if address is None:
        return "unknown"
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


# -- counting ------------------------------------------------------------------------------


def _cache_failed():
    global _last_cache_error
    now = time.monotonic()
    if now - _last_cache_error >= CACHE_ERROR_LOG_INTERVAL:
        _last_cache_error = now
        logger.warning("Rate limits are not counted: the cache is unreachable.", exc_info=True)


def hit(request, scope):
    """Count the request in its scope; a ``Limited`` if it is over the limit, else None."""
    rate = rate_for(scope)
    if rate is None:
        return None
    now = time.time()
    window = int(now // rate.period)
    retry_after = max(1, math.ceil((window + 1) * rate.period - now))
    bucket = client_bucket(request)
    key = f"ratelimit:{scope}:{rate.period}:{window}:{bucket}"
    try:
        cache.add(key, 0, timeout=retry_after + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # gone between the two calls (evicted, or the window just ended)
            cache.set(key, 1, timeout=retry_after + 1)
            count = 1
    except Exception:  # whatever the cache client raises: the request must not fail with it
        _cache_failed()
        return None
    if count <= rate.limit:
        return None
    if count == rate.limit + 1:  # once a window, not for every request refused
        logger.warning(
            "Rate limit %s (%s) reached by %s: refused for %s s.",
            scope,
            settings.PORTAL_RATE_LIMITS[scope],
            bucket,
            retry_after,
        )
    return Limited(scope, retry_after)


def too_many_requests(request, limited, answer="html"):
    """The 429, always with ``Retry-After``: a short page, JSON or plain text, in the reader's
    language."""
    seconds = limited.retry_after
    message = ngettext(
        "Too many requests. Please try again in %(seconds)s second.",
        "Too many requests. Please try again in %(seconds)s seconds.",
        seconds,
    ) % {"seconds": seconds}
    if answer == "json":
        response = JsonResponse({"error": message, "retry_after": seconds}, status=429)
    elif answer == "text":
        response = HttpResponse(message, content_type="text/plain; charset=utf-8", status=429)
    else:
        # Rendered without the request: cheap, and nothing that touches the session or the
        # database, since whoever sees it is sending too much already.
        html = loader.render_to_string("429.html", {"seconds": seconds})
        response = HttpResponse(html, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    # ``hit`` logged the first refusal of the window; Django would log every one of them.
    response._has_been_logged = True
    return response


def rate_limit(scope, *, answer="html"):
    """Limit a view (a function view, or a routable page's route) to its scope's rate.

    ``answer`` is how the 429 is put: ``"html"`` (a page), ``"json"`` or ``"text"``.
    """
    SCOPES.add(scope)

    def decorator(view):
        @wraps(view)
        def limited_view(*args, **kwargs):
            # A function view gets the request first; a page's route (self, request).
            request = next(arg for arg in args if isinstance(arg, HttpRequest))
            limited = hit(request, scope)
            if limited is not None:
                return too_many_requests(request, limited, answer)
            return view(*args, **kwargs)

        limited_view.rate_limit_scope = scope
        return limited_view

    return decorator


class FormThrottleMiddleware:
    """Every form a visitor who is not logged in can send — the admin's and the site's login, a
    private page's password, password reset, and any form added later — shares the ``form``
    limit. Counted after the CSRF check (a POST without a token is refused before it costs
    anything) and only for POSTs (and other unsafe methods): looking at a form is free.
    Views with a limit of their own are left to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or hasattr(view_func, "rate_limit_scope"):
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None
        limited = hit(request, FORM_SCOPE)
        if limited is not None:
            return too_many_requests(request, limited)
        return None


# -- refusing a cache that would count per process ------------------------------------------


def per_process_cache_errors(workers=None):
    """Errors when several web workers (by default as many as ``PORTAL_WEB_WORKERS`` says)
    would each count in a cache of their own."""
    if workers is None:
        workers = settings.PORTAL_WEB_WORKERS
    if workers <= 1 or not isinstance(caches["default"], LocMemCache):
        return []
    return [
        checks.Error(
            f"The default cache is a per-process memory cache (LocMemCache) and {workers} web "
            "workers serve the site: each would count rate limits (and keep every cached value) "
            f"for itself, letting a client through {workers} times each limit.",
            hint="Set REDIS_URL to a Redis all workers share, or run one worker "
            "(GUNICORN_WORKERS=1).",
            id="portal.E001",
        )
    ]


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    return per_process_cache_errors()


@checks.register()
def check_rate_limits(app_configs=None, **kwargs):
    """Every scope in use has a limit that parses."""
    errors = []
    for scope in sorted(SCOPES):
        try:
            rate_for(scope)
        except ImproperlyConfigured as error:
            errors.append(checks.Error(str(error), id="portal.E002"))
    return errors


def refuse_per_process_cache(workers):
    """Stop a web worker from serving when ``per_process_cache_errors`` finds a problem.

    gunicorn's config (deploy/gunicorn.conf.py) calls it in each worker with the number of
    workers however it was chosen (GUNICORN_WORKERS, the CPU count, ``--workers``)."""
    errors = per_process_cache_errors(workers)
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
