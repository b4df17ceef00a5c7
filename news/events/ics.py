"""Calendar files (RFC 5545) built with ``icalendar``: one event, or a filtered feed.

Each VEVENT carries the wall time with its TZID and a matching VTIMEZONE (built once per zone
and process: icalendar walks every transition from 1970 to 2038, ~30 ms a zone), all-day
events as dates with an exclusive DTEND, RRULE/EXDATE in the same zone, a UID shared by the
Russian and English versions, and STATUS.
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


# Control characters (C0, DEL, C1): icalendar refuses some of them in a text value and a
# calendar application may cut a line at others. A title or place is one line.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def line(value):
    """A one-line text property: control characters, line breaks included, become spaces."""
    return " ".join(CONTROL.sub(" ", str(value or "")).split())


def paragraphs(value):
    """A multi-line text property (a description): its line breaks kept, other controls gone."""
    lines = str(value or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(CONTROL.sub(" ", text).strip() for text in lines)


def uid(event, request):
    return f"event-{event.translation_key}@{host_name(request)}"


def _value(event, naive):
    return naive.date() if event.all_day else naive.replace(tzinfo=event.zone)


def rrule_dict(event):
    if not event.is_recurring:
        return None
    rule = {"FREQ": event.frequency.upper()}
    if (event.interval or 1) > 1:
        rule["INTERVAL"] = event.interval
    if event.frequency == Frequency.WEEKLY and event.weekday_list():
        rule["BYDAY"] = event.weekday_list()
    if event.count:
        rule["COUNT"] = event.count
    elif event.until:
        end_of_day = datetime.datetime.combine(event.until, datetime.time(23, 59, 59))
        # RFC 5545: with a zoned DTSTART, UNTIL is given in UTC.
        rule["UNTIL"] = (
            event.until
            if event.all_day
            else end_of_day.replace(tzinfo=event.zone).astimezone(datetime.UTC)
        )
    return rule


def calendar_location(event, location):
    """What a calendar shows as the place: the online link for an event moved online or with
    no place to go to (a city alone is none), else the place in one line."""
    if event.online_url and (event.status == EventStatus.MOVED_ONLINE or not location):
        return event.online_url
    return location.one_line() if location else ""


def vevent(event, request):
    start, end = recurrence.naive_bounds(event)
    item = icalendar.Event()
    item.add("uid", uid(event, request))
    stamp = (
        event.last_published_at
        or event.latest_revision_created_at
        or datetime.datetime.now(datetime.UTC)
    )
    item.add("dtstamp", stamp.astimezone(datetime.UTC))
    # Minutes since the epoch of the last publication only ever grow, as SEQUENCE must.
    item.add("sequence", int(stamp.timestamp() // 60))
    item.add("summary", line(event.title))
    item.add("dtstart", _value(event, start))
    item.add("dtend", _value(event, end))
    rule = rrule_dict(event)
    if rule:
        item.add("rrule", rule)
        excluded = [
            _value(event, datetime.datetime.combine(day, start.time()))
            for day in event.excluded_date_list()
        ]
        if excluded:
            item.add("exdate", excluded)
    item.add("status", ICS_STATUS.get(event.status, "CONFIRMED"))
    url = absolute_url(event.get_url(request), request)
    item.add("url", url)
    location = event.location()
    where = calendar_location(event, location)
    if where:
        item.add("location", line(where))
    if location and location.has_geo:
        item.add("geo", (location.latitude, location.longitude))
    description = [strip_tags(event.summary)]
    if event.online_url:
        description.append(event.online_url)
    description.append(url)
    item.add("description", paragraphs("\n\n".join(description)))
    return item


@functools.lru_cache(maxsize=64)
def vtimezone(tzid):
    """The VTIMEZONE of an IANA zone; shared between calendars, which only serialise it."""
    try:
        return icalendar.Timezone.from_tzid(tzid)
    except ValueError:
        return None


def build_calendar(events, request, name):
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # RFC 5546: a published calendar, not a meeting request or reply.
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", line(name))
    for event in events:
        cal.add_component(vevent(event, request))
    zones = [vtimezone(tzid) for tzid in sorted(cal.get_missing_tzids())]
    cal.subcomponents[:0] = [zone for zone in zones if zone is not None]  # before the VEVENTs
    return cal


def calendar_response(events, request, name, filename):
    """``filename``: ASCII, without quotes (a header value is Latin-1 at best)."""
    response = HttpResponse(
        build_calendar(events, request, name).to_ical(), content_type="text/calendar; charset=utf-8"
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
        utc = "%Y%m%dT%H%M%SZ"
        dates = (
            f"{occurrence.start.astimezone(datetime.UTC):{utc}}/"
            f"{occurrence.end.astimezone(datetime.UTC):{utc}}"
        )
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": dates,
        "ctz": event.zone_name,
        "details": f"{strip_tags(event.summary)}\n\n{url}",
        "location": calendar_location(event, event.location()),
    }
    rule = rrule_dict(event)
    if rule:  # the caller passes the first occurrence of a repeating event
        params["recur"] = "RRULE:" + icalendar.vRecur(rule).to_ical().decode()
    return "https://calendar.google.com/calendar/render?" + urlencode(params)
