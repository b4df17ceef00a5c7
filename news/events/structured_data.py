"""An event as schema.org data (``Event``), for search engines' rich results."""

from .choices import EventStatus

SCHEMA_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
    EventStatus.MOVED_ONLINE: "https://schema.org/EventMovedOnline",
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
        "eventStatus": SCHEMA_STATUS.get(event.status, SCHEMA_STATUS[EventStatus.SCHEDULED]),
    }
    if occurrence is not None:
        data["startDate"] = schema_date(occurrence, occurrence.start, event.all_day)
        data["endDate"] = schema_date(occurrence, occurrence.end, event.all_day)
    places = []
    offline = bool(location) and event.status != EventStatus.MOVED_ONLINE
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
