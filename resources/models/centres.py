"""Case studies of centres: an index per language and a page per centre."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from news import api as news_api
from news.events import api as events_api
from portal.blocks import FigureBlock
from portal.i18n import localize_attributes, localized_list, names_in
from portal.models import (
    GeoPointFields,
    LeadImageFields,
    PortalPageMixin,
    PortalPageQuerySet,
    TopicLink,
)
from portal.models.mixins import page_translation_policy
from resources.blocks import CentreStoryStreamBlock, LinksStreamBlock
from resources.choices import Sector
from resources.filters import CentreFilter

from .common import FilteredIndexPage

TRANSLATED = ["summary", "address", "links", "lead_image_alt", "gallery", "body"]
# Facts every language shares: kept equal to the source, not editable per translation.
SYNCHRONISED = [
    "space_type",
    "sector",
    "operator",
    "city",
    "latitude",
    "longitude",
    "year_founded",
    "floor_area",
    "checked_on",
    "contacts",
    "topics",
]
# Kept in sync too, but a translation may replace them (a site or picture in English).
OVERRIDABLE = ["website", "lead_image"]


class CentrePageQuerySet(PortalPageQuerySet):
    def for_listing(self):
        """Everything a card and a map marker render, in a fixed number of queries."""
        return self.with_card_image().select_related("space_type", "city", "locale")


CentrePageManager = PageManager.from_queryset(CentrePageQuerySet)


class CentreIndexPage(FilteredIndexPage):
    """All centres of one language, filterable and on a map: /ru/prostranstva/."""

    subpage_types = ["resources.CentrePage"]
    filter_class = CentreFilter
    listing_template = "resources/centre_index_page.html"

    class Meta:
        verbose_name = _("centre index")

    def centres(self):
        return CentrePage.objects.child_of(self).visible(self.locale)

    # Wagtail page URLs allow only letters, digits, "-" and "_" in each segment: no ".json".
    @path("map/", name="map_json")
    def map_view(self, request):
        centre_filter = self.listing_filter(request)
        if not centre_filter.is_valid():
            return JsonResponse({"errors": centre_filter.messages()}, status=400)
        return JsonResponse({"centres": centre_filter.markers(request)})


class CentrePage(PortalPageMixin, LeadImageFields, GeoPointFields, Page):
    """One centre: who runs it, where it is, how it works and what it learned."""

    parent_page_types = ["resources.CentreIndexPage"]
    subpage_types = []

    summary = models.TextField(
        _("summary"), help_text=_("Two or three sentences: what the centre is and for whom.")
    )
    space_type = models.ForeignKey(
        "portal.SpaceType",
        verbose_name=_("space type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True)
    operator = models.ForeignKey(
        "portal.Organisation",
        verbose_name=_("operator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    city = models.ForeignKey(
        "portal.City",
        verbose_name=_("city"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    year_founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1700), MaxValueValidator(2100)],
    )
    floor_area = models.PositiveIntegerField(
        _("floor area, m²"), null=True, blank=True, validators=[MaxValueValidator(10_000_000)]
    )
    website = models.URLField(_("website"), blank=True)
    links = StreamField(LinksStreamBlock(), verbose_name=_("social links"), blank=True)
    gallery = StreamField([("image", FigureBlock())], verbose_name=_("gallery"), blank=True)
    body = StreamField(CentreStoryStreamBlock(), verbose_name=_("story"), blank=True)
    checked_on = models.DateField(
        _("checked on"),
        null=True,
        blank=True,
        help_text=_("When the address, opening hours and facts were last verified."),
    )

    objects = CentrePageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("space_type"),
                FieldPanel("sector"),
                FieldPanel("operator"),
                FieldPanel("year_founded"),
                FieldPanel("floor_area"),
            ],
            heading=_("The centre"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("city"),
                FieldPanel("address"),
                GeoPointFields.geo_point_panel(),
            ],
            heading=_("Location"),
        ),
        LeadImageFields.lead_image_panel(FieldPanel("gallery"), heading=_("Pictures")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("links"),
                InlinePanel("contacts", label=_("Contact")),
            ],
            heading=_("Contacts and links"),
        ),
        InlinePanel("topics", label=_("Topic")),
        FieldPanel("checked_on"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("address"),
        index.SearchField("body"),
        index.SearchField("sector_label"),
        index.SearchField("taxonomy_names"),
        index.FilterField("locale_id"),
    ]

    # Texts are translated; facts, places and links to snippets are the source's, kept in
    # sync (templates show a snippet's translation by its translation key).
    translatable_fields = page_translation_policy(TRANSLATED, SYNCHRONISED, OVERRIDABLE)

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")

    def taxonomy_names(self):
        """Space type, operator, city, region and topics in the page's language (search index)."""
        topics = [link.topic for link in self.topics.select_related("topic")]
        return names_in(self.locale, [self.space_type, self.operator, self.city, *topics])

    def sector_label(self):
        """The sector as a reader of the page's language would type it, for the search index."""
        with translation.override(self.locale.language_code):
            return str(self.get_sector_display()) if self.sector else ""

    def structured_data(self, request):
        """schema.org data for search engines: the centre as a place run by an organisation."""
        city = getattr(self, "localized_city", None) or self.city
        data = {
            "@context": "https://schema.org",
            "@type": ["Place", "Organization"],
            "name": self.title,
            "description": self.summary,
            "url": self.get_full_url(request),
        }
        # Empty parts are left out rather than given as "" (and the whole address if none).
        parts = {"streetAddress": self.address}
        if city:
            parts.update(addressLocality=city.name, addressRegion=city.region)
        parts = {key: value for key, value in parts.items() if value}
        if parts:
            data["address"] = {"@type": "PostalAddress", **parts}
        if self.has_coordinates:
            data["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(self.latitude),
                "longitude": float(self.longitude),
            }
        if self.year_founded:
            data["foundingDate"] = str(self.year_founded)
        same_as = [self.website] + [link.value["url"] for link in self.links]
        if any(same_as):
            data["sameAs"] = [url for url in same_as if url]
        return [data]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        localize_attributes([self], ["space_type", "city", "operator"], self.locale)
        context["index"] = self.get_parent()
        people = [link.person for link in self.contacts.select_related("person")]
        context["contacts"] = localized_list(people, self.locale)
        context["topics"] = localized_list(
            [link.topic for link in self.topics.select_related("topic")], self.locale
        )
        context["toolkits"] = self.views.toolkits_applied_at(self)
        context["news"] = news_api.news_about(self, self.locale, count=10)
        context["events"] = events_api.next_events(self.locale, count=5, venue=self)
        context["past_events"] = events_api.recent_past_events(self.locale, count=5, venue=self)
        if context["past_events"]:
            # The archive of the calendar in the reader's language, for the rest of the history.
            context["calendar"] = events_api.calendar_of(self.locale)
        return context


class CentrePageContact(Orderable):
    page = ParentalKey(CentrePage, on_delete=models.CASCADE, related_name="contacts")
    person = models.ForeignKey(
        "portal.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("person")]


class CentrePageTopic(TopicLink):
    page = ParentalKey(CentrePage, on_delete=models.CASCADE, related_name="topics")


__all__ = [
    "CentreIndexPage",
    "CentrePage",
    "CentrePageContact",
    "CentrePageQuerySet",
    "CentrePageTopic",
    "Sector",
]
