"""Calendar files (RFC 5545): one event, or a filtered feed.

Each VEVENT carries the wall time with its TZID and a matching VTIMEZONE (built with
``icalendar`` once per zone and process: it walks every transition from 1970 to 2038, ~30 ms a
zone), all-day events as dates with an exclusive DTEND, RRULE/EXDATE in the same zone, a UID
shared by the Russian and English versions, and STATUS.

The events themselves are written as content lines here, not through ``icalendar``'s object
model: a feed holds up to 500 of them, and building and serialising each as components and
typed properties cost most of a feed's time (about 0.7 ms an event). What the two must agree
on is small: text escaping, the value types used below, and folding at 75 octets.
"""

import datetime
import functools
import re
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils.html import strip_tags

import icalendar

from portal.addresses import absolute_url, host, host_name
from portal.models.mixins import transliterated_slug

from . import recurrence
from .choices import EventStatus, Frequency

PRODID = "-//New public spaces//Event calendar//RU"
ICS_STATUS = {EventStatus.CANCELLED: "CANCELLED", EventStatus.POSTPONED: "TENTATIVE"}
LINE_OCTETS = 75
UTC_FORMAT = "%Y%m%dT%H%M%SZ"
NEW_PARAGRAPH = "\n\n"

# Control characters (C0, DEL, C1): a calendar application may cut a line at them or refuse
# the file. A title or place is one line.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")
TEXT_SPECIALS = re.compile(r"([\\;,])")


def line(value):
    """A one-line text property: control characters, line breaks included, become spaces."""
    return " ".join(CONTROL.sub(" ", str(value or "")).split())


def paragraphs(value):
    """A multi-line text property (a description): its line breaks kept, other controls gone."""
    lines = str(value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(CONTROL.sub(" ", text).strip() for text in lines)


def text(value):
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks
    as ``\\n``, any other control character gone."""
    value = TEXT_SPECIALS.sub(r"\\\1", paragraphs(value))
    return value.replace("\n", "\\n")


def fold(content):
    """One content line as bytes, folded so that no line exceeds 75 octets (a continuation
    starts with a space) and no UTF-8 character is split."""
    data = content.encode()
    if len(data) <= LINE_OCTETS:
        return data + b"\r\n"
    parts, start, limit = [], 0, LINE_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: back to the character's start
            end -= 1
        parts.append(data[start:end])
        start, limit = end, LINE_OCTETS - 1
    parts.append(data[start:])
    return b"\r\n ".join(parts) + b"\r\n"


def utc(moment):
    return moment.astimezone(datetime.UTC).strftime(UTC_FORMAT)


def uid(event, request):
    return f"event-{event.translation_key}@{host_name(request)}"


def when(name, event, naive):
    """DTSTART, DTEND or one EXDATE value: a date for an all-day event, else the wall time
    with the event's zone (UTC written as such)."""
    if event.all_day:
        return f"{name};VALUE=DATE:{naive:%Y%m%d}"
    if event.zone_name in ("UTC", "Etc/UTC"):
        return f"{name}:{naive:%Y%m%dT%H%M%S}Z"
    return f"{name};TZID={event.zone.key}:{naive:%Y%m%dT%H%M%S}"


def rrule(event):
    """The event's RRULE value, or None when it does not repeat."""
    if not event.is_recurring:
        return None
    parts = [f"FREQ={event.frequency.upper()}"]
    if event.count:
        parts.append(f"COUNT={event.count}")
    elif event.until:
        if event.all_day:
            parts.append(f"UNTIL={event.until:%Y%m%d}")
        else:
            end_of_day = datetime.datetime.combine(event.until, datetime.time(23, 59, 59))
            # RFC 5545: with a zoned DTSTART, UNTIL is given in UTC.
            parts.append(f"UNTIL={utc(end_of_day.replace(tzinfo=event.zone))}")
    if (event.interval or 1) > 1:
        parts.append(f"INTERVAL={event.interval}")
    if event.frequency == Frequency.WEEKLY and event.weekday_list():
        parts.append("BYDAY=" + ",".join(event.weekday_list()))
    return ";".join(parts)


def calendar_location(event, location):
    """What a calendar shows as the place: the online link for an event moved online or with
    no place to go to (a city alone is none), else the place in one line."""
    if event.online_url and (event.status == EventStatus.MOVED_ONLINE or not location):
        return event.online_url
    return location.one_line() if location else ""


def vevent(event, request):
    """The event's VEVENT as content lines (str, unfolded)."""
    start, end = recurrence.naive_bounds(event)
    stamp = (
        event.last_published_at
        or event.latest_revision_created_at
        or datetime.datetime.now(datetime.UTC)
    )
    lines = [
        "BEGIN:VEVENT",
        f"SUMMARY:{text(line(event.title))}",
        when("DTSTART", event, start),
        when("DTEND", event, end),
        f"DTSTAMP:{utc(stamp)}",
        f"UID:{text(uid(event, request))}",
        # Minutes since the epoch of the last publication only ever grow, as SEQUENCE must.
        f"SEQUENCE:{int(stamp.timestamp() // 60)}",
    ]
    rule = rrule(event)
    if rule:
        lines.append(f"RRULE:{rule}")
        excluded = event.excluded_date_list()
        if excluded:
            values = [
                when("EXDATE", event, datetime.datetime.combine(day, start.time()))
                for day in excluded
            ]
            head = values[0].rpartition(":")[0]
            lines.append(head + ":" + ",".join(value.rpartition(":")[2] for value in values))
    url = absolute_url(event.get_url(request), request)
    lines += [f"STATUS:{ICS_STATUS.get(event.status, 'CONFIRMED')}", f"URL:{line(url)}"]
    location = event.location()
    where = calendar_location(event, location)
    if where:
        lines.append(f"LOCATION:{text(line(where))}")
    if location and location.has_geo:
        lines.append(f"GEO:{float(location.latitude)};{float(location.longitude)}")
    description = [strip_tags(event.summary)]
    if event.online_url:
        description.append(event.online_url)
    description.append(url)
    lines += [f"DESCRIPTION:{text(NEW_PARAGRAPH.join(description))}", "END:VEVENT"]
    return lines


def zoned(event):
    """The zone whose VTIMEZONE the event's times refer to, or None (dates, UTC)."""
    if event.all_day or event.zone_name in ("UTC", "Etc/UTC"):
        return None
    return event.zone.key


@functools.lru_cache(maxsize=64)
def vtimezone(tzid):
    """The VTIMEZONE of an IANA zone as folded bytes; shared between calendars."""
    try:
        return icalendar.Timezone.from_tzid(tzid).to_ical()
    except ValueError:
        return None


def build_calendar(events, request, name):
    """The calendar file's bytes: the header, a VTIMEZONE per zone the events use (before
    them), then the events."""
    body, zones = [], set()
    for event in events:
        body += vevent(event, request)
        zones.add(zoned(event))
    head = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        # RFC 5546: a published calendar, not a meeting request or reply.
        "METHOD:PUBLISH",
        # An extension property of no declared type: clients show its value as written.
        f"X-WR-CALNAME:{line(name)}",
    ]
    chunks = [fold(content) for content in head]
    chunks += filter(None, (vtimezone(tzid) for tzid in sorted(zones - {None})))
    chunks += [fold(content) for content in body]
    chunks.append(fold("END:VCALENDAR"))
    return b"".join(chunks)


def calendar_response(events, request, name, filename):
    """``filename``: ASCII, without quotes (a header value is Latin-1 at best)."""
    response = HttpResponse(
        build_calendar(events, request, name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics_response(event, request):
    filename = transliterated_slug(event.slug) or "event"
    return calendar_response([event], request, event.title, f"{filename}.ics")


def webcal_url(request, path):
    return "webcal://" + host(request) + path


def google_calendar_url(event, occurrence, url):
    """An "add to Google Calendar" link for the occurrence (with the rule, when it repeats)."""
    if event.all_day:
        dates = f"{occurrence.start:%Y%m%d}/{occurrence.end:%Y%m%d}"
    else:
        dates = f"{utc(occurrence.start)}/{utc(occurrence.end)}"
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "ctz": event.zone_name,
        "details": f"{strip_tags(event.summary)}\n\n{url}",
        "location": calendar_location(event, event.location()),
    }
    rule = rrule(event)
    if rule:  # the caller passes the first occurrence of a repeating event
        params["recur"] = "RRULE:" + rule
    return "https://calendar.google.com/calendar/render?" + urlencode(params)
