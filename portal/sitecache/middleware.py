import contextlib

from django.db import DatabaseError

from .sites import site_of
from .store import current_request


class SiteMiddleware:
    """Finds the request's Site among the cached ones, where Wagtail's
    ``Site.find_for_request`` looks first: no query for it in any view; and makes the request
    the one whose generation shared work reads (``store.current_request``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # With the database down the view decides what to answer (the health check says so, a
        # page gets the error page), not this middleware with a 500 of its own.
        with contextlib.suppress(DatabaseError):
            site_of(request)
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
