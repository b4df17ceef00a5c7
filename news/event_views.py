"""The calendar's views: upcoming list, month grid, archive, feed, and an event page's context.

Every view reads its parameters through ``EventFilter`` and answers bad ones with a 400 page
that says what is wrong. Work is bounded: each view runs a fixed number of queries and expands
recurrences only inside its window, within ``recurrence`` caps.
"""

import calendar
import dataclasses
import datetime
from collections import Counter, defaultdict

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render
from django.utils import formats, timezone

from portal.i18n import localized_snippets
from portal.models import City, Format, Topic

from . import recurrence
from .event_filters import EventFilter
from .models import EventPage, EventPageTopic

EVENTS_PER_PAGE = 20
MAX_LISTED_EVENTS = 2000
MAX_FEED_EVENTS = 500
# Russia's zones lie between UTC+2 and UTC+12; a day either side covers any zone on Earth.
ZONE_MARGIN = datetime.timedelta(days=1)
SCHEDULE_FIELDS = [
    "id",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "time_zone",
    "frequency",
    "interval",
    "weekdays",
    "until",
    "count",
    "excluded_dates",
    "starts_at",
    "ends_at",
    "is_free",
    "online_url",
]
FACETS = ("city", "format", "topic")


def day_start(day):
    """The earliest instant at which ``day`` has begun somewhere (conservative UTC bound)."""
    return datetime.datetime.combine(day, datetime.time(0), datetime.UTC) - ZONE_MARGIN


def day_end(day):
    """The latest instant at which ``day`` is still running somewhere."""
    return datetime.datetime.combine(day, datetime.time(0), datetime.UTC) + 2 * ZONE_MARGIN


def schedule_rows(events):
    """Light rows with just what expanding a rule and counting facets needs (one query)."""
    return (
        events.annotate(
            city_key=F("city__translation_key"),
            format_key=F("event_format__translation_key"),
            city_zone=F("city__time_zone"),
        )
        .only(*SCHEDULE_FIELDS)
        .order_by("starts_at", "pk")[:MAX_LISTED_EVENTS]
    )


def first_matching(event, now, first_day=None, last_day=None):
    """The occurrence running now or next, within the local dates asked for."""
    start = max(now, day_start(first_day)) if first_day else now
    end = day_end(last_day) if last_day else None
    for occurrence in recurrence.occurrences(event, start, end, limit=8):
        if first_day and occurrence.last_day < first_day:
            continue
        if last_day and occurrence.first_day > last_day:
            break
        return occurrence
    return None


def error_page(request, index, event_filter, template="news/event_index_page.html"):
    context = {"page": index, "self": index, "filter": event_filter, "view": "error"}
    context["messages_list"] = event_filter.messages()
    return render(request, template, context, status=400)


def localize_cards(occurrences, locale):
    """Give each listed event its city and format in the reader's language (two queries)."""
    events = [occurrence.event for occurrence in occurrences]
    cities = localized_snippets([e.city for e in events if e.city], locale)
    formats_ = localized_snippets([e.event_format for e in events if e.event_format], locale)
    for event in events:
        event.local_city = cities.get(event.city_id) if event.city_id else None
        event.local_format = formats_.get(event.event_format_id) if event.event_format_id else None
    return occurrences


def with_full_events(occurrences):
    """Swap the light rows for full ones with everything a card shows (fixed queries)."""
    full = EventPage.objects.filter(pk__in=[o.event.pk for o in occurrences]).for_listing()
    by_pk = {event.pk: event for event in full}
    return [
        dataclasses.replace(o, event=by_pk[o.event.pk]) for o in occurrences if o.event.pk in by_pk
    ]


def facet_terms(model, counts, locale):
    """(term in the reader's language, count) for each translation key counted."""
    terms = {}
    for term in model.objects.filter(translation_key__in=list(counts)).order_by("name"):
        if term.translation_key not in terms or term.locale_id == locale.pk:
            terms[term.translation_key] = term
    pairs = [(terms[key], count) for key, count in counts.items() if key in terms]
    return sorted(pairs, key=lambda pair: pair[0].name)


def with_topic_keys(rows):
    """Give each light row the set of its topics' translation keys (one query)."""
    rows = list(rows)
    keys = defaultdict(set)
    links = EventPageTopic.objects.filter(page_id__in=[row.pk for row in rows])
    for page_id, key in links.values_list("page_id", "topic__translation_key"):
        keys[page_id].add(key)
    for row in rows:
        row.topic_keys = keys[row.pk]
    return rows


def facet_options(event_filter):
    """Every city, format and topic of the calendar's events, without counts (three queries).

    The archive and the month grid offer the same choices as the upcoming list; counting them
    there would mean expanding every rule of the past or of the month for each choice.
    """
    events = event_filter.events(facets=False)
    keys = {
        "city": events.values_list("city__translation_key", flat=True),
        "format": events.values_list("event_format__translation_key", flat=True),
        "topic": EventPageTopic.objects.filter(page__in=events.values("pk")).values_list(
            "topic__translation_key", flat=True
        ),
    }
    models = {"city": City, "format": Format, "topic": Topic}
    return {
        f"{name}_facets": facet_terms(
            models[name],
            dict.fromkeys(key for key in query.distinct().order_by() if key),
            event_filter.index.locale,
        )
        for name, query in keys.items()
    }


def upcoming_occurrences(event_filter, now=None):
    """Next occurrence of each matching event, sorted; also the facet counts.

    Each count is what choosing it would show given the other filters: a city's count keeps
    the format, topic, free and online filters but not the city, and so on.
    """
    now = now or timezone.now()
    data = event_filter.cleaned_data
    rows = with_topic_keys(schedule_rows(event_filter.events(facets=False).upcoming(now)))
    matched = []
    for event in rows:
        occurrence = first_matching(event, now, data.get("from"), data.get("to"))
        if occurrence is not None:
            matched.append(occurrence)
    counts = {name: Counter() for name in FACETS}
    counts["free"] = counts["online"] = 0
    for occurrence in matched:
        event = occurrence.event
        if event.city_key and event_filter.matches_facets(event, "city"):
            counts["city"][event.city_key] += 1
        if event.format_key and event_filter.matches_facets(event, "format"):
            counts["format"][event.format_key] += 1
        if event_filter.matches_facets(event, "topic"):
            counts["topic"].update(event.topic_keys)
        if event.is_free and event_filter.matches_facets(event, "free"):
            counts["free"] += 1
        if event.online_url and event_filter.matches_facets(event, "online"):
            counts["online"] += 1
    # A topic reached from an event page's tag stays selectable even with nothing upcoming.
    if data.get("topic"):
        counts["topic"].setdefault(data["topic"].translation_key, 0)
    selected = sorted(
        (o for o in matched if event_filter.matches_facets(o.event)), key=lambda o: o.sort_key
    )
    return selected, counts


def upcoming(index, request):
    event_filter = EventFilter(request.GET, index=index)
    if not event_filter.is_valid():
        return error_page(request, index, event_filter)
    if event_filter.cleaned_data.get("month"):
        return month(index, request, event_filter)
    now = timezone.now()
    selected, counts = upcoming_occurrences(event_filter, now)
    paginator = Paginator(selected, EVENTS_PER_PAGE)
    page_obj = paginator.get_page(event_filter.cleaned_data.get("page"))
    cards = localize_cards(with_full_events(page_obj.object_list), index.locale)
    context = listing_context(index, event_filter, page_obj, paginator, "upcoming")
    context.update(
        occurrences=cards,
        now=now,
        city_facets=facet_terms(City, counts["city"], index.locale),
        format_facets=facet_terms(Format, counts["format"], index.locale),
        topic_facets=facet_terms(Topic, counts["topic"], index.locale),
        free_count=counts["free"],
        online_count=counts["online"],
    )
    return render(request, "news/event_index_page.html", context)


def past(index, request):
    event_filter = EventFilter(request.GET, index=index)
    if not event_filter.is_valid():
        return error_page(request, index, event_filter)
    data = event_filter.cleaned_data
    now = timezone.now()
    events = event_filter.events().past(now).order_by("-ends_at", "-pk")
    if data.get("from"):
        events = events.filter(ends_at__gte=day_start(data["from"]))
    if data.get("to"):
        events = events.filter(starts_at__lt=day_end(data["to"]))
    paginator = Paginator(events.for_listing(), EVENTS_PER_PAGE)
    page_obj = paginator.get_page(data.get("page"))
    cards = [last_occurrence(event) for event in page_obj.object_list]
    context = listing_context(index, event_filter, page_obj, paginator, "past")
    context.update(
        occurrences=localize_cards([c for c in cards if c], index.locale),
        now=now,
        **facet_options(event_filter),
    )
    return render(request, "news/event_index_page.html", context)


def last_occurrence(event):
    if not event.is_recurring:
        return event.first_occurrence()
    found = event.occurrences(event.ends_at - datetime.timedelta(seconds=1), None, limit=1)
    return found[0] if found else event.first_occurrence()


def listing_context(index, event_filter, page_obj, paginator, view):
    return {
        "page": index,
        "self": index,
        "filter": event_filter,
        "view": view,
        "page_obj": page_obj,
        "elided_pages": paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1),
        "query_string": event_filter.query_string(),
        # The month view of this month, with the same filters.
        "month_query": event_filter.query_string(month=timezone.localdate().strftime("%Y-%m")),
    }


def month(index, request, event_filter):
    first = event_filter.cleaned_data["month"]
    first_weekday = int(formats.get_format("FIRST_DAY_OF_WEEK"))
    weeks = calendar.Calendar((first_weekday - 1) % 7).monthdatescalendar(first.year, first.month)
    grid_start, grid_end = weeks[0][0], weeks[-1][-1]
    events = (
        event_filter.events()
        .overlapping(day_start(grid_start), day_end(grid_end))
        .select_related("city")
        .order_by("starts_at", "pk")[: recurrence.MAX_PER_REQUEST]
    )
    occurrences = recurrence.expand(events, day_start(grid_start), day_end(grid_end))
    by_day = defaultdict(list)
    for occurrence in occurrences:
        for day in occurrence.days():
            if grid_start <= day <= grid_end:
                by_day[day].append(occurrence)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    context = {
        "page": index,
        "self": index,
        "filter": event_filter,
        "view": "month",
        "month": first,
        "weekdays": weeks[0],
        "weeks": [[(day, by_day.get(day, [])) for day in week] for week in weeks],
        "today": timezone.localdate(),
        "occurrence_count": len(occurrences),
        "previous_month": previous,
        "next_month": following,
        "previous_query": event_filter.query_string(month=previous.strftime("%Y-%m")),
        "next_query": event_filter.query_string(month=following.strftime("%Y-%m")),
        "query_string": event_filter.query_string(),
        **facet_options(event_filter),
    }
    return render(request, "news/event_month.html", context)


def feed(index, request):
    from .calendar import calendar_response

    event_filter = EventFilter(request.GET, index=index)
    if not event_filter.is_valid():
        return error_page(request, index, event_filter)
    selected, _counts = upcoming_occurrences(event_filter)
    events = with_full_events(selected[:MAX_FEED_EVENTS])
    name = ", ".join(event_filter.describe())
    name = f"{index.title}: {name}" if name else index.title
    return calendar_response(
        [occurrence.event for occurrence in events], request, name, "events.ics"
    )


def next_events(locale, count=3, now=None, venue=None, event_format=None):
    """The next upcoming occurrences in a language: the home page, a centre's page (``venue``),
    a toolkit's page (``event_format``)."""
    now = now or timezone.now()
    events = EventPage.objects.visible(locale)
    if venue is not None:
        events = events.held_at(venue)
    if event_format is not None:
        events = events.of_format(event_format)
    rows = schedule_rows(events.upcoming(now))
    found = [o for o in (first_matching(event, now) for event in rows) if o is not None]
    found.sort(key=lambda occurrence: occurrence.sort_key)
    return localize_cards(with_full_events(found[:count]), locale)


def recent_past_events(locale, count=5, now=None, venue=None):
    """The latest finished events in a language, most recent first (a centre's page), each
    shown by its last occurrence; a fixed number of queries whatever the history."""
    now = now or timezone.now()
    events = EventPage.objects.visible(locale).past(now)
    if venue is not None:
        events = events.held_at(venue)
    events = events.for_listing().order_by("-ends_at", "-pk")[:count]
    cards = [last_occurrence(event) for event in events]
    return localize_cards([card for card in cards if card], locale)
