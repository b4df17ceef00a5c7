"""The calendar's views: the upcoming list, the month grid, the archive, the feeds, an event.

The calendar page routes its URLs here and hands over itself; each view reads its parameters
through ``EventFilter`` and answers bad ones with a 400 page that says what is wrong.
"""

import datetime

from django.shortcuts import render
from django.utils import timezone

from portal.addresses import absolute_url
from portal.i18n import localize_attributes, localized_list, localized_one
from portal.listings import with_query
from portal.models import City, Format, Topic
from portal.ratelimit import rate_limit

from . import ics, listings, structured_data
from .filters import EventFilter

EVENTS_PER_PAGE = 20
MAX_FEED_EVENTS = 500
UPCOMING_SHOWN = 6


def error_page(request, index, event_filter, view):
    """The listing's own page as a 400: its filter form, each message beside its field, and
    the choices it offers (without counts: nothing is listed). ``view`` is the view the request
    was for ("upcoming", "month" or "past"): the calendar's views mark it as the current one."""
    context = {
        "page": index,
        "self": index,
        "filter": event_filter,
        "view": view,
        "month_params": this_month_params(event_filter),
    }
    context.update(listings.facet_options(event_filter))
    return render(request, "news/event_index_page.html", context, status=400)


def this_month_params(event_filter):
    """The month view of this month, with the same (valid) filters."""
    return event_filter.params(month=timezone.localdate().strftime("%Y-%m"))


def feed_links(request, index, event_filter):
    """The feed of the list's events (same filters): its path, without the query (the page adds
    the filter's ``params``), and the webcal:// address to subscribe to it."""
    feed_path = index.get_url(request) + index.reverse_subpage("ics_view")
    return {
        "feed_path": feed_path,
        "webcal_url": ics.webcal_url(request, with_query(feed_path, event_filter.params())),
    }


def listing_context(index, event_filter, page_obj, elided_pages, view):
    return {
        "page": index,
        "self": index,
        "filter": event_filter,
        "view": view,
        "page_obj": page_obj,
        "elided_pages": elided_pages,
        "params": event_filter.params(),
        "month_params": this_month_params(event_filter),
    }


def upcoming(index, request):
    event_filter = EventFilter(request.GET, index=index)
    if not event_filter.is_valid():
        # A bad month is an error of the month view; any other, of the list it was asked of.
        view = "month" if request.GET.get("month") else "upcoming"
        return error_page(request, index, event_filter, view)
    if event_filter.cleaned_data.get("month"):
        return month(index, request, event_filter)
    now = timezone.now()
    selected, counts = listings.upcoming_occurrences(event_filter, now)
    page_obj, elided_pages = event_filter.paginate(selected, EVENTS_PER_PAGE)
    cards = listings.localize_cards(page_obj.object_list, index.locale)
    context = listing_context(index, event_filter, page_obj, elided_pages, "upcoming")
    context.update(
        feed_links(request, index, event_filter),
        occurrences=cards,
        now=now,
        city_facets=listings.facet_terms(City, counts["city"], index.locale),
        format_facets=listings.facet_terms(Format, counts["format"], index.locale),
        topic_facets=listings.facet_terms(Topic, counts["topic"], index.locale),
        free_count=counts["free"],
        online_count=counts["online"],
    )
    return render(request, "news/event_index_page.html", context)


def past(index, request):
    event_filter = EventFilter(request.GET, index=index)
    if not event_filter.is_valid():
        return error_page(request, index, event_filter, "past")
    data = event_filter.cleaned_data
    now = timezone.now()
    events = listings.past_events(event_filter.events(), data.get("from"), data.get("to"), now)
    page_obj, elided_pages = event_filter.paginate(events, EVENTS_PER_PAGE)
    context = listing_context(index, event_filter, page_obj, elided_pages, "past")
    context.update(
        occurrences=listings.past_cards(page_obj.object_list, index.locale),
        now=now,
        **listings.facet_options(event_filter),
    )
    return render(request, "news/event_index_page.html", context)


def month(index, request, event_filter):
    grid = listings.month_grid(
        event_filter.events(),
        event_filter.cleaned_data["month"],
        index.locale,
        index.get_url(request),
    )
    context = {
        "page": index,
        "self": index,
        "filter": event_filter,
        "view": "month",
        "month": grid.first,
        "weekdays": grid.weekdays,
        "weeks": grid.weeks,
        "today": timezone.localdate(),
        "occurrence_count": grid.occurrence_count,
        "previous_month": grid.previous,
        "next_month": grid.following,
        "previous_params": event_filter.params(month=grid.previous.strftime("%Y-%m")),
        "next_params": event_filter.params(month=grid.following.strftime("%Y-%m")),
        "params": event_filter.params(),
        **listings.facet_options(event_filter),
    }
    return render(request, "news/event_month.html", context)


@rate_limit("ics", answer="text")
def feed(index, request):
    event_filter = EventFilter(request.GET, index=index)
    if not event_filter.is_valid():
        return error_page(request, index, event_filter, "upcoming")
    occurrences = listings.feed_occurrences(event_filter, MAX_FEED_EVENTS)
    name = ", ".join(event_filter.describe())
    name = f"{index.title}: {name}" if name else index.title
    return ics.calendar_response(
        [occurrence.event for occurrence in occurrences], request, name, "events.ics"
    )


def event_context(event, request):
    """What an event page shows: its occurrences, place and links to calendars.

    Worked out once per request: the page's JSON-LD (``event_structured_data``) describes the
    same occurrence, place and organiser.
    """
    cached = getattr(event, "_reader_context", None)
    if cached is not None and cached[0] is request:
        return cached[1]
    context = _event_context(event, request)
    event._reader_context = (request, context)
    return context


def event_structured_data(event, request):
    """The event as schema.org ``Event``: the occurrence and the place the page shows."""
    context = event_context(event, request)
    return structured_data.json_ld(
        event,
        context["occurrence"],
        context["location"],
        context["localized_city"],
        context["organiser"],
        context["absolute_url"],
    )


def _event_context(event, request):
    now = timezone.now()
    following = event.occurrences(now, None, limit=UPCOMING_SHOWN)
    first = event.first_occurrence()
    current = following[0] if following else first
    if event.is_recurring and not following and event.ends_at:
        current = event.occurrences(event.ends_at - datetime.timedelta(seconds=1), None, 1)[0]
    url = absolute_url(event.get_url(request), request)
    ics_path = event.get_url(request) + "ics/"
    topics = [link.topic for link in event.topics.select_related("topic")]
    location = event.location()
    city = localized_one(location.city, event.locale)
    localize_attributes([event], ["organiser", "event_format"], event.locale)
    organiser, event_format = event.localized_organiser, event.localized_event_format
    return {
        "index": event.get_parent(),
        "occurrence": current,
        "following": following if event.is_recurring else [],
        "is_past": current.is_past(now) if current else True,
        "is_ongoing": current.is_ongoing(now) if current else False,
        "location": location,
        "localized_city": city,
        "organiser": organiser,
        "event_format": event_format,
        "topics": localized_list(topics, event.locale),
        "ics_url": ics_path,
        "webcal_url": ics.webcal_url(request, ics_path),
        "google_url": ics.google_calendar_url(event, first if event.is_recurring else current, url),
        "absolute_url": url,
    }


@rate_limit("ics", answer="text")
def event_ics(event, request):
    return ics.event_ics_response(event, request)
