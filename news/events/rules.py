"""Rules an event must follow, checked in the admin and on every save (field-keyed errors)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminPageForm

from . import recurrence
from .choices import EventStatus, Frequency

WEEKDAY_CHOICES = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]


class EventPageForm(WagtailAdminPageForm):
    """Weekdays as check boxes (stored as ``MO,WE``)."""

    weekdays = forms.MultipleChoiceField(
        label=_("on weekdays"),
        choices=WEEKDAY_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For weekly events; empty: the weekday of the start date."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.weekdays and "weekdays" in self.fields:
            self.initial["weekdays"] = self.instance.weekday_list()

    def clean_weekdays(self):
        chosen = self.cleaned_data.get("weekdays") or []
        return ",".join(day for day in recurrence.WEEKDAYS if day in chosen)


def parse_dates(text):
    days, bad = [], []
    for token in (text or "").replace(",", " ").split():
        try:
            days.append(datetime.date.fromisoformat(token))
        except ValueError:
            bad.append(token)
    return sorted(set(days)), bad


def clean_event(page):
    errors = {}
    end_date = page.end_date or page.start_date
    if page.start_date and page.end_date and page.end_date < page.start_date:
        errors["end_date"] = _("The event cannot end before it starts.")
    if page.end_time and not page.start_time:
        errors["start_time"] = _("Give the start time too, or clear the end time.")
    if page.start_time and not page.end_time:
        errors["end_time"] = _("Give the end time too: calendars need to know when it ends.")
    if (
        page.start_date
        and page.start_time
        and page.end_time
        and end_date == page.start_date
        and page.end_time <= page.start_time
    ):
        errors["end_time"] = _("The end time must be later than the start time.")

    if page.frequency:
        if page.until and page.count:
            errors["count"] = _("Give either an end date or a number of times, not both.")
        if page.until and page.start_date and page.until < page.start_date:
            errors["until"] = _("The repetition cannot end before the first occurrence.")
        if page.until and page.start_date and page.until > page.start_date + recurrence.MAX_SPAN:
            errors["until"] = _("Repeat for five years at most; make a new event after that.")
        if page.weekdays and page.frequency != Frequency.WEEKLY:
            errors["weekdays"] = _("Weekdays are only for weekly events.")
        several_days = page.start_date and (end_date - page.start_date).days >= 1
        if several_days and page.frequency == Frequency.DAILY:
            errors["frequency"] = _("An event of several days cannot repeat every day.")
    elif page.until or page.count or page.weekdays or page.excluded_dates.strip():
        errors["frequency"] = _("Choose how the event repeats, or clear the repetition fields.")
    days, bad = parse_dates(page.excluded_dates)
    if bad:
        errors["excluded_dates"] = _("Write dates as YYYY-MM-DD: %(bad)s is not one.") % {
            "bad": bad[0][:20]
        }
    else:
        page.excluded_dates = "\n".join(day.isoformat() for day in days)

    location = page.venue_id or page.place_name or page.address  # a city alone is no place
    if not location and not page.online_url:
        errors["place_name"] = _("Say where the event happens: a venue, a place or an online link.")
    if page.status == EventStatus.MOVED_ONLINE and not page.online_url:
        errors["online_url"] = _("An event moved online needs its online link.")
    if not page.is_free and not page.price_note.strip():
        errors["price_note"] = _("Say what it costs, or mark the event as free.")
    if page.registration_deadline and page.start_date and page.registration_deadline > end_date:
        errors["registration_deadline"] = _("Registration cannot close after the event ends.")
    if errors:
        raise ValidationError(errors)
