from django.db import models
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from news import api as news_api
from news.events import api as events_api
from portal.blocks import BaseStreamBlock
from portal.models import PortalPageMixin
from portal.sitecache import navigation
from portal.sitecache.roots import own_language_only

HOME_NEWS_COUNT = 6
HOME_EVENTS_COUNT = 3


class HomePage(PortalPageMixin, Page):
    """The root of each language's tree: /ru/ and /en/."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "news.NewsIndexPage",
        "news.EventIndexPage",
        "resources.CentreIndexPage",
        "resources.ToolkitIndexPage",
    ]

    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Two or three sentences under the portal's name: who it is for and why."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def can_create_at(cls, parent):
        # One home per language: the Russian one is created by setup_portal, the English one
        # is its translation. Editors never add a second tree by hand.
        return super().can_create_at(parent) and not cls.objects.exists()

    @own_language_only
    def route(self, request, path_components):
        # Wagtail routes /en/… through the site root's `.localized`, which falls back to the
        # Russian home when the English one is not live: that would serve Russian pages under
        # /en/. A language without a live home of its own has no pages.
        if self.locale.language_code != get_language():
            raise Http404
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = navigation.sections(request, self)
        featured, latest = news_api.front_page_news(self.locale, HOME_NEWS_COUNT)
        context["featured_news"], context["latest_news"] = featured, latest
        context["news_index"] = news_api.news_index_of(self.locale)
        context["next_events"] = events_api.next_events(self.locale, HOME_EVENTS_COUNT)
        context["event_index"] = events_api.calendar_of(self.locale)
        return context


class StandardPage(PortalPageMixin, Page):
    """A plain page: about the project, how to take part, contacts."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "news.NewsIndexPage"]

    intro = models.TextField(_("lead"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")
