"""The page view: Wagtail's ``serve`` with routing in a fixed number of queries.

Wagtail routes ``/ru/a/b/c/`` one segment at a time, two queries a segment (the child, then
its specific row). Here the pages whose ``url_path`` is a prefix of the requested path are
read in one query, walked in Python with Wagtail's rules, and the page found is made specific
with a second. The rules kept:

- the tree of the active language: the Site root's live translation, else the root itself
  (``root_page.localized``); a root whose ``route`` refuses other languages
  (``own_language_only``) answers 404 for them;
- a ``RoutablePageMixin`` page that is live answers the rest of the path with its own routes
  first, then hands it on to its children;
- only the page found must be live; a page of a type with a ``route`` of its own (other than
  those two) routes the rest itself, exactly as in Wagtail.

The ``before_serve_page`` and ``on_serve_page`` hooks run as in Wagtail; the one that checks
view restrictions reads them from the cache and leaves the exact check (password, login,
groups) to Wagtail's own hook on the pages that have some.
"""

from django.http import Http404, HttpResponse
from django.utils.translation import get_language

from wagtail import hooks
from wagtail import wagtail_hooks as core_hooks
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page
from wagtail.url_routing import RouteResult
from wagtail.views import serve_chain

from .restrictions import restrictions_of
from .sites import locale_root, locales, site_of

# Deeper than the tree can be (treebeard: 255-character paths, 4 per level): the rest of a
# longer path can only be a routable page's own route.
MAX_DEPTH = 64


def _route_kind(cls):
    route = cls.route
    if route is Page.route or getattr(route, "own_language_only", False):
        return "plain"
    if route is RoutablePageMixin.route:
        return "routable"
    return "own"


def _specific(page, request, parent=None):
    specific = page.specific
    locale = locales(request).get(specific.locale_id)
    if locale is not None:
        specific.locale = locale
    if parent is not None:
        specific._cached_parent_obj = parent
    return specific


def route(request, site, components):
    root = locale_root(site, request)
    if getattr(getattr(root.specific_class, "route", None), "own_language_only", False):
        locale = locales(request).get(root.locale_id)
        if locale is None or locale.language_code != get_language():
            raise Http404
    prefixes = [root.url_path]
    for component in components[:MAX_DEPTH]:
        prefixes.append(f"{prefixes[-1]}{component}/")
    chain = {
        page.url_path: page
        for page in Page.objects.filter(url_path__in=prefixes, path__startswith=root.path).order_by(
            "-path"
        )
    }
    page = chain.get(root.url_path)
    if page is None:
        raise Http404
    request._portal_route_chain = walked = [page]
    parent = None
    for index in range(len(components) + 1):
        remaining = components[index:]
        cls = page.specific_class
        if cls is None:
            raise Http404
        kind = _route_kind(cls)
        if kind == "own":
            request._portal_route_chain = None  # not walked here: Wagtail's checks apply
            return _specific(page, request, parent).route(request, remaining)
        if kind == "routable" and page.live:
            path = "/" + "".join(f"{component}/" for component in remaining)
            try:
                match = cls.get_resolver().resolve(path)
            except Http404:
                pass
            else:
                specific = _specific(page, request, parent)
                match.func = match.func.__get__(specific, type(specific))
                request.routable_resolver_match = match
                view, args, kwargs = match
                return RouteResult(specific, args=(view, args, kwargs))
        if not remaining:
            if not page.live:
                raise Http404
            return RouteResult(_specific(page, request, parent))
        child = chain.get(f"{page.url_path}{remaining[0]}/")
        if child is None or child.depth != page.depth + 1:
            raise Http404
        child._cached_parent_obj = page
        parent, page = page, child
        walked.append(page)
    raise Http404


def route_for_request(request, path):
    """``Page.route_for_request`` in two queries (remembered on the request, where Wagtail
    looks for it)."""
    if not hasattr(request, "_wagtail_route_for_request"):
        result = None
        site = site_of(request)
        if site is not None:
            try:
                result = route(request, site, [part for part in path.split("/") if part])
            except Http404:
                # Not found by address: Wagtail's own walk, by slug, has the last word (a page
                # whose stored address lags behind its slug is still found). Misses only.
                result = Page.route_for_request(request, path)
        request._wagtail_route_for_request = result
    return request._wagtail_route_for_request


def check_view_restrictions(callback):
    """Wagtail's check, asked only of pages that have restrictions (none are read for the
    others), and of pages this router did not walk or that are aliases (whose restrictions
    are their source's)."""
    exact = core_hooks.check_view_restrictions(callback)

    def inner(page, request, serve_args, serve_kwargs):
        walked = getattr(request, "_portal_route_chain", None)
        if (
            walked is None
            or page.alias_of_id
            or any(ancestor.alias_of_id for ancestor in walked)
            or restrictions_of(page.path, request)
        ):
            return exact(page, request, serve_args, serve_kwargs)
        return callback(page, request, serve_args, serve_kwargs)

    return inner


def serve(request, path):
    """``wagtail.views.serve`` with the router above."""
    result = route_for_request(request, path)
    if result is None:
        raise Http404
    page, args, kwargs = result

    on_serve_chain = serve_chain
    for hook in reversed(hooks.get_hooks("on_serve_page")):
        if hook is core_hooks.check_view_restrictions:
            hook = check_view_restrictions
        on_serve_chain = hook(on_serve_chain)

    for hook in hooks.get_hooks("before_serve_page"):
        response = hook(page, request, args, kwargs)
        if isinstance(response, HttpResponse):
            return response

    return on_serve_chain(page, request, args, kwargs)
