"""Event choices, the place of an event, and the one queryset that says "upcoming" and "past"."""

from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.images.models import Rendition
from wagtail.models import Locale, PageManager, PageQuerySet

DEFAULT_ZONE = "Europe/Moscow"
EVENT_CARD_RENDITION = "fill-640x400|format-webp"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")
    MOVED_ONLINE = "moved_online", _("Moved online")


class Frequency(models.TextChoices):
    NONE = "", _("Does not repeat")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


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


class EventQuerySet(PageQuerySet):
    def visible(self, locale=None):
        """What a reader may see: live, public, in the reader's language."""
        return self.live().public().filter(locale=locale or Locale.get_active())

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
        topic_links = apps.get_model("news", "EventPageTopic")
        return self.select_related(
            "locale", "city", "event_format", "lead_image", "venue"
        ).prefetch_related(
            Prefetch("topics", queryset=topic_links.objects.select_related("topic")),
            Prefetch(
                "lead_image__renditions",
                queryset=Rendition.objects.filter(filter_spec=EVENT_CARD_RENDITION),
            ),
        )


EventPageManager = PageManager.from_queryset(EventQuerySet)
