from collections import defaultdict

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_request
from django.views.decorators.http import require_GET

from wagtail.models import Page

from portal.addresses import absolute_url
from portal.i18n import homes
from portal.logs import error_tracker_enabled
from portal.sitecache.restrictions import public


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
    """Every page readers can see, in every language, each with its translations as alternates.

    Wagtail's own sitemap lists only the tree of the Site's root page (the Russian one). Two
    queries whatever the number of pages: the pages, and the sites' root paths (cached).
    """
    pages = (
        public(Page.objects.live())
        .filter(depth__gt=1)
        .select_related("locale")
        .only("url_path", "translation_key", "last_published_at", "locale__language_code")
        .order_by("path")
    )
    entries = []
    by_key = defaultdict(dict)
    for page in pages:
        url = page.get_full_url(request)
        if url is None:  # outside every site
            continue
        entry = {
            "url": url,
            "lastmod": page.last_published_at,
            "alternates": by_key[page.translation_key],
        }
        by_key[page.translation_key][page.locale.language_code] = url
        entries.append(entry)
    for entry in entries:
        alternates = entry["alternates"]
        if len(alternates) > 1:
            default = alternates.get(settings.LANGUAGE_CODE) or next(iter(alternates.values()))
            entry["alternates"] = [*alternates.items(), ("x-default", default)]
        else:
            entry["alternates"] = []
    return render(
        request, "sitemap.xml", {"entries": entries}, content_type="application/xml; charset=utf-8"
    )
