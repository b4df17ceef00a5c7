"""Absolute addresses of the site, made from the configured Wagtail site, never from the
request's Host header.

Django checks the Host header's name against ALLOWED_HOSTS but not its port, and anything
built from it (``request.build_absolute_uri``, ``request.get_host``) ends up in calendar files,
feeds, robots.txt and canonical links, which caches and subscribers keep. The Wagtail site that
serves the request (its hostname and port are set up from WAGTAILADMIN_BASE_URL) names the
address; without one, WAGTAILADMIN_BASE_URL itself does.
"""

from urllib.parse import urlsplit

from django.conf import settings

from wagtail.models import Site


def root_url(request=None):
    """``https://portal.example.org`` (no trailing slash)."""
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site.root_url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(url, request=None):
    """``url`` (a path, or already absolute) as an absolute address on the site."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return root_url(request) + url


def host_name(request=None):
    """The site's host name without its port: ``portal.example.org``."""
    return urlsplit(root_url(request)).hostname or "localhost"


def host(request=None):
    """The site's host with its port when it has one: ``127.0.0.1:8000``."""
    return urlsplit(root_url(request)).netloc
