from .sites import site_of


class SiteMiddleware:
    """Finds the request's Site among the cached ones, where Wagtail's
    ``Site.find_for_request`` looks first: no query for it in any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site_of(request)
        return self.get_response(request)
