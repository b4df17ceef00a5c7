"""The admin report of centres and toolkits whose facts nobody has checked for a year."""

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from resources.models.common import STALE_AFTER


def stale_resources(today=None):
    """Centres and toolkits (any language, live or not) not checked for a year, or never;
    the longest unchecked first."""
    limit = (today or timezone.localdate()) - STALE_AFTER
    centres = Q(centrepage__isnull=False) & (
        Q(centrepage__checked_on__isnull=True) | Q(centrepage__checked_on__lt=limit)
    )
    toolkits = Q(toolkitpage__isnull=False) & (
        Q(toolkitpage__checked_on__isnull=True) | Q(toolkitpage__checked_on__lt=limit)
    )
    return (
        Page.objects.filter(centres | toolkits)
        .annotate(checked_on=Coalesce("centrepage__checked_on", "toolkitpage__checked_on"))
        .select_related("locale", "content_type")
        .order_by(F("checked_on").asc(nulls_first=True), "title")
    )


class StaleResourcesView(ReportView):
    page_title = _("Centres and toolkits to check")
    header_icon = "time"
    index_url_name = "resources_stale_report"
    index_results_url_name = "resources_stale_report_results"
    results_template_name = "wagtailadmin/reports/base_report_results.html"
    list_export = ["title", "locale.language_code", "checked_on"]
    export_headings = {"locale.language_code": _("Language"), "checked_on": _("Checked on")}
    columns = [
        TitleColumn(
            "title",
            label=_("Title"),
            get_url=lambda page: reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        ),
        Column(
            "type",
            label=_("Type"),
            accessor=lambda page: page.content_type.model_class()._meta.verbose_name,
        ),
        Column(
            "language", label=_("Language"), accessor=lambda page: page.locale.get_display_name()
        ),
        DateColumn("checked_on", label=_("Checked on")),
    ]

    def get_queryset(self):
        return stale_resources()
