"""The calendar's fixed vocabularies: an event's status, how it repeats, the default zone."""

from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_ZONE = "Europe/Moscow"


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
