"""News: an index per language and the news items under it."""

from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from portal.blocks import ArticleStreamBlock
from portal.i18n import localized_list, localized_pages, names_in
from portal.images import CARD, renditions_prefetch
from portal.models import LeadImageFields, PortalPageMixin, PortalPageQuerySet, TopicLink
from portal.seo import page_seo, publisher


class NewsPageQuerySet(PortalPageQuerySet):
    def with_month(self):
        """The first day of the month of the date shown, for the archive."""
        return self.annotate(
            month=TruncMonth("display_date", tzinfo=timezone.get_current_timezone())
        )

    def newest_first(self):
        """By the stored date shown, newest first: read in the order of its index."""
        return self.order_by("-display_date", "-pk")

    def for_listing(self):
        """Everything a card renders, in a fixed number of queries."""
        return self.for_cards().prefetch_related(*card_prefetches())

    def for_cards(self):
        """The cards' rows with their image and language, without the prefetches: for items
        fetched apart and then prefetched together (``prefetch_cards``)."""
        return self.select_related("lead_image", "locale")


def card_prefetches():
    """What a news card shows besides its row: the card rendition and the topics."""
    return (
        renditions_prefetch(CARD.renditions),
        Prefetch("topics", queryset=NewsPageTopic.objects.select_related("topic")),
    )


def prefetch_cards(pages):
    """Prefetch what the cards of ``pages`` show, once for all of them; the pages, ``None``
    left out."""
    pages = [page for page in pages if page is not None]
    prefetch_related_objects(pages, *card_prefetches())
    return pages


NewsPageManager = PageManager.from_queryset(NewsPageQuerySet)


class NewsIndexPage(RoutablePageMixin, PortalPageMixin, Page):
    """The news section of one language: /ru/novosti/, /en/news/."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count_per_parent = 1

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("news index")

    def news(self):
        return NewsPage.objects.child_of(self).visible(self.locale)

    @path("")
    def index_view(self, request):
        return self.views.index(self, request)

    @path("rss/")
    def rss_view(self, request):
        return self.views.rss(self, request)

    @path("atom/")
    def atom_view(self, request):
        return self.views.atom(self, request)


class NewsPage(PortalPageMixin, LeadImageFields, Page):
    """A news item."""

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    publication_date = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the moment of first publication."),
    )
    lead = models.TextField(
        _("lead"), help_text=_("One or two sentences: what happened and why it matters.")
    )
    lead_image_caption = models.CharField(_("caption"), max_length=300, blank=True)
    lead_image_credit = models.CharField(_("credit"), max_length=200, blank=True)
    body = StreamField(ArticleStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through="news.NewsPageTag", blank=True, verbose_name=_("tags"))
    source_url = models.URLField(_("source link"), blank=True)
    source_name = models.CharField(_("source name"), max_length=200, blank=True)
    featured = models.BooleanField(
        _("featured"),
        default=False,
        help_text=_("Show at the top of the news and on the home page."),
    )
    # The date readers see and listings order by: the editor's date, else the first
    # publication. Stored (and written on every save) so that a listing reads its index in
    # order instead of computing and sorting the date of every item.
    display_date = models.DateTimeField(_("date shown"), editable=False)

    objects = NewsPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        LeadImageFields.lead_image_panel(
            FieldPanel("lead_image_caption"), FieldPanel("lead_image_credit")
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                InlinePanel("authors", label=_("Author")),
                InlinePanel("topics", label=_("Topic")),
                FieldPanel("tags"),
            ],
            heading=_("Authors and taxonomy"),
        ),
        MultiFieldPanel([FieldPanel("source_name"), FieldPanel("source_url")], heading=_("Source")),
        InlinePanel("related_pages", label=_("Related page")),
    ]
    promote_panels = [
        *Page.promote_panels,
        FieldPanel("publication_date"),
        FieldPanel("featured"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("lead", boost=2),
        index.SearchField("body"),
        index.SearchField("lead_image_caption"),
        index.SearchField("taxonomy_names"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("locale_id"),
    ]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news")
        indexes = [
            # Newest first (read backwards), the primary key breaking ties: the listings' order.
            # Language and live state are on Wagtail's page table, which joins on the key.
            models.Index(fields=["display_date", "page_ptr"], name="news_display_date_idx"),
        ]

    og_type = "article"

    def stored_display_date(self):
        """What ``display_date`` should hold now."""
        return (
            self.publication_date
            or self.first_published_at
            or getattr(self, "display_date", None)
            or timezone.now()
        )

    def save(self, *args, **kwargs):
        self.display_date = self.stored_display_date()
        self.__dict__.pop("date", None)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "display_date" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "display_date"]
        return super().save(*args, **kwargs)

    @cached_property
    def date(self):
        value = self.publication_date or self.first_published_at or self.display_date
        return timezone.localdate(value or timezone.now())

    @property
    def listing_date(self):
        return self.date

    def taxonomy_names(self):
        """Topics and authors in the page's language, for the search index."""
        topics = [link.topic for link in self.topics.select_related("topic")]
        people = [link.person for link in self.authors.select_related("person")]
        return names_in(self.locale, [*topics, *people])

    @cached_property
    def shown_topics(self):
        """The topics in the page's language (the page and its JSON-LD both show them)."""
        topics = [link.topic for link in self.topics.select_related("topic")]
        return localized_list(topics, self.locale)

    @cached_property
    def shown_authors(self):
        """The authors in the page's language (the page and its JSON-LD both show them)."""
        people = [link.person for link in self.authors.select_related("person")]
        return localized_list(people, self.locale)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index"] = self.get_parent()
        context["topics"] = self.shown_topics
        context["authors"] = self.shown_authors
        context["related"] = localized_pages(
            [item.related for item in self.related_pages.select_related("related")], self.locale
        )
        return context

    def structured_data(self, request):
        """A schema.org ``NewsArticle`` that repeats what the head's metadata says."""
        seo = page_seo(request, self)
        published = self.publication_date or self.first_published_at
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": seo["canonical"],
            "url": seo["canonical"],
            "headline": Truncator(self.title).chars(110),
            "description": seo["description"],
            "inLanguage": self.locale.language_code,
            "datePublished": published.isoformat() if published else None,
            "dateModified": (self.last_published_at or published).isoformat()
            if published
            else None,
            "author": [{"@type": "Person", "name": person.name} for person in self.shown_authors],
            "publisher": publisher(request, seo["root_url"]),
        }
        if seo["image"]:
            data["image"] = [seo["image"]["url"]]
        if self.shown_topics:
            data["about"] = [topic.name for topic in self.shown_topics]
        return [{key: value for key, value in data.items() if value not in (None, [], "")}]


class NewsPageAuthor(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "portal.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("person")]


class NewsPageTopic(TopicLink):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="topics")


class NewsPageRelatedPage(Orderable):
    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_pages")
    related = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("related")]


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="tagged_items")
