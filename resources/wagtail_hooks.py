from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.dashboard import DashboardPanel
from resources.dashboard import resources_to_check
from resources.reports import StaleResourcesView


@hooks.register("register_admin_urls")
def register_stale_report_urls():
    return [
        path(
            "reports/resources-to-check/",
            StaleResourcesView.as_view(),
            name="resources_stale_report",
        ),
        path(
            "reports/resources-to-check/results/",
            StaleResourcesView.as_view(results_only=True),
            name="resources_stale_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_stale_report_menu_item():
    return MenuItem(
        _("Centres and toolkits to check"),
        reverse("resources_stale_report"),
        name="resources-to-check",
        icon_name="time",
        order=1150,
    )


class ResourcesToCheckPanel(DashboardPanel):
    """Live centres and toolkits with facts to check or with something their pages lack."""

    name = "resources_to_check"
    template_name = "resources/admin/resources_to_check_panel.html"
    order = 260  # after the translations, before the searches

    def listing(self, request):
        return resources_to_check(request.user)

    def extra_context(self, request, listing):
        return {"report_url": reverse("resources_stale_report")}


@hooks.register("construct_homepage_panels")
def add_resources_to_check_panel(request, panels):
    panels.append(ResourcesToCheckPanel())
