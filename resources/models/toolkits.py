"""Toolkits of replicable formats: an index per language and a page per format."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, QuerySet
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import (
    Orderable,
    Page,
    PageManager,
    TranslatableMixin,
)
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index

from news.events import api as events_api
from portal.i18n import localize_attributes, names_in
from portal.models import LeadImageFields, PortalPageMixin, PortalPageQuerySet
from portal.models.mixins import page_translation_policy
from portal.ratelimit import rate_limit
from portal.sitecache import restrictions
from resources.blocks import RisksStreamBlock, StepsStreamBlock
from resources.choices import Audience, Difficulty
from resources.filters import ToolkitFilter
from resources.materials import file_sizes, max_archive_bytes

from .centres import CentrePage
from .common import FilteredIndexPage

TRANSLATED = [
    "promise",
    "goal",
    "duration",
    "team_size",
    "lead_image_alt",
    "steps",
    "risks",
    "applied_at",
]
# Facts every language shares: kept equal to the source, not editable per translation.
SYNCHRONISED = [
    "audience",
    "format_type",
    "budget_min",
    "budget_max",
    "difficulty",
    "checked_on",
]
# Kept in sync too, but a translation may replace them (a site or picture in English).
OVERRIDABLE = ["lead_image", "materials"]


def plain_text(html):
    """Rich text as plain text for JSON-LD: no tags (not even ones spelled out as entities),
    no script or style contents, entities decoded, one space between paragraphs."""
    html = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", html or "", flags=re.I | re.S)
    text = strip_tags(get_text_for_indexing(html))
    return re.sub(r"\s+", " ", text).strip()


class ToolkitPageQuerySet(PortalPageQuerySet):
    def for_listing(self):
        return self.with_card_image().select_related("format_type", "locale")


ToolkitPageManager = PageManager.from_queryset(ToolkitPageQuerySet)


class ToolkitIndexPage(FilteredIndexPage):
    """All toolkits of one language, filterable: /ru/formaty/."""

    subpage_types = ["resources.ToolkitPage"]
    filter_class = ToolkitFilter
    listing_template = "resources/toolkit_index_page.html"

    class Meta:
        verbose_name = _("toolkit index")

    def toolkits(self):
        return ToolkitPage.objects.child_of(self).visible(self.locale)


class ToolkitPage(RoutablePageMixin, PortalPageMixin, LeadImageFields, Page):
    """A format others can repeat: steps, checklists, budget, risks and where it was tried."""

    seo_description_fields = ("promise", "goal")

    parent_page_types = ["resources.ToolkitIndexPage"]
    subpage_types = []

    promise = models.CharField(
        _("promise"), max_length=200, help_text=_("One line: what the format gives its audience.")
    )
    goal = models.TextField(_("goal"))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    format_type = models.ForeignKey(
        "portal.Format",
        verbose_name=_("format type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duration = models.CharField(
        _("typical duration"),
        max_length=120,
        blank=True,
        help_text=_("For example “three months”."),
    )
    team_size = models.CharField(
        _("team size"), max_length=120, blank=True, help_text=_("For example “3–5 people”.")
    )
    budget_min = models.PositiveIntegerField(_("budget from, ₽"), null=True, blank=True)
    budget_max = models.PositiveIntegerField(_("budget up to, ₽"), null=True, blank=True)
    difficulty = models.CharField(_("difficulty"), max_length=10, choices=Difficulty.choices)
    steps = StreamField(StepsStreamBlock(), verbose_name=_("steps"), blank=True)
    risks = StreamField(RisksStreamBlock(), verbose_name=_("risks"), blank=True)
    checked_on = models.DateField(
        _("checked on"),
        null=True,
        blank=True,
        help_text=_("When the steps, budget and links were last verified."),
    )

    objects = ToolkitPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("promise"),
        FieldPanel("goal"),
        MultiFieldPanel(
            [
                FieldPanel("format_type"),
                FieldPanel("audience"),
                FieldPanel("difficulty"),
                FieldPanel("duration"),
                FieldPanel("team_size"),
                FieldRowPanel([FieldPanel("budget_min"), FieldPanel("budget_max")]),
            ],
            heading=_("The format at a glance"),
        ),
        LeadImageFields.lead_image_panel(),
        FieldPanel("steps"),
        FieldPanel("risks"),
        InlinePanel("materials", label=_("Material to download")),
        InlinePanel("applied_at", label=_("Applied at")),
        FieldPanel("checked_on"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("promise", boost=2),
        index.SearchField("goal"),
        index.SearchField("steps"),
        index.SearchField("risks"),
        index.SearchField("audience_label"),
        index.SearchField("taxonomy_names"),
        index.FilterField("locale_id"),
    ]

    # Texts (and the notes on centres where it was applied) are translated; the format's
    # facts, budget, image and documents are the source's, kept in sync.
    translatable_fields = page_translation_policy(TRANSLATED, SYNCHRONISED, OVERRIDABLE)

    class Meta:
        verbose_name = _("toolkit")
        verbose_name_plural = _("toolkits")

    def taxonomy_names(self):
        """The format's name in the page's language (search index)."""
        return names_in(self.locale, [self.format_type])

    def audience_label(self):
        """The audience in the page's language, for the search index."""
        with translation.override(self.locale.language_code):
            return str(self.get_audience_display())

    def clean(self):
        super().clean()
        if (
            self.budget_min is not None
            and self.budget_max is not None
            and self.budget_min > self.budget_max
        ):
            raise ValidationError(
                {
                    "budget_min": _("The lower bound of the budget is above the upper one."),
                    "budget_max": _("The upper bound must not be below the lower one."),
                }
            )

    def public_materials(self):
        """The toolkit's documents that anyone may download: documents in a collection with
        a view restriction (or under one) are left out. One query."""
        links = list(self.materials.select_related("document__collection"))
        restricted = restrictions.restricted_collection_paths()
        return [
            link.document
            for link in links
            if not any(link.document.collection.path.startswith(path) for path in restricted)
        ]

    def applied_centres(self):
        """(centre, note) for each centre where the format was applied that a reader may see:
        the centre's live, public version in the reader's language, else the linked centre
        itself if it is live and public; others are left out. Three queries, whatever the
        number of centres and cities."""
        links = self.applied_at.all()
        if isinstance(links, QuerySet):  # the saved links (a preview's are in memory)
            links = list(links.annotate(centre_key=F("centre__translation_key")))
            keys = {link.centre_id: link.centre_key for link in links}
        else:
            links = list(links)
            keys = dict(
                Page.objects.filter(pk__in={link.centre_id for link in links}).values_list(
                    "pk", "translation_key"
                )
            )
        ids = {link.centre_id for link in links}
        visible = (
            CentrePage.objects.live()
            .public()
            .filter(translation_key__in=set(keys.values()))
            .filter(Q(locale=self.locale) | Q(pk__in=ids))
            .select_related("city", "locale")
        )
        by_pk = {centre.pk: centre for centre in visible}
        in_locale = {c.translation_key: c for c in by_pk.values() if c.locale_id == self.locale_id}
        applied = []
        for link in links:
            centre = in_locale.get(keys.get(link.centre_id)) or by_pk.get(link.centre_id)
            if centre is not None:
                applied.append((centre, link.note))
        localize_attributes([centre for centre, _note in applied], ["city"], self.locale)
        return applied

    def structured_data(self, request):
        """schema.org HowTo: the steps, their checklists as supplies, the budget as cost."""
        data = {
            "@context": "https://schema.org",
            "@type": "HowTo",
            "name": self.title,
            "description": self.promise,
            "url": self.get_full_url(request),
            "step": [
                {
                    "@type": "HowToStep",
                    "position": number,
                    "name": step.value["title"],
                    "text": plain_text(step.value["description"].source),
                }
                for number, step in enumerate(self.steps, start=1)
            ],
        }
        if self.budget_min is not None or self.budget_max is not None:
            data["estimatedCost"] = {
                "@type": "MonetaryAmount",
                "currency": "RUB",
                "minValue": self.budget_min,
                "maxValue": self.budget_max,
            }
        return [data]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        localize_attributes([self], ["format_type"], self.locale)
        context["index"] = self.get_parent()
        context["materials"] = materials = self.public_materials()
        # One zip for all of them, unless together they are too large for one download.
        context["materials_size"] = sum(file_sizes(materials))
        context["materials_zip"] = context["materials_size"] <= max_archive_bytes()
        context["applied"] = self.applied_centres()
        context["events"] = []
        if self.format_type_id is not None:
            # "See this format live": upcoming events of the same shared format.
            context["events"] = events_api.next_events(
                self.locale, count=5, event_format=self.format_type
            )
        return context

    @path("")
    def detail_view(self, request):
        return self.render(request)

    @path("print/", name="print")
    def print_view(self, request):
        return self.render(request, template="resources/toolkit_page_print.html")

    @path("materials/", name="materials_zip")
    @rate_limit("materials")
    def materials_view(self, request):
        return self.views.materials(self, request)


class ToolkitPageMaterial(Orderable):
    page = ParentalKey(ToolkitPage, on_delete=models.CASCADE, related_name="materials")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]


class ToolkitPageCentre(TranslatableMixin, Orderable):
    """A centre that ran the format, with a note on how it went (translated)."""

    page = ParentalKey(ToolkitPage, on_delete=models.CASCADE, related_name="applied_at")
    centre = models.ForeignKey(
        "resources.CentrePage",
        verbose_name=_("centre"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.TextField(_("result"), blank=True, help_text=_("What came of it."))

    panels = [FieldPanel("centre"), FieldPanel("note")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]
        verbose_name = _("centre where it was applied")


class MaterialsArchive(models.Model):
    """A toolkit's materials zip for one set of document versions (``key``, see
    ``resources.materials.archive_key``): the file in media storage once it is built.

    A row is written when a build is first asked for (``PENDING``), so concurrent readers
    enqueue one build, not one each; it becomes ``READY`` (or ``EMPTY`` when none of the files
    was found) when the build ends. Rows and files of replaced versions are removed by the next
    build, and with their toolkit.
    """

    PENDING = "pending"
    READY = "ready"
    EMPTY = "empty"

    toolkit = models.ForeignKey(ToolkitPage, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    status = models.CharField(max_length=10, default=PENDING)
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(null=True)
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["toolkit", "key"], name="unique_materials_archive")
        ]

    def __str__(self):
        return f"{self.toolkit_id}/{self.key[:12]} ({self.status})"


__all__ = [
    "Audience",
    "Difficulty",
    "MaterialsArchive",
    "ToolkitIndexPage",
    "ToolkitPage",
    "ToolkitPageCentre",
    "ToolkitPageMaterial",
    "ToolkitPageQuerySet",
]
