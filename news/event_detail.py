"""What an event page shows: its occurrences, place, links to calendars, and JSON-LD."""

from django.utils import timezone

from portal.i18n import localized_snippets

from .calendar import google_calendar_url, webcal_url

UPCOMING_SHOWN = 6
SCHEMA_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "moved_online": "https://schema.org/EventMovedOnline",
}


def localized(obj, locale):
    return localized_snippets([obj], locale)[obj.pk] if obj is not None else None


def event_page_context(event, request):
    now = timezone.now()
    following = event.occurrences(now, None, limit=UPCOMING_SHOWN)
    first = event.first_occurrence()
    current = following[0] if following else first
    if event.is_recurring and not following and event.ends_at:
        current = event.occurrences(event.ends_at - timezone.timedelta(seconds=1), None, 1)[0]
    url = request.build_absolute_uri(event.get_url(request))
    ics_path = event.get_url(request) + "ics/"
    topics = [link.topic for link in event.topics.select_related("topic")]
    local_topics = localized_snippets(topics, event.locale)
    location = event.location()
    city = localized(location.city, event.locale)
    organiser = localized(event.organiser, event.locale)
    event_format = localized(event.event_format, event.locale)
    return {
        "index": event.get_parent(),
        "occurrence": current,
        "following": following if event.is_recurring else [],
        "is_past": current.is_past(now) if current else True,
        "is_ongoing": current.is_ongoing(now) if current else False,
        "location": location,
        "local_city": city,
        "organiser": organiser,
        "event_format": event_format,
        "topics": [local_topics[topic.pk] for topic in topics],
        "ics_url": ics_path,
        "webcal_url": webcal_url(request, ics_path),
        "google_url": google_calendar_url(event, first if event.is_recurring else current, url),
        "json_ld": json_ld(event, current, location, city, organiser, url),
    }


def schema_date(occurrence, value, all_day):
    if all_day:
        return (
            value.date().isoformat()
            if value is occurrence.start
            else occurrence.last_day.isoformat()
        )
    return value.isoformat()


def json_ld(event, occurrence, location, city, organiser, url):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "url": url,
        "eventStatus": SCHEMA_STATUS.get(event.status, SCHEMA_STATUS["scheduled"]),
    }
    if occurrence is not None:
        data["startDate"] = schema_date(occurrence, occurrence.start, event.all_day)
        data["endDate"] = schema_date(occurrence, occurrence.end, event.all_day)
    places = []
    offline = bool(location) and event.status != "moved_online"
    if offline:
        place = {"@type": "Place", "name": location.name or getattr(city, "name", "")}
        address = {"@type": "PostalAddress", "addressCountry": "RU"}
        if location.address:
            address["streetAddress"] = location.address
        if city is not None:
            address["addressLocality"] = city.name
        place["address"] = address
        if location.has_geo:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": location.latitude,
                "longitude": location.longitude,
            }
        places.append(place)
    if event.online_url:
        places.append({"@type": "VirtualLocation", "url": event.online_url})
    if places:
        data["location"] = places[0] if len(places) == 1 else places
    online = bool(event.online_url)
    mode = "Mixed" if online and offline else "Online" if online else "Offline"
    data["eventAttendanceMode"] = f"https://schema.org/{mode}EventAttendanceMode"
    if organiser is not None:
        data["organizer"] = {"@type": "Organization", "name": organiser.name}
        if organiser.website:
            data["organizer"]["url"] = organiser.website
    offer = {
        "@type": "Offer",
        "url": event.registration_url or url,
        "availability": "https://schema.org/InStock",
    }
    if event.is_free:
        offer.update(price="0", priceCurrency="RUB")
    else:
        offer["description"] = event.price_note
    data["offers"] = offer
    if event.audience:
        data["audience"] = {"@type": "Audience", "audienceType": event.audience}
    return data
