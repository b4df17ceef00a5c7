"""The Site of a request, the locales and every language's home, without a query."""

from django.http.request import split_domain_port
from django.utils.translation import get_language

from wagtail.models import Locale, Site

from .restrictions import is_public
from .store import cached

# Wagtail's order of preference (wagtail.models.sites.get_site_for_hostname).
_HOSTNAME_PORT, _HOSTNAME_DEFAULT, _DEFAULT, _HOSTNAME = range(4)


def all_sites(request=None):
    return cached("sites", lambda: list(Site.objects.select_related("root_page")), request)


def find_site(request):
    """The Site that answers ``request``, chosen the way Wagtail chooses it, among the cached
    Sites (the Host header is compared, never used as a key); None when none does."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    ranked = []
    for site in all_sites(request):
        if site.hostname == hostname and str(site.port) == str(port):
            ranked.append((_HOSTNAME_PORT, site))
        elif site.hostname == hostname and site.is_default_site:
            ranked.append((_HOSTNAME_DEFAULT, site))
        elif site.is_default_site:
            ranked.append((_DEFAULT, site))
        elif site.hostname == hostname:
            ranked.append((_HOSTNAME, site))
    ranked.sort(key=lambda pair: pair[0])
    sites = [site for _rank, site in ranked]
    if not sites:
        return None
    if len(sites) == 1 or ranked[0][0] in (_HOSTNAME_PORT, _HOSTNAME_DEFAULT):
        return sites[0]
    # A default Site for another hostname: a single Site of this hostname is preferred.
    return sites[len(sites) == 2]


def site_of(request):
    """``Site.find_for_request`` answered from the cache (and remembered where Wagtail looks)."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = find_site(request)
    return request._wagtail_site


def locales(request=None):
    """{id: Locale} of every locale."""
    return cached("locales", lambda: {loc.pk: loc for loc in Locale.objects.all()}, request)


def active_locale(request=None):
    """The Locale of the active language (``Locale.get_active()`` without its query)."""
    language = get_language()
    for locale in locales(request).values():
        if locale.language_code == language:
            return locale
    return Locale.get_active()


def site_homes(site, request=None):
    """{language code: page} of a Site's root page and its translations, live or not."""

    def build():
        roots = site.root_page.get_translations(inclusive=True).select_related("locale")
        return {root.locale.language_code: root for root in roots}

    return cached(f"homes:{site.pk}", build, request)


def _all_homes(request=None):
    def build():
        found = {}
        for site in sorted(all_sites(), key=lambda site: not site.is_default_site):
            for code, root in site_homes(site).items():
                found.setdefault(code, root)
        return found

    return cached("homes", build, request)


def home_of(language_code, request=None):
    """The live home page of a language (the first Site's that has one), or None."""
    home = _all_homes(request).get(language_code)
    return home if home is not None and home.live else None


def homes(request=None):
    """Every language's live, public home page."""
    return [
        home for home in _all_homes(request).values() if home.live and is_public(home.path, request)
    ]


def locale_root(site, request=None):
    """Where Wagtail routes the active language: the translation of the Site's root page in
    that language when it is live, else the root page itself (``root_page.localized``)."""
    root = site_homes(site, request).get(get_language())
    if root is not None and root.live:
        return root
    return site.root_page
