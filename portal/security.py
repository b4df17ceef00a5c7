"""The Content-Security-Policy and Permissions-Policy every answer carries, and the endpoint
browsers report violations to.

Two policies (django-csp 4):

- **Public pages** (``CONTENT_SECURITY_POLICY`` in the settings): our own scripts and styles
  only, no inline script and no nonce — a nonce would be frozen into any cached copy of a page.
  JSON-LD is data, not script, and is not affected. Images may come from the map's tile host.
- **The admin and page previews** (``PORTAL_ADMIN_CSP``): Wagtail 8's admin and
  wagtail-localize's editor still write inline scripts (date and time widgets, choosers,
  InlinePanel, the editor's props), so ``'unsafe-inline'`` is allowed there, and only there.

Violations are posted to ``/csp-report/``, which logs each (a line, size-capped) and answers
204; a flood from one client is cut off after a few reports a minute (portal.ratelimit).
"""

import http.client
import json
import logging
from dataclasses import asdict

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy, default_config

from portal.ratelimit import rate_limit

logger = logging.getLogger("portal.csp")

ADMIN_PREFIX = "/admin/"
REPORT_MAX_BYTES = 8 * 1024


# What a view or decorator may set on its answer to change the policy (django-csp's
# ``@csp_update`` and the like); an answer with none of them gets the settings' policy.
PER_ANSWER = tuple(
    f"_csp_{kind}{suffix}" for kind in ("config", "update", "replace") for suffix in ("", "_ro")
)


def is_admin(request):
    # A preview is rendered on a dummy request for the page's own path and its answer reaches
    # the browser inside the admin, so it takes the admin's policy.
    return request.path_info.startswith(ADMIN_PREFIX) or getattr(request, "is_preview", False)


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware with the admin's own policy for the admin and its previews.

    The policy of an answer that neither uses a nonce nor changes it is the same for every
    such answer: it is written once per process (public or admin) instead of being built from
    the settings for each one, a sixth of the time a page served from the cache takes."""

    def __init__(self, get_response):
        super().__init__(get_response)
        self.written = {}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin(request):
            parts.config = default_config(settings.PORTAL_ADMIN_CSP["DIRECTIVES"])
        return parts

    def process_response(self, request, response):
        plain = getattr(request, "_csp_nonce", None) is None and not any(
            getattr(response, name, None) for name in PER_ANSWER
        )
        debug_page = settings.DEBUG and response.status_code in (
            http.client.INTERNAL_SERVER_ERROR,
            http.client.NOT_FOUND,
        )
        if not plain or debug_page:
            return super().process_response(request, response)
        admin = is_admin(request)
        if admin not in self.written:
            self.written[admin] = [
                (header, build_policy(**asdict(parts), report_only=report_only), exempt, name)
                for header, report_only, exempt, name in (
                    (HEADER, False, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
                    (
                        HEADER_REPORT_ONLY,
                        True,
                        "_csp_exempt_ro",
                        "CONTENT_SECURITY_POLICY_REPORT_ONLY",
                    ),
                )
                for parts in [self.get_policy_parts(request, response, report_only=report_only)]
            ]
        for header, policy, exempt, name in self.written[admin]:
            prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and not getattr(response, exempt, False)
                and not request.path_info.startswith(tuple(prefixes))
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class PermissionsPolicyMiddleware:
    """Browser features the portal never uses are off for it and for anything it frames."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PORTAL_PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


@csrf_exempt
@require_POST
@rate_limit("csp_report", answer="text")
def csp_report(request):
    """A browser's report of a violated policy: logged, at most a few a minute per client
    (``RATE_LIMIT_CSP_REPORT``, portal.ratelimit)."""
    body = request.body[:REPORT_MAX_BYTES]
    try:
        report = json.loads(body)
    except ValueError:
        return HttpResponse(status=400)
    if isinstance(report, dict):
        report = report.get("csp-report", report)
    elif isinstance(report, list):  # the Reporting API's batch
        report = [item.get("body", item) if isinstance(item, dict) else item for item in report]
    logger.warning("Content-Security-Policy violation: %s", json.dumps(report)[:2000])
    return HttpResponse(status=204)
