from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from portal.models import City, Format, Organisation, Person, SpaceType, Topic
from portal.scheduling import scheduled_pages
from portal.search.reports import UnansweredSearchReportView


class TermCreateView(SnippetCreateView):
    """The chooser's "Create" tab adds the term in the language of the page being edited (the
    chooser is opened with ``?locale=``), else in the default language, never in the admin's."""

    def save_form(self, form):
        code = self.request.GET.get("locale")
        form.instance.locale = (
            Locale.objects.filter(language_code=code).first() if code else None
        ) or Locale.get_default()
        return super().save_form(form)


def chooser_with_create_form(fields):
    """A chooser whose "Create" tab adds a missing term without leaving the page."""
    return type(
        "TermChooserViewSet",
        (SnippetChooserViewSet,),
        {"form_fields": fields, "create_view_class": TermCreateView},
    )


class TermViewSet(SnippetViewSet):
    chooser_viewset_class = chooser_with_create_form(["name", "slug", "description"])
    list_display = ["name", "slug"]
    search_fields = ["name"]
    ordering = ["name"]


class TopicViewSet(TermViewSet):
    model = Topic
    icon = "tag"


class FormatViewSet(TermViewSet):
    model = Format
    icon = "list-ul"


class SpaceTypeViewSet(TermViewSet):
    model = SpaceType
    icon = "home"


class CityViewSet(TermViewSet):
    model = City
    icon = "site"
    chooser_viewset_class = chooser_with_create_form(["name", "slug", "region", "time_zone"])
    list_display = ["name", "region", "time_zone"]


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "website"]
    search_fields = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "role"]
    search_fields = ["name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomies")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = [
        TopicViewSet,
        FormatViewSet,
        SpaceTypeViewSet,
        CityViewSet,
        OrganisationViewSet,
        PersonViewSet,
    ]


register_snippet(TaxonomyGroup)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path(
            "reports/unanswered-searches/",
            UnansweredSearchReportView.as_view(),
            name="unanswered_searches",
        ),
        path(
            "reports/unanswered-searches/results/",
            UnansweredSearchReportView.as_view(results_only=True),
            name="unanswered_searches_results",
        ),
    ]


class UnansweredSearchMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("portal.view_unansweredsearch")


@hooks.register("register_reports_menu_item")
def register_unanswered_search_menu_item():
    return UnansweredSearchMenuItem(
        _("Searches that found nothing"),
        reverse("unanswered_searches"),
        name="unanswered-searches",
        icon_name="search",
        order=1310,
    )


class ScheduledPagesPanel(Component):
    """The dashboard's list of pages waiting for their go-live time, the overdue ones marked."""

    name = "scheduled_pages"
    template_name = "portal/admin/scheduled_pages_panel.html"
    order = 205  # after Wagtail's summary, before the pages in moderation

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        items, overdue = scheduled_pages(parent_context["request"].user)
        context.update(items=items, overdue=overdue)
        return context


@hooks.register("construct_homepage_panels")
def add_scheduled_pages_panel(request, panels):
    panels.append(ScheduledPagesPanel())
