"""The calendar page of one language: /ru/afisha/, /en/events/."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from portal.models import PortalPageMixin


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

    @path("")
    def upcoming_view(self, request):
        from news import event_views

        return event_views.upcoming(self, request)

    @path("past/")
    def past_view(self, request):
        from news import event_views

        return event_views.past(self, request)

    @path("ics/")
    def ics_view(self, request):
        from news import event_views

        return event_views.feed(self, request)
