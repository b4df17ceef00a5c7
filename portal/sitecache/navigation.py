"""What the header and the head show on every page: the main menu and a page's translations.

Both are kept as plain data (titles, paths, addresses) for the Site that answers, so a cached
entry never depends on the Host a client sent: addresses come from the Site's own root URL.
"""

from django.conf import settings

from wagtail.models import Page

from .restrictions import public
from .sites import site_of
from .store import cached


def _site_id(request):
    site = site_of(request)
    return site.pk if site is not None else 0


def main_menu(request, home):
    """The home's live, public children shown in menus: [{"title", "url", "path"}]."""

    def build():
        children = public(home.get_children().live().in_menu()).only(
            "title", "path", "url_path", "depth"
        )
        return [
            {"title": page.title, "url": page.get_url(request), "path": page.path}
            for page in children
        ]

    return cached(f"menu:{_site_id(request)}:{home.pk}", build, request)


def sections(request, home):
    """What the home page lists: its live, public children shown in menus, each as
    ``{"title", "url", "intro"}`` (an index page's introduction, when it has one)."""

    def build():
        children = public(home.get_children().live().in_menu()).specific()
        return [
            {
                "title": page.title,
                "url": page.get_url(request),
                "intro": getattr(page, "intro", "") or "",
            }
            for page in children
        ]

    return cached(f"sections:{_site_id(request)}:{home.pk}", build, request)


def section_index(model, locale):
    """The live, public page of ``model`` in a language (the first in the tree), or None:
    the news index, the calendar a page links to."""
    locale_id = getattr(locale, "pk", locale)

    def build():
        return (
            public(model.objects.live().filter(locale_id=locale_id))
            .select_related("locale")
            .order_by("path")
            .first()
        )

    return cached(f"index:{model._meta.label_lower}:{locale_id}", build)


def _link(page, request):
    return {"id": page.pk, "url": page.get_url(request), "full_url": page.get_full_url(request)}


def translations(request, page):
    """A page's live, public versions and, for a language it has none in, the nearest
    ancestor that has one: ``{"live": {code: link}, "fallbacks": {code: link}}``, each link
    ``{"id", "url", "full_url"}``, languages in LANGUAGES order."""

    def build():
        found = {
            p.locale.language_code: p
            for p in public(page.get_translations(inclusive=True).live()).select_related("locale")
        }
        live = {
            code: _link(found[code], request) for code, _name in settings.LANGUAGES if code in found
        }
        missing = [code for code, _name in settings.LANGUAGES if code not in live]
        fallbacks = {}
        if missing:
            ancestors = page.get_ancestors().filter(depth__gt=1)
            candidates = (
                public(Page.objects.live())
                .filter(
                    translation_key__in=ancestors.values("translation_key"),
                    locale__language_code__in=missing,
                )
                .select_related("locale")
                .order_by("-depth")
            )
            for candidate in candidates:
                code = candidate.locale.language_code
                if code not in fallbacks:
                    fallbacks[code] = _link(candidate, request)
        return {"live": live, "fallbacks": fallbacks}

    return cached(f"translations:{_site_id(request)}:{page.pk}", build, request)
