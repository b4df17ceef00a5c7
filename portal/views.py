from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_GET

from portal.addresses import absolute_url
from portal.i18n import homes
from portal.logs import error_tracker_enabled
from portal.sitemap import index_entries as sitemap_index_entries
from portal.sitemap import language_entries as sitemap_language_entries


@require_GET
def root_redirect(request):
    """Send `/` to the reader's language: cookie, then Accept-Language, then Russian.

    Only languages whose home page is live are candidates, so an unpublished English tree
    never turns a visit into a 404.
    """
    live_homes = {home.locale.language_code: home for home in homes(request)}
    preferred = get_language_from_request(request)
    order = [preferred, settings.LANGUAGE_CODE, *(code for code, _name in settings.LANGUAGES)]
    home = next((live_homes[code] for code in order if code in live_homes), None)
    if home is None:
        raise Http404("The portal has no published home page yet. Run `manage.py setup_portal`.")
    response = HttpResponseRedirect(home.get_url(request))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, private=True, max_age=0)
    return response


def server_error(request):
    """The 500 page, which promises that the team knows only when someone was told.

    Rendered without the request's context: whatever broke the page may break that too.
    """
    notified = bool(settings.ADMINS) or error_tracker_enabled()
    html = loader.get_template("500.html").render({"team_notified": notified})
    return HttpResponseServerError(html)


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {absolute_url(reverse('sitemap'), request)}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
def sitemap(request):
    """The sitemap index: one sitemap per language, in pages of at most 2,000 addresses."""
    sitemaps = [
        absolute_url(reverse("sitemap_page", args=(code, number)), request)
        for code, number in sitemap_index_entries(request)
    ]
    return render(
        request,
        "sitemap/index.xml",
        {"sitemaps": sitemaps},
        content_type="application/xml; charset=utf-8",
    )


@require_GET
def sitemap_page(request, language, number):
    """One page of a language's sitemap: its pages, each with its translations as alternates.
    An unknown language, a page number that is not one or past the last page: 404."""
    if (
        language not in dict(settings.LANGUAGES)
        or not (number.isascii() and number.isdigit())
        or len(number) > 6  # past any site's last page, and no overflow in the database
        or number != str(int(number))
    ):
        raise Http404("No such sitemap.")
    entries = sitemap_language_entries(request, language, int(number))
    if entries is None:
        raise Http404("No such sitemap.")
    return render(
        request,
        "sitemap/urlset.xml",
        {"entries": entries},
        content_type="application/xml; charset=utf-8",
    )
