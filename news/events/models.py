"""The calendar's pages: an index per language (the calendar) and the events under it.

Times are stored as the organisers write them — local dates and wall-clock times — with the IANA
zone of the place. ``starts_at``/``ends_at`` (UTC instants of the first occurrence and of the end
of the last one) are derived on save so that the database can answer "upcoming" and "past".
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from portal.blocks import ArticleStreamBlock
from portal.i18n import names_in
from portal.models import GeoPointFields, LeadImageFields, PortalPageMixin, TopicLink
from portal.models.mixins import page_translation_policy
from portal.models.snippets import validate_time_zone

from . import recurrence
from .choices import EventStatus, Frequency
from .querysets import EventPageManager
from .rules import EventPageForm, clean_event
from .schedule import WHEN_FIELDS, EventScheduleMixin

TRANSLATED = [
    "summary",
    "body",
    "place_name",
    "address",
    "audience",
    "price_note",
    "lead_image_alt",
]
# Copied from the Russian event into its translation, where a translator may change them.
OVERRIDABLE = [
    "status",
    *WHEN_FIELDS,
    "venue",
    "city",
    "latitude",
    "longitude",
    "online_url",
    "event_format",
    "topics",
    "is_free",
    "registration_url",
    "registration_deadline",
    "organiser",
    "lead_image",
]


class EventIndexPage(RoutablePageMixin, PortalPageMixin, Page):
    """Upcoming events (with ``?month=YYYY-MM``: a month grid), the archive and the feed."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.EventPage"]
    max_count_per_parent = 1

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("event calendar")

    def all_events(self):
        """Every event of every calendar; the views narrow them to this one."""
        return EventPage.objects.all()

    @path("")
    def upcoming_view(self, request):
        return self.views.upcoming(self, request)

    @path("past/")
    def past_view(self, request):
        return self.views.past(self, request)

    @path("ics/")
    def ics_view(self, request):
        return self.views.feed(self, request)


class EventPage(
    EventScheduleMixin, RoutablePageMixin, PortalPageMixin, LeadImageFields, GeoPointFields, Page
):
    """An event: a conference, lecture, workshop, festival, open call …"""

    parent_page_types = ["news.EventIndexPage"]
    subpage_types = []
    base_form_class = EventPageForm

    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.SCHEDULED
    )
    summary = models.TextField(
        _("summary"), help_text=_("One or two sentences: what and for whom.")
    )
    body = StreamField(ArticleStreamBlock(), verbose_name=_("body"), blank=True)

    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Leave empty for an all-day event.")
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("For events of several days.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Asia/Vladivostok. Empty: the city's zone, else Moscow time."),
    )

    frequency = models.CharField(
        _("repeats"), max_length=10, choices=Frequency.choices, default=Frequency.NONE, blank=True
    )
    interval = models.PositiveSmallIntegerField(
        _("every"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("1: every day/week/month, 2: every other one …"),
    )
    weekdays = models.CharField(_("on weekdays"), max_length=30, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveSmallIntegerField(
        _("number of times"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(recurrence.MAX_COUNT)],
    )
    excluded_dates = models.TextField(
        _("excluded dates"),
        blank=True,
        help_text=_("Dates without an occurrence, as YYYY-MM-DD, one per line."),
    )

    venue = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A centre described on the portal. Otherwise fill in the place below."),
    )
    place_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.ForeignKey(
        "portal.City",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Taken from the venue when it has one."),
    )
    online_url = models.URLField(_("online link"), blank=True)

    event_format = models.ForeignKey(
        "portal.Format",
        verbose_name=_("format"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    is_free = models.BooleanField(_("free"), default=True)
    price_note = models.CharField(
        _("price"), max_length=200, blank=True, help_text=_("For paid events: prices, discounts.")
    )
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateField(_("registration deadline"), null=True, blank=True)
    organiser = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("organiser"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Derived on save (UTC): the first start and the end of the last occurrence (None: no end).
    starts_at = models.DateTimeField(editable=False, null=True, db_index=True)
    ends_at = models.DateTimeField(editable=False, null=True, db_index=True)

    objects = EventPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("status"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("time_zone"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("frequency"), FieldPanel("interval")]),
                FieldPanel("weekdays"),
                FieldRowPanel([FieldPanel("until"), FieldPanel("count")]),
                FieldPanel("excluded_dates"),
            ],
            heading=_("Repeats"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                PageChooserPanel("venue", "resources.CentrePage"),
                FieldPanel("place_name"),
                FieldPanel("address"),
                FieldPanel("city"),
                GeoPointFields.geo_point_panel(),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("event_format"),
                InlinePanel("topics", label=_("Topic")),
                FieldPanel("audience"),
                FieldRowPanel([FieldPanel("is_free"), FieldPanel("price_note")]),
                FieldRowPanel(
                    [FieldPanel("registration_url"), FieldPanel("registration_deadline")]
                ),
                FieldPanel("organiser"),
            ],
            heading=_("Details"),
        ),
        LeadImageFields.lead_image_panel(),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.SearchField("place_name"),
        index.SearchField("audience"),
        index.SearchField("address"),
        index.SearchField("taxonomy_names"),
        index.FilterField("locale_id"),
        index.FilterField("live"),
    ]

    translatable_fields = page_translation_policy(TRANSLATED, overridable=OVERRIDABLE)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    # Schedule and place: see EventScheduleMixin.

    def clean(self):
        """Every broken rule at once: the coordinates' pair rule and the event's own."""
        errors = {}
        for check in (super().clean, lambda: clean_event(self)):
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        venue = self.venue.specific_deferred if self.venue_id and self.venue else None
        if venue is not None and getattr(venue, "city_id", None):
            self.city_id = venue.city_id
        start, _end = recurrence.naive_bounds(self)
        self.starts_at = start.replace(tzinfo=self.zone)
        self.ends_at = recurrence.series_end(self)
        self.__dict__.pop("_excluded", None)
        self.__dict__.pop("_location", None)
        return super().save(*args, **kwargs)

    def taxonomy_names(self):
        """Format, organiser, city, region, topics and venue in the page's language (search)."""
        topics = [link.topic for link in self.topics.select_related("topic")]
        names = names_in(self.locale, [self.event_format, self.organiser, self.city, *topics])
        if self.venue_id:
            venue = Page.objects.filter(
                translation_key=self.venue.translation_key, locale_id=self.locale_id
            ).first()
            names = f"{names} {(venue or self.venue).title}"
        return names

    def structured_data(self, request):
        return [self.views.event_structured_data(self, request)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.views.event_context(self, request))
        return context

    @path("")
    def event_view(self, request):
        return self.render(request)

    @path("ics/")
    def ics_view(self, request):
        return self.views.event_ics(self, request)


class EventPageTopic(TopicLink):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="topics")


class EventOccurrence(models.Model):
    """One occurrence of a live event, written when it is published (``news.events.stored``).

    Listings page, filter and sort these rows in SQL instead of expanding every rule on each
    request. Rows cover a bounded window around the day they were written (see ``stored``),
    plus the first occurrence after it, so an event's next date is always known; the city,
    format, topics and visibility stay on the event and are reached through ``event``.
    """

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="stored_dates")
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField()
    # The local calendar days it touches, in the event's zone (an all-day end is exclusive).
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        indexes = [
            models.Index(fields=["locale", "start"], name="news_occurrence_locale_start"),
            models.Index(fields=["locale", "end"], name="news_occurrence_locale_end"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["event", "start"], name="news_occurrence_event_start")
        ]

    def __str__(self):
        return f"{self.event_id} {self.start:%Y-%m-%d %H:%M}"
