"""Sharing and search-engine metadata, built once for every page type.

Each page type may supply three things through :class:`portal.models.PortalPageMixin`: a
description (``get_seo_description``), a sharing image (``get_seo_image``) and its schema.org
data (``structured_data``). Everything else — canonical URL, ``hreflang`` alternates, Open
Graph and Twitter tags — is derived here the same way for all of them, and
``components/seo.html`` prints it all in the head (``{% seo_head %}``): the one place JSON-LD
is written.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Page

from portal import addresses
from portal.i18n import live_translations
from portal.images import SHARE_RENDITION

OG_LOCALES = {"ru": "ru_RU", "en": "en_GB"}

# The characters that could end a <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """The text of a ``<script type="application/ld+json">`` for ``data``: safe whatever
    editors typed, because ``<``, ``>`` and ``&`` are written as JSON escapes (the way
    Django's ``json_script`` does), so nothing can end the element or open a comment."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped on the line above


def json_ld_scripts(request, page):
    """The page's structured data, each object ready for its own JSON-LD script element."""
    if not isinstance(page, Page) or not page.pk or not hasattr(page, "structured_data"):
        return []
    return [json_ld_script(data) for data in page.structured_data(request) if data]


def absolute_url(request, url, root_url=None):
    if not url or url.startswith(("http://", "https://")):
        return url
    if root_url:
        return root_url.rstrip("/") + url
    return addresses.absolute_url(url, request)


def plain_text(value, length=300):
    text = " ".join(strip_tags(str(value or "")).split())
    return Truncator(text).chars(length)


def site_name():
    return _("New public spaces")


def share_image(request, image, alt, root_url):
    if image is None:
        return None
    rendition = image.get_rendition(SHARE_RENDITION)
    return {
        "url": absolute_url(request, rendition.url, root_url),
        "width": rendition.width,
        "height": rendition.height,
        "alt": alt or image.title,
    }


def page_seo(request, page):
    """The head's metadata for ``page`` (or for a view that is not a page), computed once per
    request: a page's ``structured_data`` may ask for it again."""
    cached = getattr(page, "_portal_seo", None)
    if cached is not None and cached[0] is request:
        return cached[1]
    seo = _page_seo(request, page)
    if isinstance(page, Page):
        page._portal_seo = (request, seo)
    return seo


def _page_seo(request, page):
    language = get_language()
    if not isinstance(page, Page) or not page.pk:
        url = addresses.absolute_url(request.path, request) if request is not None else ""
        return {
            "title": None,
            "description": "",
            "canonical": url,
            "alternates": [],
            "og_type": "website",
            "og_locale": OG_LOCALES.get(language, language),
            "site_name": site_name(),
            "image": None,
        }

    url_parts = page.get_url_parts(request)
    root_url = url_parts[1] if url_parts else None
    canonical = page.get_full_url(request)
    translations = live_translations(request, page)
    alternates = [
        {"code": code, "url": translation["full_url"]} for code, translation in translations.items()
    ]
    default = translations.get(settings.LANGUAGE_CODE)
    if len(alternates) > 1:
        alternates.append(
            {"code": "x-default", "url": default["full_url"] if default else canonical}
        )
    else:
        alternates = []

    image, alt = page.get_seo_image()
    seo = {
        "title": page.seo_title or page.title,
        "description": plain_text(page.get_seo_description()),
        "canonical": canonical,
        "alternates": alternates,
        "og_type": page.og_type,
        "og_locale": OG_LOCALES.get(page.locale.language_code, page.locale.language_code),
        "og_locale_alternates": [
            OG_LOCALES.get(code, code) for code in translations if code != page.locale.language_code
        ],
        "site_name": site_name(),
        "image": share_image(request, image, alt, root_url),
        "published": page.first_published_at,
        "modified": page.last_published_at,
        "root_url": root_url,
    }
    return seo


def publisher(request, root_url):
    return {
        "@type": "Organization",
        "name": site_name(),
        "url": root_url or addresses.root_url(request) + "/",
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(request, static("img/logo.png"), root_url),
            "width": 512,
            "height": 512,
        },
    }
