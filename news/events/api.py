"""What other sections ask of the calendar: the next events on the home page, at a venue, of
a format, and a venue's recent past. Each answer is a list of occurrences in the reader's
language, in a fixed number of queries."""

from portal.sitecache import navigation

from . import listings
from .models import EventIndexPage, EventPage


def calendar_of(locale):
    """The live calendar page of a language, or None."""
    return navigation.section_index(EventIndexPage, locale)


def next_events(locale, count=3, now=None, venue=None, event_format=None):
    """The next upcoming occurrences in a language: the home page, a centre's page (``venue``),
    a toolkit's page (``event_format``)."""
    events = EventPage.objects.visible(locale)
    if venue is not None:
        events = events.held_at(venue)
    if event_format is not None:
        events = events.of_format(event_format)
    return listings.next_occurrences(events, locale, count, now)


def recent_past_events(locale, count=5, now=None, venue=None):
    """The latest finished events in a language, most recent first (a centre's page), each
    shown by its last occurrence; a fixed number of queries whatever the history."""
    events = EventPage.objects.visible(locale)
    if venue is not None:
        events = events.held_at(venue)
    return listings.past_cards(listings.past_events(events, now=now)[:count], locale)
