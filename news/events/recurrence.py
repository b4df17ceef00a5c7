"""Occurrences of events: one place decides when an event happens, and whether that is past.

Rules are expanded on naive local wall times and only then given the event's zone: expanding
aware datetimes drifts across DST changes. Expansion is always bounded: by the window asked
for, by ``MAX_PER_EVENT`` for one rule and by ``MAX_PER_REQUEST`` for a whole page, so a daily
rule without an end cannot stall the calendar.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from dateutil import rrule
from dateutil.relativedelta import relativedelta

from .choices import Frequency

MAX_PER_EVENT = 62  # a daily rule over a month grid (six weeks) fits, twice over
MAX_PER_REQUEST = 600
MAX_COUNT = 500  # the longest COUNT an editor may give
MAX_SPAN = datetime.timedelta(days=366 * 5)  # the furthest UNTIL from the first day

FREQUENCIES = {
    Frequency.DAILY: rrule.DAILY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
}
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of an event: aware start and end in the event's own zone.

    For all-day events ``end`` is the (exclusive) midnight after the last day, in that zone.
    """

    event: object
    start: datetime.datetime
    end: datetime.datetime

    @property
    def all_day(self):
        return self.event.all_day

    @property
    def first_day(self):
        return self.start.date()

    @property
    def last_day(self):
        """The last calendar day it touches (all-day ends are exclusive)."""
        if self.all_day or (self.end.time() == datetime.time(0) and self.end > self.start):
            return (self.end - datetime.timedelta(days=1)).date()
        return self.end.date()

    @property
    def local_start(self):
        """Naive wall time, for templates (Django's date filter would convert aware values)."""
        return self.start.replace(tzinfo=None)

    @property
    def local_end(self):
        return self.end.replace(tzinfo=None)

    def days(self):
        day = self.first_day
        while day <= self.last_day:
            yield day
            day += datetime.timedelta(days=1)

    def is_past(self, now=None):
        return self.end <= (now or timezone.now())

    def is_ongoing(self, now=None):
        now = now or timezone.now()
        return self.start <= now < self.end

    @property
    def sort_key(self):
        return (self.start.astimezone(datetime.UTC), self.event.pk)


def naive_bounds(event):
    """First occurrence as naive local (start, end)."""
    start = datetime.datetime.combine(event.start_date, event.start_time or datetime.time(0))
    end_date = event.end_date or event.start_date
    if event.all_day:
        end = datetime.datetime.combine(end_date + datetime.timedelta(days=1), datetime.time(0))
    else:
        end = datetime.datetime.combine(end_date, event.end_time or event.start_time)
    return start, end


def fast_forward(dtstart, after, frequency, interval):
    """A later start on the same grid of the rule, still before ``after``.

    Without it a rule that began years ago would be walked from its first day on every request.
    Only valid for rules without COUNT (COUNT counts from the very first occurrence).
    """
    if after <= dtstart:
        return dtstart
    if frequency == Frequency.MONTHLY:
        months = (after.year - dtstart.year) * 12 + after.month - dtstart.month
        steps = max(months // interval - 1, 0) * interval
        return dtstart + relativedelta(months=steps)
    days = (after.date() - dtstart.date()).days
    unit = interval * (7 if frequency == Frequency.WEEKLY else 1)
    return dtstart + datetime.timedelta(days=max(days // unit - 1, 0) * unit)


def build_rule(event, dtstart, after=None):
    """A dateutil rule for the event, or None when it happens once."""
    if event.frequency not in FREQUENCIES:
        return None
    interval = max(event.interval or 1, 1)
    first = dtstart
    if after is not None and not event.count:
        dtstart = fast_forward(dtstart, after, event.frequency, interval)
    kwargs = {"dtstart": dtstart, "interval": interval}
    weekdays = event.weekday_list()
    if event.frequency == Frequency.WEEKLY:
        days = weekdays or [WEEKDAYS[first.weekday()]]
        kwargs["byweekday"] = [getattr(rrule, day) for day in days]
    if event.frequency == Frequency.MONTHLY:
        kwargs["bymonthday"] = first.day
    if event.count:
        kwargs["count"] = min(event.count, MAX_COUNT)
    elif event.until:
        kwargs["until"] = datetime.datetime.combine(event.until, datetime.time.max)
    return rrule.rrule(FREQUENCIES[event.frequency], **kwargs)


def occurrences(event, window_start=None, window_end=None, limit=MAX_PER_EVENT):
    """Occurrences of ``event`` that end after ``window_start`` and start before ``window_end``.

    Window bounds are aware instants; at most ``limit`` occurrences are produced.
    """
    zone = event.zone
    start, end = naive_bounds(event)
    duration = end - start
    after = start
    if window_start is not None:
        # Everything that could still be running at window_start, in local wall time.
        after = max(start, window_start.astimezone(zone).replace(tzinfo=None) - duration)
    rule = build_rule(event, start, after)
    candidates = iter([start]) if rule is None else rule.xafter(after, inc=True)
    excluded = event.excluded_date_set()
    found = []
    for naive in candidates:
        occurrence_start = naive.replace(tzinfo=zone)
        if window_end is not None and occurrence_start >= window_end:
            break
        occurrence = Occurrence(event, occurrence_start, (naive + duration).replace(tzinfo=zone))
        if naive.date() in excluded:
            continue
        if window_start is not None and occurrence.end <= window_start:
            continue
        found.append(occurrence)
        if len(found) >= limit:
            break
    return found


def series_end(event):
    """Aware end of the last occurrence, or None when the rule never ends."""
    start, end = naive_bounds(event)
    rule = build_rule(event, start)
    if rule is None:
        last = start
    elif event.count or event.until:
        last = rule.before(
            datetime.datetime.combine(start.date() + MAX_SPAN, start.time()), inc=True
        )
        last = last or start
    else:
        return None
    return (last + (end - start)).replace(tzinfo=event.zone)


def next_occurrence(event, now=None):
    """The occurrence running now or the next one; None when all are over."""
    found = occurrences(event, now or timezone.now(), None, limit=1)
    return found[0] if found else None


def expand(events, window_start, window_end, limit=MAX_PER_REQUEST):
    """All occurrences of ``events`` in the window, sorted, at most ``limit`` of them."""
    result = []
    for event in events:
        result.extend(occurrences(event, window_start, window_end))
        if len(result) >= limit:
            break
    result.sort(key=lambda occurrence: occurrence.sort_key)
    return result[:limit]
