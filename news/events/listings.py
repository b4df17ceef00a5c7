"""The calendar's listings: which occurrences a list, an archive or a month grid shows.

Every function works on an ``EventQuerySet`` it is given and runs a fixed number of queries;
rules are expanded only inside the window asked for, within ``recurrence``'s caps.
"""

import calendar
import dataclasses
import datetime
from collections import Counter, defaultdict
from types import SimpleNamespace

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    Value,
    When,
)
from django.utils import formats, timezone

from portal.i18n import localize_attributes
from portal.models import City, Format, Topic
from portal.pagecache import collector as page_cache
from portal.sitecache import store as sitecache

from . import recurrence, stored
from .choices import EventStatus
from .models import EventOccurrence, EventPage, EventPageTopic
from .schedule import WHEN_FIELDS, EventScheduleMixin, prefetch_locations

MAX_LISTED_EVENTS = 2000
FACETS_KEPT = datetime.timedelta(minutes=15)
# Russia's zones lie between UTC+2 and UTC+12; a day either side covers any zone on Earth.
ZONE_MARGIN = datetime.timedelta(days=1)
SCHEDULE_FIELDS = [
    "id",
    *WHEN_FIELDS,
    "starts_at",
    "ends_at",
    "is_free",
    "online_url",
]
FACETS = ("city", "format", "topic")
CARD_TERMS = ("city", "event_format")  # shown on a card as localized_city, localized_event_format


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
        # A listing showing it changes by itself when it begins (running now) or ends (gone,
        # or the next one of a series): a cached copy of the page must not outlive that.
        page_cache.expire_at(occurrence.start if occurrence.start > now else occurrence.end)
        return occurrence
    return None


def localize_cards(occurrences, locale):
    """Give each listed event its city and format in the reader's language (two queries)."""
    localize_attributes([occurrence.event for occurrence in occurrences], CARD_TERMS, locale)
    return occurrences


class Cards:
    """Sorted occurrences, counted up front, whose slices come with full events: a paginator
    fetches just its page's events."""

    def __init__(self, length, fetch):
        self.length, self.fetch = length, fetch

    def __len__(self):
        return self.length

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self.fetch(key)
        return self.fetch(slice(key, key + 1))[0]


def full_occurrences(rows):
    """Stored rows as occurrences of full events, with everything a card shows: the rows in
    one query, their events in another, then the prefetches ``for_listing`` makes (fixed
    queries). Apart, each query stays cheap to plan; joined, the planner spent more time on
    the combination than the database on the rows."""
    rows = list(rows.only("event_id", "start", "end"))
    listing = EventPage.objects.filter(pk__in={row.event_id for row in rows}).for_listing()
    events = {event.pk: event for event in listing}
    return stored.as_occurrences(rows, events)


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
        "city": (City, events.values("city__translation_key")),
        "format": (Format, events.values("event_format__translation_key")),
        "topic": (
            Topic,
            EventPageTopic.objects.filter(page__in=events.values("pk")).values(
                "topic__translation_key"
            ),
        ),
    }
    locale = event_filter.index.locale
    options = {}
    for name, (model, used) in keys.items():
        terms = {}
        for term in model.objects.filter(translation_key__in=used.order_by()):
            if term.translation_key not in terms or term.locale_id == locale.pk:
                terms[term.translation_key] = term
        options[f"{name}_facets"] = sorted(
            ((term, None) for term in terms.values()), key=lambda pair: pair[0].name
        )
    return options


def upcoming_occurrences(event_filter, now=None):
    """Next occurrence of each matching event, sorted (``Cards``); also the facet counts.

    Each count is what choosing it would show given the other filters: a city's count keeps
    the format, topic, free and online filters but not the city, and so on.
    """
    now = now or timezone.now()
    data = event_filter.cleaned_data
    first_day = data.get("from")
    if stored.covered(max(now, day_start(first_day)) if first_day else now):
        return stored_upcoming(event_filter, now)
    selected, counts = expanded_upcoming(event_filter, now)
    return Cards(len(selected), lambda key: with_full_events(selected[key])), counts


def upcoming_window(now, first_day=None, last_day=None):
    """What ``first_matching`` asks of an occurrence, as a ``Q`` on stored rows."""
    when = Q(end__gt=max(now, day_start(first_day)) if first_day else now)
    if first_day:
        when &= Q(last_day__gte=first_day)
    if last_day:
        when &= Q(start__lt=day_end(last_day), first_day__lte=last_day)
    return when


def facet_rows(rows, prefix, **extra):
    """``rows`` grouped by what ``EventFilter.matches_facets`` reads, each group counted."""
    return (
        rows.order_by()
        .values(
            city_key=F(f"{prefix}city__translation_key"),
            format_key=F(f"{prefix}event_format__translation_key"),
            is_free=F(f"{prefix}is_free"),
            online=Case(
                When(**{f"{prefix}online_url": ""}, then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            ),
            **extra,
        )
        .annotate(number=Count(prefix.rstrip("_"), distinct=True))
    )


@dataclasses.dataclass
class StoredSelection:
    """What the stored rows of an upcoming list are: ``matching``, every row of a candidate
    event in the dates asked for (what the counts read); ``listed``, the earliest such row of
    each event that passes every filter, soonest first (what the list shows)."""

    matching: object
    listed: object
    topic_match: dict


def stored_selection(event_filter, now):
    data = event_filter.cleaned_data
    locale = event_filter.index.locale
    candidates = event_filter.events(facets=False).values("pk")
    when = upcoming_window(now, data.get("from"), data.get("to"))
    # The counts are of events (each counted once however many of its dates match), so they
    # read every matching row; only the listed page needs each event's earliest one.
    matching = EventOccurrence.objects.filter(when, locale=locale, event__in=candidates)
    rows = stored.next_rows(when).filter(locale=locale, event__in=candidates)
    chosen_topic = data.get("topic")
    topic_match = {}
    if chosen_topic:
        links = EventPageTopic.objects.filter(
            page=OuterRef("event"), topic__translation_key=chosen_topic.translation_key
        )
        topic_match = {"topic_match": Exists(links)}
    # What ``EventFilter.events()`` adds for the counted filters, on the rows' events.
    chosen = Q(*topic_match.values())
    if data.get("city"):
        chosen &= Q(event__city__translation_key=data["city"].translation_key)
    if data.get("format"):
        chosen &= Q(event__event_format__translation_key=data["format"].translation_key)
    if data.get("free"):
        chosen &= Q(event__is_free=True)
    if data.get("online"):
        chosen &= ~Q(event__online_url="")
    listed = rows.filter(chosen).order_by("start", "event_id")
    return StoredSelection(matching=matching, listed=listed, topic_match=topic_match)


def facet_groups(event_filter, selection, now):
    """The counted groups of the matching rows' events, then of their topic links: two grouped
    queries. The filters counted in Python (city, format, free, online) do not change them,
    so a calendar without dates, a topic or a search keeps them in the shared cache for
    everyone until a publication, the first of its rows to end (an event may leave the list
    then) or a quarter of an hour (the daily refresh writes rows without a publication)."""
    matching = selection.matching

    def build():
        links = EventPageTopic.objects.filter(page__in=matching.values("event_id"))
        event_groups = facet_rows(matching, "event__", **selection.topic_match)
        return (
            list(event_groups.annotate(first_end=Min("end"))),
            list(facet_rows(links, "page__", topic_key=F("topic__translation_key"))),
        )

    data = event_filter.cleaned_data
    searched = event_filter.search_pks is not None
    if data.get("from") or data.get("to") or data.get("topic") or searched:
        return build()

    def build_until():
        groups = build()
        until = min((group["first_end"] for group in groups[0]), default=now + FACETS_KEPT)
        return {"until": min(until, now + FACETS_KEPT), "groups": groups}

    kept = sitecache.cached(
        f"calendar-facets:{event_filter.index.pk}",
        build_until,
        fresh=lambda kept: kept["until"] > now,
    )
    return kept["groups"]


def stored_upcoming(event_filter, now):
    """``upcoming_occurrences`` from stored rows: the counts from two grouped queries (one
    group per combination of city, format, free and online, whatever the number of events),
    the page from one more."""
    chosen_topic = event_filter.cleaned_data.get("topic")
    selection = stored_selection(event_filter, now)
    counts = {name: Counter() for name in FACETS}
    counts["free"] = counts["online"] = 0
    total = 0
    event_groups, topic_groups = facet_groups(event_filter, selection, now)
    for group in event_groups:
        number = group["number"]
        light = SimpleNamespace(
            city_key=group["city_key"],
            format_key=group["format_key"],
            is_free=group["is_free"],
            online_url=group["online"],
            topic_keys={chosen_topic.translation_key} if group.get("topic_match") else set(),
        )
        if light.city_key and event_filter.matches_facets(light, "city"):
            counts["city"][light.city_key] += number
        if light.format_key and event_filter.matches_facets(light, "format"):
            counts["format"][light.format_key] += number
        if light.is_free and event_filter.matches_facets(light, "free"):
            counts["free"] += number
        if light.online_url and event_filter.matches_facets(light, "online"):
            counts["online"] += number
        if event_filter.matches_facets(light):
            total += number
    for group in topic_groups:
        light = SimpleNamespace(
            city_key=group["city_key"],
            format_key=group["format_key"],
            is_free=group["is_free"],
            online_url=group["online"],
        )
        if group["topic_key"] and event_filter.matches_facets(light, "topic"):
            counts["topic"][group["topic_key"]] += group["number"]
    if chosen_topic:
        counts["topic"].setdefault(chosen_topic.translation_key, 0)
    selected = selection.listed
    stored.record_boundary(selected, now)
    return Cards(total, lambda key: full_occurrences(selected[key])), counts


def feed_occurrences(event_filter, limit, now=None):
    """The next occurrence of each event an upcoming list shows, soonest first, at most
    ``limit`` of them, with what a calendar file reads of the events: no counts, no cards
    (fixed queries, whatever the number of events and their venues)."""
    now = now or timezone.now()
    first_day = event_filter.cleaned_data.get("from")
    if stored.covered(max(now, day_start(first_day)) if first_day else now):
        selected = stored_selection(event_filter, now).listed
        stored.record_boundary(selected, now)
        rows = list(selected[:limit].only("event_id", "start", "end"))
        events = feed_events({row.event_id for row in rows})
        return stored.as_occurrences(rows, events)
    found = expanded_upcoming(event_filter, now)[0][:limit]
    events = feed_events({occurrence.event.pk for occurrence in found})
    return [dataclasses.replace(o, event=events[o.event.pk]) for o in found if o.event.pk in events]


def feed_events(pks):
    """The events a calendar file describes, by pk, with their places (fixed queries)."""
    events = {event.pk: event for event in EventPage.objects.filter(pk__in=pks).for_feed()}
    prefetch_locations(events.values())
    return events


def expanded_upcoming(event_filter, now):
    """``upcoming_occurrences`` by expanding the rules: for dates beyond the stored window."""
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


def last_occurrence(event):
    if not event.is_recurring:
        return event.first_occurrence()
    found = event.occurrences(event.ends_at - datetime.timedelta(seconds=1), None, limit=1)
    return found[0] if found else event.first_occurrence()


def past_events(events, first_day=None, last_day=None, now=None):
    """Finished events, the latest first, optionally ending on or after ``first_day`` and
    starting on or before ``last_day``."""
    events = events.past(now or timezone.now()).order_by("-ends_at", "-pk")
    if first_day:
        events = events.filter(ends_at__gte=day_start(first_day))
    if last_day:
        events = events.filter(starts_at__lt=day_end(last_day))
    return events.for_listing()


def past_cards(events, locale):
    """Each finished event shown by its last occurrence, in the reader's language."""
    cards = [last_occurrence(event) for event in events]
    return localize_cards([card for card in cards if card], locale)


@dataclasses.dataclass
class MonthGrid:
    first: datetime.date
    weekdays: list
    weeks: list
    occurrence_count: int

    @property
    def previous(self):
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def following(self):
        return (self.first + datetime.timedelta(days=32)).replace(day=1)


DAY_SHOWN = 4  # a day of the month grid lists this many events, then links to the rest
# What a day of the month grid shows of an event: its title, link, status and time.
GRID_FIELDS = ["id", "slug", "title", "status", "start_time", "time_zone", "city_zone"]


class GridEvent(EventScheduleMixin):
    """An event as a day of the month grid shows it, from a row of ``GRID_FIELDS``: a month
    lists hundreds of occurrences, and a page object for each cost most of its time."""

    def __init__(self, row, href):
        self.__dict__.update(row)
        self.pk, self.href = row["id"], href

    def get_status_display(self):
        return EventStatus(self.status).label if self.status in EventStatus.values else ""


def month_grid(events, first, locale, base_url):
    """The weeks of the month starting ``first`` (in the language's first weekday), each day
    with the occurrences that touch it (the first ``DAY_SHOWN``) and how many more there are.
    ``events`` are children of the calendar at ``base_url``: each links to its slug there."""
    first_weekday = int(formats.get_format("FIRST_DAY_OF_WEEK"))
    weeks = calendar.Calendar((first_weekday - 1) % 7).monthdatescalendar(first.year, first.month)
    grid_start, grid_end = weeks[0][0], weeks[-1][-1]
    start, end = day_start(grid_start), day_end(grid_end)
    if stored.covered(start, end):
        shown, counts, total = stored_month(events, locale, grid_start, grid_end, base_url)
    else:
        events = (
            events.overlapping(start, end)
            .select_related("city")
            .order_by("starts_at", "pk")[: recurrence.MAX_PER_REQUEST]
        )
        occurrences = recurrence.expand(events, start, end)
        for occurrence in occurrences:
            occurrence.event.href = f"{base_url}{occurrence.event.slug}/"
        shown, counts = by_grid_day(occurrences, grid_start, grid_end)
        total = len(occurrences)
    return MonthGrid(
        first=first,
        weekdays=weeks[0],
        weeks=[
            [(day, shown.get(day, []), max(counts[day] - DAY_SHOWN, 0)) for day in week]
            for week in weeks
        ],
        occurrence_count=total,
    )


def by_grid_day(occurrences, grid_start, grid_end):
    """``({day: first DAY_SHOWN occurrences}, Counter of occurrences per day)`` of the grid's
    days, ``occurrences`` sorted."""
    shown, counts = defaultdict(list), Counter()
    for occurrence in occurrences:
        for day in occurrence.days():
            if grid_start <= day <= grid_end:
                counts[day] += 1
                if len(shown[day]) < DAY_SHOWN:
                    shown[day].append(occurrence)
    return shown, counts


# A month's stored rows are read as tuples, each counted on its days; only the events a day
# shows are read in full. Past this many rows a month's counts stop growing.
MONTH_ROWS = 50_000
ZONE_FIELDS = ["id", "start_time", "time_zone", "city_zone"]


def stored_month(events, locale, grid_start, grid_end, base_url):
    """``month_grid``'s days from stored rows, in three queries whatever the number of events
    in the month: the rows (as tuples), each event's zone (to place its times on days), and the
    shown events' ``GRID_FIELDS``."""
    occurrences = EventOccurrence.objects.filter(
        locale=locale,
        event__in=events.values("pk"),
        end__gt=day_start(grid_start),
        start__lt=day_end(grid_end),
    )
    rows = occurrences.order_by("start", "event_id").values_list(
        "event_id", "start", "end", named=True
    )[:MONTH_ROWS]
    in_month = events.filter(pk__in=occurrences.values("event_id")).annotate(
        city_zone=F("city__time_zone")
    )
    zoned = {row["id"]: GridEvent(row, "") for row in in_month.values(*ZONE_FIELDS)}
    placed = stored.as_occurrences(rows, zoned)
    shown, counts = by_grid_day(placed, grid_start, grid_end)
    wanted = {occurrence.event.pk for day in shown.values() for occurrence in day}
    light = {
        row["id"]: GridEvent(row, f"{base_url}{row['slug']}/")
        for row in in_month.filter(pk__in=wanted).values(*GRID_FIELDS)
    }
    shown = {
        day: [
            dataclasses.replace(occurrence, event=light[occurrence.event.pk])
            for occurrence in day_shown
            if occurrence.event.pk in light
        ]
        for day, day_shown in shown.items()
    }
    return shown, counts, len(placed)


def next_occurrences(events, locale, count, now=None):
    """The next ``count`` occurrences of ``events`` (visible ones of a language), soonest first."""
    now = now or timezone.now()
    if stored.covered(now):
        rows = stored.next_rows(Q(end__gt=now)).filter(locale=locale, event__in=events.values("pk"))
        stored.record_boundary(rows, now)
        return localize_cards(full_occurrences(rows.order_by("start", "event_id")[:count]), locale)
    rows = schedule_rows(events.upcoming(now))
    found = [o for o in (first_matching(event, now) for event in rows) if o is not None]
    found.sort(key=lambda occurrence: occurrence.sort_key)
    return localize_cards(with_full_events(found[:count]), locale)
