"""Admin report «Статус переводов»: every live page of the original language and every
translatable snippet (the site texts, the taxonomies), with the state of its English version,
for those who start and make translations.

Translators cannot browse the Russian tree in the admin (they may only add and edit in the
English one): this list is where they find what to translate. A row without an English
version has a «Translate» button (wagtail-localize's own submit view); the others link to the
English version's edit view, which opens wagtail-localize's editor for a synced translation.
Rows are chosen with their boxes for the bulk actions (``portal.translation.bulk``).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale, Page

from django_filters import ChoiceFilter

from portal.i18n import home_of
from portal.translation.entries import snippet_kinds, status_entries
from portal.translation.states import STATES

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


def section_choices():
    """The sections of the site (the home page's children), then each kind of snippet: a
    translator looking for the footer or the topics finds them where the sections are."""
    home = source_home()
    pages = home.get_children().order_by("path") if home else Page.objects.none()
    kinds = [
        (kind, capfirst(model._meta.verbose_name_plural)) for kind, model in snippet_kinds().items()
    ]
    return [
        (
            pgettext_lazy("translation status", "Sections of the site"),
            [(str(page.pk), page.title) for page in pages],
        ),
        (pgettext_lazy("translation status", "Site texts and taxonomies"), kinds),
    ]


class TranslationStatusFilterSet(WagtailFilterSet):
    section = ChoiceFilter(
        label=pgettext_lazy("translation status", "Section"), choices=section_choices
    )
    state = ChoiceFilter(label=pgettext_lazy("translation status", "Translation"), choices=STATES)

    class Meta:
        model = Page
        fields = ["section", "state"]

    def _add_locale_filter(self):
        """No "Locale" filter: every row is in the original language, with its English state."""


def item_id(entry):
    return "translation-item-" + entry.key.replace(".", "-").replace(":", "-")


class SelectColumn(BaseColumn):
    """A box per row, for the bulk actions (the report's form posts the boxes checked)."""

    header_template_name = "portal/admin/translation_status_select_all.html"
    cell_template_name = "portal/admin/translation_status_select.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["entry"] = instance
        context["item_id"] = item_id(instance)
        return context


class EntryTitleColumn(TitleColumn):
    """The title: a page links to itself on the site (translators cannot edit it); a snippet,
    which has no page, is the label of its box."""

    def get_link_url(self, instance, parent_context):
        return instance.public_url(parent_context.get("request"))

    def get_link_attrs(self, instance, parent_context):
        return {"target": "_blank", "rel": "noopener"}

    def get_label_id(self, instance, parent_context):
        return item_id(instance)


class ActionColumn(Column):
    cell_template_name = "portal/admin/translation_status_action.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["entry"] = instance
        context["target_locale"] = instance.target_locale
        if instance.target_id:
            context["edit_url"] = instance.target_edit_url
        else:
            context["submit_url"] = instance.submit_url
        return context


STATE_LABELS = dict(STATES)
MACHINE = pgettext_lazy("translation status", "machine-translated, not checked")


def state_label(entry):
    """The state, and whether a machine made strings of it nobody has checked yet."""
    label = STATE_LABELS[entry.state]
    return f"{label} ({MACHINE})" if entry.machine else label


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
        "title": _("Title"),
        "section_title": pgettext_lazy("translation status", "Section"),
        "state": pgettext_lazy("translation status", "Translation"),
    }
    columns = [
        SelectColumn("select"),
        EntryTitleColumn("title", label=_("Title")),
        Column("section_title", label=pgettext_lazy("translation status", "Section")),
        Column("type_label", label=_("Type")),
        Column(
            "state",
            label=pgettext_lazy("translation status", "Translation"),
            accessor=state_label,
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

    @cached_property
    def entries(self):
        """Every row, whatever the filters: one query for the pages, one per snippet model."""
        return status_entries(self.home, self.target_locale)

    def get_queryset(self):
        return self.entries

    def chosen(self, name):
        valid = self.filters is not None and self.filters.is_valid()
        return self.filters.form.cleaned_data.get(name) if valid else None

    def in_section(self, entries):
        section = self.chosen("section")
        return [entry for entry in entries if entry.section_key == section] if section else entries

    def filter_queryset(self, queryset):
        entries = self.in_section(queryset)
        state = self.chosen("state")
        return [entry for entry in entries if entry.state == state] if state else entries

    def state_counts(self):
        """How many rows are in each state, in the section chosen (whatever the state chosen)."""
        counts = {}
        for entry in self.in_section(self.entries):
            counts[entry.state] = counts.get(entry.state, 0) + 1
        params = {key: value for key, value in self.request.GET.items() if key != "state"}
        params.pop("_w_filter_fragment", None)
        params.pop(self.page_kwarg, None)
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
        for entry in object_list:
            entry.target_locale = self.target_locale
        return object_list

    def back_url(self):
        """This list as it is now (filters, page), for the bulk actions to come back to."""
        params = self.request.GET.copy()
        params.pop("_w_filter_fragment", None)
        query = params.urlencode()
        return self.index_url + (f"?{query}" if query else "")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state_counts"] = self.state_counts()
        context["bulk_url"] = reverse("translation_bulk")
        context["back_url"] = self.back_url()
        return context
