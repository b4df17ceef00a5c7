"""The one queryset that says what readers see, "upcoming" and "past"."""

from django.db.models import Prefetch, Q
from django.utils import timezone

from wagtail.models import PageManager

from portal.models import PortalPageQuerySet


class EventQuerySet(PortalPageQuerySet):
    def upcoming(self, now=None):
        """Events with an occurrence that has not ended yet (a running festival included)."""
        now = now or timezone.now()
        return self.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))

    def past(self, now=None):
        return self.filter(ends_at__lte=now or timezone.now())

    def held_at(self, venue):
        """Events at a venue page, whichever language version of it they point at."""
        return self.filter(venue__translation_key=venue.translation_key)

    def of_format(self, event_format):
        """Events of a format (a shared ``portal.Format``), whichever language version of the
        snippet they point at."""
        return self.filter(event_format__translation_key=event_format.translation_key)

    def overlapping(self, start, end):
        """Events with an occurrence that may fall in [start, end)."""
        return self.filter(Q(starts_at__lt=end) & (Q(ends_at__isnull=True) | Q(ends_at__gt=start)))

    def for_listing(self):
        """Everything a card renders, in a fixed number of queries."""
        topic_links = self.model._meta.get_field("topics").related_model
        return (
            self.with_card_image()
            .select_related("locale", "city", "event_format")
            .prefetch_related(
                Prefetch("topics", queryset=topic_links.objects.select_related("topic"))
            )
        )

    def for_feed(self):
        """What a calendar file reads of each event: not the body, nor a card's image and
        topics; the city and the venue (whose own fields ``prefetch_locations`` loads)."""
        return self.select_related("locale", "city", "venue").defer("body")


EventPageManager = PageManager.from_queryset(EventQuerySet)
