"""When and where an event happens: its zone, its occurrences and its place.

``EventScheduleMixin`` has no fields, so it changes nothing in the database; ``EventPage``
keeps the fields, panels and routes.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist

from wagtail.models import Page

from . import recurrence
from .choices import DEFAULT_ZONE, EventStatus

# The fields that say when an event happens: what expanding its rule reads.
WHEN_FIELDS = [
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
]


@dataclass(frozen=True)
class Location:
    """Where an event happens, from the venue page or from the free-text place."""

    name: str = ""
    address: str = ""
    city: object = None
    latitude: float | None = None
    longitude: float | None = None
    url: str = ""

    def __bool__(self):
        """A place to go to: a venue, a place name or an address. A city alone is not one (an
        online event may name its organiser's city)."""
        return bool(self.name or self.address)

    @property
    def has_geo(self):
        return self.latitude is not None and self.longitude is not None

    def one_line(self):
        parts = [self.name, self.address, getattr(self.city, "name", "")]
        return ", ".join(part for part in parts if part)


class EventScheduleMixin:
    """Schedule and place helpers for ``EventPage``."""

    @property
    def listing_date(self):
        """Search results and cards show the day the event starts."""
        return self.start_date

    @property
    def all_day(self):
        return self.start_time is None

    @property
    def zone_name(self):
        """The event's own zone, else its city's (kept blank so a new city brings its zone).

        Listings annotate ``city_zone`` so that light rows need no query for the city.
        """
        if self.time_zone:
            return self.time_zone
        if "city_zone" in self.__dict__:
            return self.city_zone or DEFAULT_ZONE
        return (self.city.time_zone if self.city_id else "") or DEFAULT_ZONE

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.zone_name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo(DEFAULT_ZONE)

    @property
    def is_recurring(self):
        return bool(self.frequency)

    def weekday_list(self):
        return [day for day in self.weekdays.split(",") if day in recurrence.WEEKDAYS]

    def excluded_date_list(self):
        days = []
        for line in self.excluded_dates.split():
            try:
                days.append(datetime.date.fromisoformat(line.strip()))
            except ValueError:
                continue
        return sorted(set(days))

    def excluded_date_set(self):
        if not hasattr(self, "_excluded"):
            self._excluded = frozenset(self.excluded_date_list())
        return self._excluded

    def occurrences(self, start=None, end=None, limit=recurrence.MAX_PER_EVENT):
        return recurrence.occurrences(self, start, end, limit)

    def next_occurrence(self, now=None):
        return recurrence.next_occurrence(self, now)

    def first_occurrence(self):
        found = recurrence.occurrences(self, None, None, limit=1)
        return found[0] if found else None

    @property
    def is_scheduled(self):
        """Whether the event takes place as planned (not cancelled, postponed or moved online)."""
        return self.status == EventStatus.SCHEDULED

    @property
    def is_online(self):
        return bool(self.online_url) or self.status == EventStatus.MOVED_ONLINE

    def venue_in_own_language(self):
        """The venue page in the event's language when it has a live translation, else the
        page the event names (whatever language the reader's request is in)."""
        if self.venue.locale_id == self.locale_id:
            return self.venue
        translation = self.venue.get_translation_or_none(self.locale_id)
        return translation if translation is not None and translation.live else self.venue

    def location(self):
        """The place, from the venue page when it describes one, else from the free text.

        The venue is shown in the event's language when it has a live translation. Any page
        with ``address`` (and optionally ``city``, ``latitude``, ``longitude``) works as a venue.
        """
        cached = self.__dict__.get("_location")
        if cached is not None:
            return cached
        self._location = self._find_location()
        return self._location

    def venue_page(self):
        """The venue (in the event's language) as its own page type, with its city: two
        queries at most, however many of its fields the page reads (none when a listing has
        loaded it with ``prefetch_locations``)."""
        if "_venue_page" in self.__dict__:
            return self._venue_page
        venue = self.venue_in_own_language()
        model = venue.specific_class
        if model is None or isinstance(venue, model):
            return venue
        related = [name for name in ("city",) if _has_foreign_key(model, name)]
        found = model._default_manager.select_related(*related).filter(pk=venue.pk).first()
        return found if found is not None else venue

    def _find_location(self):
        venue = None
        if self.venue_id and self.venue:
            venue = self.venue_page()
        if venue is not None and getattr(venue, "address", None) is not None:
            return Location(
                name=venue.title,
                address=venue.address or "",
                city=getattr(venue, "city", None) or self.city,
                latitude=_float(getattr(venue, "latitude", None)),
                longitude=_float(getattr(venue, "longitude", None)),
                url=(venue.url or "") if venue.live else "",
            )
        return Location(
            name=self.place_name or (venue.title if venue is not None else ""),
            address=self.address,
            city=self.city,
            latitude=_float(self.latitude),
            longitude=_float(self.longitude),
            url=(venue.url or "") if venue is not None and venue.live else "",
        )


def prefetch_locations(events):
    """Load the venues of ``events`` (each loaded with its ``venue``) for ``location()``: their
    translations in each event's language, then each venue as its own page type with its
    city. Two queries plus one per venue page type, however many events."""
    events = [event for event in events if event.venue_id and event.venue is not None]
    wanted = {
        (event.venue.translation_key, event.locale_id)
        for event in events
        if event.venue.locale_id != event.locale_id
    }
    translations = {}
    if wanted:
        found = Page.objects.filter(
            live=True,
            translation_key__in={key for key, _ in wanted},
            locale_id__in={locale for _, locale in wanted},
        )
        translations = {(page.translation_key, page.locale_id): page for page in found}
    chosen = {}
    for event in events:
        venue = event.venue
        if venue.locale_id != event.locale_id:
            venue = translations.get((venue.translation_key, event.locale_id), venue)
        chosen[event.pk] = venue
    by_model = {}
    for venue in chosen.values():
        by_model.setdefault(venue.specific_class, set()).add(venue.pk)
    specific = {}
    for model, pks in by_model.items():
        if model is None:
            continue
        related = [name for name in ("city",) if _has_foreign_key(model, name)]
        specific.update(
            (page.pk, page)
            for page in model._default_manager.select_related(*related).filter(pk__in=pks)
        )
    for event in events:
        venue = chosen[event.pk]
        event._venue_page = specific.get(venue.pk, venue)


def _has_foreign_key(model, name):
    try:
        return model._meta.get_field(name).many_to_one
    except FieldDoesNotExist:
        return False


def _float(value):
    return None if value is None else float(value)
