"""Site search: one page per language, a JSON endpoint for suggestions as you type."""

import logging
import re

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from portal.listings import Counted
from portal.models import UnansweredSearch
from portal.ratelimit import rate_limit
from portal.sitecache.restrictions import public
from portal.sitecache.sites import active_locale

from .forms import SearchForm, clean_query, result_types
from .highlight import excerpt, page_text

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10
SUGGESTIONS = 8
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|fetch|scan|curl|wget|python|httpx|java/|go-http|headless|monitor",
    re.IGNORECASE,
)


def searchable_pages():
    """What readers may find: live, public pages of the active language."""
    return public(Page.objects.live()).filter(locale=active_locale(), depth__gt=1)


def by_type(queryset, key):
    return queryset.filter(content_type__in=result_types.content_types[key])


def counts_by_type(pages, query):
    """How many results of each type ``query`` finds, in one grouped query (the backend's
    facet on the content type), by type key."""
    counts = dict.fromkeys((t.key for t in result_types.available), 0)
    try:
        by_content_type = pages.search(query).facet("content_type_id")
    except NotImplementedError:  # a backend without facets: one count per type
        return {key: by_type(pages, key).search(query).count() for key in counts}
    if any(result_types.key_for(content_type_id) is None for content_type_id in by_content_type):
        result_types.refresh()  # a content type it has not seen: the ids it holds are old
    for content_type_id, count in by_content_type.items():
        key = result_types.key_for(content_type_id)
        if key is not None:
            counts[key] += count
    return counts


@require_GET
@rate_limit("search")
def search(request):
    form = SearchForm(request.GET)
    context = {"form": form, "query": "", "types": [], "page_obj": None, "results": []}
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)

    query = form.cleaned_data["q"]
    chosen = form.cleaned_data["type"]
    context.update(query=query, chosen=chosen, shortened=query.shortened, params=form.params())
    if not query:
        return render(request, "search/search.html", context)

    pages = searchable_pages()
    try:
        # A savepoint: a backend that chokes on a query must not poison the request's transaction.
        with transaction.atomic():
            counts = counts_by_type(pages, query)
            results = (by_type(pages, chosen) if chosen else pages).search(query)
            # The counts already say how many there are: the paginator need not ask again.
            number = counts[chosen] if chosen else sum(counts.values())
            page_obj, elided_pages = form.paginate(Counted(results, number), RESULTS_PER_PAGE)
            found = list(page_obj.object_list)
    except DatabaseError:
        logger.warning("Search failed for %r", query, exc_info=True)
        context["failed"] = True
        return render(request, "search/search.html", context)

    specific = {
        page.pk: page for page in Page.objects.filter(pk__in=[p.pk for p in found]).specific()
    }
    context.update(
        types=[
            {"key": t.key, "label": t.label, "count": counts[t.key]}
            for t in result_types.available
            if counts[t.key]
        ],
        total=sum(counts.values()),
        page_obj=page_obj,
        elided_pages=elided_pages,
        results=[
            {
                "page": page,
                "url": page.get_url(request),
                "type": result_types.label_for(page.content_type_id),
                "date": getattr(page, "listing_date", None),
                "excerpt": excerpt(page_text(page), query),
            }
            for page in (specific.get(p.pk) for p in found)
            if page is not None
        ],
    )
    if form.is_first_page and not chosen:
        context["promotions"] = promotions(query)
        log_search(request, query, found=bool(context["total"]))
    return render(request, "search/search.html", context)


def promotions(query):
    """Editors' picks for these words, in the reader's language only.

    Wagtail's promotions have no language; a promoted page has one. A pick of a Russian page
    shows on /ru/ only; an external link (no page) shows in both languages.
    """
    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .filter(Q(page__isnull=True) | Q(page__locale=active_locale(), page__live=True))
        .select_related("page")
        .order_by("sort_order")
    )


def is_human(request):
    agent = request.headers.get("User-Agent", "")
    return bool(agent) and not BOT_AGENTS.search(agent)


def log_search(request, query, *, found):
    """Count a reader's search once: first page, no type filter, not a bot."""
    if not is_human(request):
        return
    if found:
        Query.get(query).add_hit()
    else:
        UnansweredSearch.record(query, get_language())


@require_GET
@rate_limit("suggest", answer="json")
def suggest(request):
    """Titles that start with what the reader is typing, for the header's dropdown."""
    query, _shortened = clean_query(request.GET.get("q", ""))
    suggestions = []
    if len(query) >= 2:
        try:
            with transaction.atomic():
                found = list(searchable_pages().autocomplete(query)[:SUGGESTIONS])
        except DatabaseError:
            logger.warning("Suggestions failed for %r", query, exc_info=True)
            found = []
        suggestions = [
            {
                "title": page.title,
                "url": page.get_url(request),
                "type": str(result_types.label_for(page.content_type_id)),
            }
            for page in found
        ]
    response = JsonResponse({"query": query, "results": suggestions})
    patch_cache_control(response, public=True, max_age=60 if not settings.DEBUG else 0)
    return response
