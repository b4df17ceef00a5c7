"""What centres and toolkits share: visibility, freshness, listing helpers."""

import datetime

from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from portal.listings import Counted
from portal.models import PortalPageMixin
from portal.models.mixins import page_translation_policy

STALE_AFTER = datetime.timedelta(days=365)


class FilteredIndexPage(RoutablePageMixin, PortalPageMixin, Page):
    """The one index of centres or toolkits in a language: an intro and a filtered listing.

    The listing is a route rather than an overridden ``serve()``: Wagtail's preview renders a
    plain page's template with ``get_context()``, which would skip the filter and its counts.
    """

    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    filter_class = None  # the page's filter (resources.filters)
    listing_template = ""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    translatable_fields = page_translation_policy(["intro"])

    class Meta:
        abstract = True

    def listing_filter(self, request):
        return self.filter_class(request.GET, index=self)

    @path("")
    def index_view(self, request):
        """The listing; bad values are shown beside their facets, ignored, and answer 400."""
        listing_filter = self.listing_filter(request)
        valid = listing_filter.is_valid()
        # The facet counts' groups say how many pages are listed: no COUNT query.
        listed = Counted(listing_filter.filtered(), listing_filter.count())
        page_obj, elided_pages = listing_filter.paginate(listed, listing_filter.per_page)
        context = {
            "page": self,
            "self": self,
            "filter": listing_filter,
            "page_obj": page_obj,
            "items": listing_filter.decorate(list(page_obj.object_list)),
            "elided_pages": elided_pages,
            "facets": listing_filter.facet_lists(),
            "params": listing_filter.params(),
        }
        return TemplateResponse(
            request, self.listing_template, context, status=200 if valid else 400
        )
