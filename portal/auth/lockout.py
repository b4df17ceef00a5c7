"""Lockouts after failed sign-ins (django-axes), and the page that says so.

Every sign-in form of the site (the admin's, the readers' for private pages) authenticates
through Django, so django-axes sees each failure. After ``AXES_FAILURE_LIMIT`` failures for
one user name, or from one address whatever the names, signing in is refused for
``AXES_COOLOFF_TIME`` with a 429 in the reader's language, before the password is checked.
"""

from django.conf import settings
from django.shortcuts import render

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt

from portal import ratelimit


def client_address(request):
    """The address failures are counted for: the reader's, from the trusted proxy's header
    when one is configured (as the rate limits take it), else the connection's peer."""
    return str(ratelimit.client_address(request))


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler, except that a successful sign-in forgets the failures of its
    own user name only. axes would forget those of the whole address too: anyone with an
    account could then guess others' passwords forever, signing in as themselves in between."""

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _deleted = AccessAttempt.objects.filter(username=username).delete()
        return count


def cool_off_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(request, original_response=None, credentials=None):
    """The 429 page: why, for how long, and who can help. The admin's look on /admin/, the
    site's plain one elsewhere; the language is the request's (the reader's /en/ or /ru/,
    the admin's browser language on /admin/)."""
    minutes = cool_off_minutes()
    admin = request.path_info.startswith("/admin/")
    response = render(
        request,
        "portal/auth/locked_out_admin.html" if admin else "portal/auth/locked_out.html",
        {"minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(minutes * 60)
    return response


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' backend, for sign-ins that come with a request (every login form).

    A call to ``authenticate()`` without one is the server's own code (a management command,
    a test client's ``login()``), which no one outside can reach: axes would refuse it, so it
    is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
