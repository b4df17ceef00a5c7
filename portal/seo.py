"""Sharing and search-engine metadata, built once for every page type.

Each page type may supply three things through :class:`portal.models.SeoMixin`: a description,
a sharing image and its own JSON-LD. Everything else — canonical URL, ``hreflang`` alternates,
Open Graph and Twitter tags — is derived here the same way for all of them.
"""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wagtail.models import Page

from portal.i18n import live_translations

SHARE_RENDITION = "fill-1200x630|format-jpeg"
OG_LOCALES = {"ru": "ru_RU", "en": "en_GB"}

# The characters that could end a <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """JSON for a ``<script type="application/ld+json">``: safe whatever editors typed."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def absolute_url(request, url, root_url=None):
    if not url or url.startswith(("http://", "https://")):
        return url
    if root_url:
        return root_url.rstrip("/") + url
    return request.build_absolute_uri(url) if request is not None else url


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


def page_seo(request, page, context=None):
    """Everything ``components/seo.html`` prints for ``page`` (or a view that is not a page)."""
    language = get_language()
    if not isinstance(page, Page) or not page.pk:
        url = request.build_absolute_uri(request.path) if request is not None else ""
        return {
            "title": None,
            "description": "",
            "canonical": url,
            "alternates": [],
            "og_type": "website",
            "og_locale": OG_LOCALES.get(language, language),
            "site_name": site_name(),
            "image": None,
            "json_ld": None,
        }

    site = page.get_site()
    root_url = site.root_url if site else None
    canonical = page.get_full_url(request)
    translations = live_translations(request, page)
    alternates = [
        {"code": code, "url": translation.get_full_url(request)}
        for code, translation in translations.items()
    ]
    default = translations.get(settings.LANGUAGE_CODE) or page
    if len(alternates) > 1:
        alternates.append({"code": "x-default", "url": default.get_full_url(request)})
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
    data = page.get_json_ld(request, seo, context or {})
    seo["json_ld"] = json_ld_script(data) if data else None
    return seo


def publisher(request, root_url):
    return {
        "@type": "Organization",
        "name": site_name(),
        "url": root_url or (request.build_absolute_uri("/") if request is not None else ""),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(request, static("img/logo.png"), root_url),
            "width": 512,
            "height": 512,
        },
    }
