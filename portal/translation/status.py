"""Admin report «Статус переводов»: every live page of the original language with the state of
its English version, for those who start and make translations.

Translators cannot browse the Russian tree in the admin (they may only add and edit in the
English one): this list is where they find what to translate. A page without an English
version has a «Translate» button (wagtail-localize's own submit view); the others link to the
English page's edit view, which opens wagtail-localize's editor for a synced translation.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page

from django_filters import ChoiceFilter, ModelChoiceFilter

from portal.i18n import home_of
from portal.translation.states import STATES, translation_states

PERMISSION = "wagtail_localize.submit_translation"


def may_see_translation_status(user):
    return user.has_perm(PERMISSION)  # superusers have every permission


def source_home():
    return home_of(settings.LANGUAGE_CODE)


def target_locale():
    """The language translated into: the first content language after the original one."""
    codes = [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]
    others = [code for code in codes if code != settings.LANGUAGE_CODE]
    return Locale.objects.filter(language_code__in=others[:1]).first()


def sections(request):
    home = source_home()
    return home.get_children().order_by("path") if home else Page.objects.none()


class TranslationStatusFilterSet(WagtailFilterSet):
    section = ModelChoiceFilter(
        label=pgettext_lazy("translation status", "Section"), queryset=sections, method="in_section"
    )
    state = ChoiceFilter(label=pgettext_lazy("translation status", "Translation"), choices=STATES)

    class Meta:
        model = Page
        fields = ["section", "state"]

    def in_section(self, queryset, name, value):
        return queryset.filter(path__startswith=value.path)


class PublicTitleColumn(TitleColumn):
    """The page's title, linking to the page on the site (translators cannot edit it)."""

    def get_link_url(self, instance, parent_context):
        return instance.get_url(parent_context.get("request"))

    def get_link_attrs(self, instance, parent_context):
        return {"target": "_blank", "rel": "noopener"}


class ActionColumn(Column):
    cell_template_name = "portal/admin/translation_status_action.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["page"] = instance
        context["csrf_token"] = get_token(parent_context["request"])
        if instance.target_id:
            context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[instance.target_id])
        else:
            context["submit_url"] = reverse(
                "wagtail_localize:submit_page_translation", args=[instance.pk]
            )
        return context


STATE_LABELS = dict(STATES)


class TranslationStatusView(ReportView):
    page_title = _("Translation status")
    header_icon = "wagtail-localize-language"
    index_url_name = "translation_status"
    index_results_url_name = "translation_status_results"
    results_template_name = "portal/admin/translation_status_results.html"
    filterset_class = TranslationStatusFilterSet
    permission_policy = None
    list_export = ["title", "section_title", "state"]
    custom_field_preprocess = {
        "state": {
            export_format: lambda state: str(STATE_LABELS[state])
            for export_format in ("csv", "xlsx")
        }
    }
    export_headings = {
        "section_title": pgettext_lazy("translation status", "Section"),
        "state": pgettext_lazy("translation status", "Translation"),
    }
    columns = [
        PublicTitleColumn("title", label=_("Title")),
        Column("section_title", label=pgettext_lazy("translation status", "Section")),
        Column(
            "type",
            label=_("Type"),
            accessor=lambda page: capfirst(page.content_type.model_class()._meta.verbose_name),
        ),
        Column(
            "state",
            label=pgettext_lazy("translation status", "Translation"),
            accessor=lambda page: STATE_LABELS[page.state],
        ),
        ActionColumn("action", label=pgettext_lazy("translation status", "Actions")),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_translation_status(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def home(self):
        home = source_home()
        if home is None:
            raise Http404
        return home

    @cached_property
    def target_locale(self):
        locale = target_locale()
        if locale is None:
            raise Http404
        return locale

    def get_queryset(self):
        return translation_states(self.home, self.target_locale)

    def state_counts(self):
        """How many pages are in each state, in the section chosen (whatever the state chosen):
        one grouped query."""
        pages = self.get_queryset()
        valid = self.filters is not None and self.filters.is_valid()
        section = self.filters.form.cleaned_data.get("section") if valid else None
        if section:
            pages = pages.filter(path__startswith=section.path)
        counts = dict(pages.order_by().values_list("state").annotate(n=Count("pk")))
        params = {key: value for key, value in self.request.GET.items() if key != "state"}
        return [
            {
                "state": state,
                "label": label,
                "count": counts.get(state, 0),
                "url": "?" + urlencode({**params, "state": state}),
            }
            for state, label in STATES
        ]

    def decorate_paginated_queryset(self, object_list):
        for page in object_list:
            page.target_locale = self.target_locale
        return object_list

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state_counts"] = self.state_counts()
        return context
