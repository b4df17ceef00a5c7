"""Occurrences kept in the database: written when an event goes live, read by the listings.

An event's rule is expanded once, on publish, over a bounded window around that moment:
``KEPT`` back (the month grids of the past year) and ``HORIZON`` ahead, plus the first
occurrence after the window, so that an event's next date is known however far away it is.
The daily ``refresh_event_occurrences`` moves the window on; listings asked about dates outside
``covered()`` expand the rules as before.
"""

import datetime

from django.db import transaction
from django.db.models import Case, Exists, F, Min, OuterRef, Q, When
from django.utils import timezone

from portal.pagecache import collector as page_cache

from . import recurrence
from .models import EventOccurrence, EventPage

HORIZON = datetime.timedelta(days=548)  # about 18 months ahead
KEPT = datetime.timedelta(days=400)  # and a little over a year back
# How stale the window may get before the listings stop trusting it (the refresh runs daily).
SLACK = datetime.timedelta(days=14)
MAX_STORED = 2000  # a daily rule over the whole window fits
# Saving these fields (or a full save) may change an event's dates or whether it is shown.
SCHEDULE_FIELDS = {"live", "starts_at", "ends_at", "locale", "locale_id"}


def window(now=None):
    now = now or timezone.now()
    return now - KEPT, now + HORIZON


def covered(start, end=None):
    """Whether stored rows answer a question about the instants from ``start`` (to ``end``).

    Without an end (what comes next from ``start``) the first occurrence after the window
    answers too, so only ``start`` needs to lie inside it. The window is today's: the one the
    rows were written for, give or take the days since the last refresh.
    """
    first, last = window()
    if not first + SLACK <= start <= last - SLACK:
        return False
    return end is None or end <= last - SLACK


def expected(event, now=None):
    """The occurrences of ``event`` that are stored: those in the window and the next one after."""
    first, last = window(now)
    found = recurrence.occurrences(event, first, last, limit=MAX_STORED)
    later = recurrence.occurrences(event, last, None, limit=2)
    starts = {occurrence.start for occurrence in found}
    found += [occurrence for occurrence in later if occurrence.start not in starts][:1]
    return found


def rows_for(event, now=None):
    return [
        EventOccurrence(
            event_id=event.pk,
            locale_id=event.locale_id,
            start=occurrence.start,
            end=occurrence.end,
            first_day=occurrence.first_day,
            last_day=occurrence.last_day,
        )
        for occurrence in expected(event, now)
    ]


def write(event, now=None):
    """Replace the stored occurrences of ``event``: its own, when it is live; none otherwise."""
    rows = rows_for(event, now) if event.live else []
    with transaction.atomic():
        EventOccurrence.objects.filter(event_id=event.pk).delete()
        EventOccurrence.objects.bulk_create(rows)
    return len(rows)


def remove(event):
    EventOccurrence.objects.filter(event_id=event.pk).delete()


def stale_events(now=None):
    """Live events whose stored rows no longer reach the window's end, or that have none.

    A one-off event, or a series that ended, keeps its rows; an open series needs new rows once
    the window's end passes the last one it stored.
    """
    now = now or timezone.now()
    first, last = window(now)
    rows = EventOccurrence.objects.filter(event=OuterRef("pk"))
    reaching = rows.filter(start__gte=last)
    finished = rows.filter(end__gte=OuterRef("ends_at"))
    live = EventPage.objects.live().filter(Q(ends_at__isnull=True) | Q(ends_at__gt=first))
    missing = Q(~Exists(rows))
    open_series = ~Q(frequency="") & ~Exists(reaching) & ~Exists(finished)
    return live.filter(missing | open_series)


def refresh(rebuild_all=False, now=None):
    """Extend the window of the events that need it (all live events with ``rebuild_all``) and
    drop rows older than the window and rows of events no longer live. Returns (events, rows)."""
    now = now or timezone.now()
    first, _last = window(now)
    events = EventPage.objects.live() if rebuild_all else stale_events(now)
    events = events.select_related("city").order_by("pk")
    written = count = 0
    for event in events.iterator(chunk_size=500):
        written += write(event, now)
        count += 1
    EventOccurrence.objects.filter(end__lt=first).delete()
    EventOccurrence.objects.filter(event__live=False).delete()
    return count, written


def next_rows(when):
    """The rows matching ``when`` (a ``Q`` on the times) that are their event's earliest such."""
    earlier = EventOccurrence.objects.filter(
        when, event=OuterRef("event"), start__lt=OuterRef("start")
    )
    return EventOccurrence.objects.filter(when).filter(~Exists(earlier))


def as_occurrences(rows, events):
    """``recurrence.Occurrence`` objects for stored rows, with the given events by pk (rows
    whose event is missing are left out); times in the event's zone."""
    found = []
    for row in rows:
        event = events.get(row.event_id)
        if event is not None:
            zone = event.zone
            found.append(
                recurrence.Occurrence(event, row.start.astimezone(zone), row.end.astimezone(zone))
            )
    return found


def record_boundary(rows, now):
    """Tell the page being cached when a listing of ``rows`` changes by itself: the earliest
    instant one of them begins (it is running now) or, running already, ends (it leaves).
    One aggregate query, made only while a response is being recorded for the cache."""
    if page_cache.current() is None:
        return
    boundary = rows.order_by().aggregate(
        at=Min(Case(When(start__gt=now, then=F("start")), default=F("end")))
    )["at"]
    if boundary is not None:
        page_cache.expire_at(boundary)
