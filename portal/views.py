from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_GET

from home.models import HomePage


@require_GET
def root_redirect(request):
    """Send `/` to the reader's language: cookie, then Accept-Language, then Russian.

    Only languages whose home page is live are candidates, so an unpublished English tree
    never turns a visit into a 404.
    """
    homes = {
        home.locale.language_code: home
        for home in HomePage.objects.live().public().select_related("locale")
    }
    preferred = get_language_from_request(request)
    order = [preferred, settings.LANGUAGE_CODE, *(code for code, _name in settings.LANGUAGES)]
    home = next((homes[code] for code in order if code in homes), None)
    if home is None:
        raise Http404("The portal has no published home page yet. Run `manage.py setup_portal`.")
    response = HttpResponseRedirect(home.get_url(request))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, private=True, max_age=0)
    return response


@require_GET
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain")
