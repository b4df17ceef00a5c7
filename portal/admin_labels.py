"""Admin labels that Wagtail and wagtail-localize leave to a fallback no catalogue translates.

A form field or a filter without a label gets one made from its name ("Page", "Locale",
"Source locale"), and a filter's value is shown as Python prints it ("True"): the Russian admin
then shows English whatever the catalogues say. The labels are given here, translatable, once at
start-up (``install``, from ``PortalConfig.ready``) or through the snippet choosers' viewset,
which also gives the chooser's header a title that reads well before the model's name.
"""

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.admin.active_filters import BaseFilterAdapter, register_filter_adapter_class
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
)

import django_filters


class BooleanFilterAdapter(BaseFilterAdapter):
    """An active yes/no filter reads "Waiting for translations: Yes", not "…: True"."""

    def get_active_filters(self):
        for active in super().get_active_filters():
            yield active._replace(value=gettext("Yes") if self.value else gettext("No"))


class LabelledLocaleFilterMixin:
    """The chooser's language filter is labelled (Wagtail's has no label: "Locale")."""

    def get_filter_form_class(self):
        class FilterForm(super().get_filter_form_class()):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if "locale" in self.fields:
                    self.fields["locale"].label = _("Language")

        return FilterForm


class SnippetChooseView(LabelledLocaleFilterMixin, ChooseView):
    pass


class SnippetChooseResultsView(LabelledLocaleFilterMixin, ChooseResultsView):
    pass


class PortalSnippetChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser's header reads «Выбрать: организация»: Wagtail follows its title
    "Choose" with the model's name, in the nominative."""

    page_title = pgettext_lazy("snippet chooser, followed by the model's name", "Choose")
    choose_view_class = SnippetChooseView
    choose_results_view_class = SnippetChooseResultsView


def install():
    from wagtail.admin.forms.auth import LoginForm
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.contrib.search_promotions.forms import SearchPromotionForm
    from wagtail.users.forms import PagePermissionsForm
    from wagtail_localize.views.report import TranslationsReportFilterSet

    register_filter_adapter_class(django_filters.BooleanFilter, BooleanFilterAdapter)

    # The login form's password field (declared without a label: "Password").
    LoginForm.base_fields["password"].label = _("Password")
    # A workflow's pages and a group's page permissions: "Page*" above the page chooser.
    WorkflowPageForm.base_fields["page"].label = _("Page")
    PagePermissionsForm.base_fields["page"].label = _("Page")
    # A promoted search result's link text (a model field without a verbose name).
    SearchPromotionForm.base_fields["external_link_text"].label = _("External link text")
    # wagtail-localize's translations report: the labels come from its models' field names.
    filters = TranslationsReportFilterSet.base_filters
    filters["source_locale"].label = _("Source language")
    filters["target_locale"].label = _("Target language")
