"""Admin report: what readers searched for and did not find, most frequent first."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_languages
from wagtail.permission_policies import ModelPermissionPolicy

from django_filters import ChoiceFilter, DateFromToRangeFilter

from portal.models import UnansweredSearch


class UnansweredSearchFilterSet(WagtailFilterSet):
    language = ChoiceFilter(label=_("Language"), choices=settings.WAGTAIL_CONTENT_LANGUAGES)
    last_seen = DateFromToRangeFilter(label=_("Last searched"), widget=DateRangePickerWidget)

    class Meta:
        model = UnansweredSearch
        fields = ["language", "last_seen"]


class UnansweredSearchReportView(ReportView):
    page_title = _("Searches that found nothing")
    header_icon = "search"
    model = UnansweredSearch
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = UnansweredSearchFilterSet
    default_ordering = "-hits"
    index_url_name = "unanswered_searches"
    index_results_url_name = "unanswered_searches_results"
    # The editors who can act on a gap (by promoting a page for it) may see the list.
    permission_policy = ModelPermissionPolicy(UnansweredSearch)
    any_permission_required = ["view"]
    columns = [
        Column("query_string", label=_("Search terms"), sort_key="query_string"),
        Column(
            "language",
            label=_("Language"),
            sort_key="language",
            accessor=lambda entry: get_content_languages().get(entry.language, entry.language),
        ),
        NumberColumn("hits", label=_("Searches"), sort_key="hits"),
        DateColumn("last_seen", label=_("Last searched"), sort_key="last_seen"),
    ]
    list_export = ["query_string", "language", "hits", "first_seen", "last_seen"]

    def get_queryset(self):
        return UnansweredSearch.objects.order_by("-hits", "query_string")
