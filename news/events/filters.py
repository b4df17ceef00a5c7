"""The calendar's filters, declared once: the list, the month grid, the archive and the feed."""

import datetime
import re

from django import forms
from django.db import DatabaseError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.listings import ListingFilter, QueryField, TermFacet
from portal.models import City, Format, Topic

MAX_SEARCH_RESULTS = 500


class MonthField(forms.CharField):
    default_error_messages = {"invalid": _("Give the month as YYYY-MM, e.g. 2026-11.")}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # The text field's maxlength; longer text is refused by to_python (no validator: the
        # cleaned value is a date).
        self.max_length = len("YYYY-MM")

    def query_value(self, value):
        """How a link names the month: 2026-11."""
        return value.strftime("%Y-%m")

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        match = None if len(value) > 7 else re.fullmatch(r"(\d{4})-(\d{2})", value)
        if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2200:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return datetime.date(int(match[1]), int(match[2]), 1)


DATE_ERROR = {"invalid": _("Give dates as YYYY-MM-DD, e.g. 2026-11-20.")}


class EventFilter(ListingFilter):
    q = QueryField(label=_("Search"))
    city = TermFacet(City, label=_("City"), unknown=_("There is no such city."), any_language=True)
    format = TermFacet(
        Format, label=_("Format"), unknown=_("There is no such format."), any_language=True
    )
    topic = TermFacet(
        Topic, label=_("Topic"), unknown=_("There is no such topic."), any_language=True
    )
    free = forms.BooleanField(label=_("Free only"), required=False)
    online = forms.BooleanField(label=_("Online only"), required=False)
    month = MonthField(required=False, label=_("Month"))
    # The month is a view of its own: links name it only when they mean to.
    query_exclude = ("month",)

    def __init__(self, data, *, index):
        super().__init__(data, index=index)
        # "from" is a Python keyword, so these two are added here.
        self.fields["from"] = forms.DateField(
            label=_("From"), required=False, input_formats=["%Y-%m-%d"], error_messages=DATE_ERROR
        )
        self.fields["to"] = forms.DateField(
            label=_("To"), required=False, input_formats=["%Y-%m-%d"], error_messages=DATE_ERROR
        )
        order = ["q", "from", "to", "city", "format", "topic", "free", "online", "month", "page"]
        self.fields = {name: self.fields[name] for name in order}
        self.search_pks = None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("from"), cleaned.get("to")
        if start and end and end < start:
            self.add_error("to", _("The end of the period is before its start."))
        query = cleaned.get("q")
        if query and not self.errors:
            try:
                with transaction.atomic():
                    results = (
                        self.index.all_events()
                        .live()
                        .filter(locale=self.index.locale)
                        .search(query, operator="and")
                    )
                    self.search_pks = [page.pk for page in results[:MAX_SEARCH_RESULTS]]
            except DatabaseError:
                self.add_error("q", _("We could not search for that. Try other words."))
        return cleaned

    # Querysets

    def events(self, facets=True):
        """Visible events matching every filter; ``facets=False`` leaves out the ones whose
        counts are shown (city, format, topic, free, online): ``matches_facets`` applies them
        in Python, so each choice can be counted given the others."""
        data = self.cleaned_data
        events = self.index.all_events().visible(self.index.locale).child_of(self.index)
        if self.search_pks is not None:
            events = events.filter(pk__in=self.search_pks)
        if not facets:
            return events
        if data.get("city"):
            events = events.filter(city__translation_key=data["city"].translation_key)
        if data.get("format"):
            events = events.of_format(data["format"])
        if data.get("free"):
            events = events.filter(is_free=True)
        if data.get("online"):
            events = events.exclude(online_url="")
        if data.get("topic"):
            events = events.filter(
                topics__topic__translation_key=data["topic"].translation_key
            ).distinct()
        return events

    def matches_facets(self, event, skip=None):
        """Whether a light row (``city_key``, ``format_key``, ``topic_keys``, ``is_free``,
        ``online_url``) passes the counted filters, all but ``skip``."""
        data = self.cleaned_data
        checks = {
            "city": lambda term: event.city_key == term.translation_key,
            "format": lambda term: event.format_key == term.translation_key,
            "topic": lambda term: term.translation_key in event.topic_keys,
            "free": lambda _on: event.is_free,
            "online": lambda _on: bool(event.online_url),
        }
        return all(
            check(data[name]) for name, check in checks.items() if name != skip and data.get(name)
        )

    def describe(self):
        """The filters in force, in the reader's words: names a filtered feed for subscribers."""
        data, locale = self.cleaned_data, self.index.locale
        parts = [f"«{data['q']}»"] if data.get("q") else []
        for name in ("city", "format", "topic"):
            if data.get(name):
                term = data[name]
                parts.append((term.get_translation_or_none(locale) or term).name)
        for name in ("from", "to"):
            if data.get(name):
                parts.append(f"{self.fields[name].label} {date_format(data[name])}")
        parts += [str(self.fields[name].label) for name in ("free", "online") if data.get(name)]
        return parts
