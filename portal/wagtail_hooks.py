from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.chooser import SnippetCreateView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_localize.views import edit_translation as localize_editor

from portal.admin_labels import PortalSnippetChooserViewSet
from portal.dashboard import (
    SEARCH_WEEK,
    DashboardPanel,
    my_pages,
    review_queue,
    translations_to_update,
    unanswered_searches,
)
from portal.models import City, Format, Organisation, Person, SiteTexts, SpaceType, Topic
from portal.permissions import (
    LanguageScopedCreateMixin,
    LanguageScopedIndexMixin,
    LanguageScopedViewMixin,
)
from portal.scheduling import scheduled_pages
from portal.search.reports import UnansweredSearchReportView
from portal.translation import alias as translation_alias
from portal.translation import files as translation_files
from portal.translation import machine as machine_translation
from portal.translation import overrides as translation_overrides
from portal.translation import snippet_review
from portal.translation import stale as stale_translations
from portal.translation.bulk import TranslationBulkView, TranslationJobView, job_progress
from portal.translation.review import handle_editor_post
from portal.translation.states import with_out_of_date_since
from portal.translation.status import TranslationStatusView, may_see_translation_status


class LanguageScopedEditView(LanguageScopedViewMixin, snippet_views.EditView):
    pass


class LanguageScopedDeleteView(LanguageScopedViewMixin, snippet_views.DeleteView):
    pass


class LanguageScopedCreateView(LanguageScopedCreateMixin, snippet_views.CreateView):
    pass


class LanguageScopedIndexView(LanguageScopedIndexMixin, snippet_views.IndexView):
    pass


class PortalSnippetViewSet(SnippetViewSet):
    """The portal's translatable snippets: who changes one depends on its language
    (portal.permissions), in the listing, edit, delete and add views alike."""

    chooser_viewset_class = PortalSnippetChooserViewSet
    index_view_class = LanguageScopedIndexView
    add_view_class = LanguageScopedCreateView
    edit_view_class = LanguageScopedEditView
    delete_view_class = LanguageScopedDeleteView


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
        (PortalSnippetChooserViewSet,),
        {"form_fields": fields, "create_view_class": TermCreateView},
    )


class TermViewSet(PortalSnippetViewSet):
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


class OrganisationViewSet(PortalSnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "website"]
    search_fields = ["name"]


class PersonViewSet(PortalSnippetViewSet):
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


class SiteTextsViewSet(PortalSnippetViewSet):
    """The footer's texts, one set a language, in the admin's menu of its own («Тексты сайта»)."""

    model = SiteTexts
    icon = "doc-full"
    add_to_admin_menu = True
    menu_order = 310  # after the taxonomies
    list_display = ["__str__"]
    copy_view_enabled = False  # a copy would be a second set for the same language


register_snippet(SiteTextsViewSet)


@hooks.register("before_delete_snippet")
def keep_the_original_site_texts(request, instances):
    """The site texts of the default language are the source of every translation and the
    footer of a language not translated yet: they are edited, never deleted."""
    if any(
        isinstance(instance, SiteTexts) and instance.locale.language_code == settings.LANGUAGE_CODE
        for instance in instances
    ):
        messages.error(
            request, _("The site texts of the original language cannot be deleted: edit them.")
        )
        return redirect(SiteTexts.snippet_viewset.get_url_name("list"))


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


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path("reports/translations/", TranslationStatusView.as_view(), name="translation_status"),
        path(
            "reports/translations/results/",
            TranslationStatusView.as_view(results_only=True),
            name="translation_status_results",
        ),
        path("reports/translations/bulk/", TranslationBulkView.as_view(), name="translation_bulk"),
        path(
            "reports/translations/jobs/<int:pk>/",
            TranslationJobView.as_view(),
            name="translation_job",
        ),
        path(
            "reports/translations/jobs/<int:pk>/progress/",
            job_progress,
            name="translation_job_progress",
        ),
    ]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_translation_status(request.user)


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("translation_status"),
        name="translation-status",
        icon_name="wagtail-localize-language",
        order=1320,
    )


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


def may_see_workflow_reports(user):
    """Wagtail's workflow reports open to anyone who may add, edit or publish some page."""
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


class ReviewQueuePanel(DashboardPanel):
    """The pages waiting for the user's decision, the longest waiting first."""

    name = "review_queue"
    template_name = "portal/admin/review_queue_panel.html"
    order = 200  # first: someone waits for this user

    def listing(self, request):
        return review_queue(request.user)

    def extra_context(self, request, listing):
        report = None
        if listing.more and may_see_workflow_reports(request.user):
            report = (
                reverse("wagtailadmin_reports:workflow_tasks")
                + "?"
                + urlencode({"reviewable": "true", "status": "in_progress"})
            )
        return {"report_url": report}


class MyPagesPanel(DashboardPanel):
    """The user's pages returned for changes, in review, and drafts."""

    name = "my_pages"
    template_name = "portal/admin/my_pages_panel.html"
    order = 203

    def listing(self, request):
        return my_pages(request.user)

    def extra_context(self, request, listing):
        report = None
        in_workflows = listing.counts["returned"] + listing.counts["in_review"]
        if in_workflows and may_see_workflow_reports(request.user):
            report = (
                reverse("wagtailadmin_reports:workflow")
                + "?"
                + urlencode({"requested_by": request.user.pk})
            )
        return {"report_url": report}


class StaleTranslationsPanel(DashboardPanel):
    """Translations the user may edit whose source page has changed since."""

    name = "stale_translations"
    template_name = "portal/admin/stale_translations_panel.html"
    order = 235

    def listing(self, request):
        return translations_to_update(request.user)

    def extra_context(self, request, listing):
        return {"can_sync": request.user.has_perm("wagtail_localize.submit_translation")}


class UnansweredSearchesPanel(DashboardPanel):
    """This week's searches that found nothing, for those who read the report of them."""

    name = "unanswered_searches"
    template_name = "portal/admin/unanswered_searches_panel.html"
    order = 270

    def listing(self, request):
        return unanswered_searches(request.user)

    def extra_context(self, request, listing):
        since = timezone.localdate() - SEARCH_WEEK
        return {
            "report_url": reverse("unanswered_searches")
            + "?"
            + urlencode({"last_seen_from": since.isoformat()})
        }


# Wagtail's own lists of pages in moderation: ours replace them (ReviewQueuePanel, MyPagesPanel)
# and, unlike them, cost the same queries whatever the number of pages.
REPLACED_PANELS = {"workflow_objects_to_moderate", "user_objects_in_workflow_moderation"}


@hooks.register("construct_homepage_panels")
def add_portal_panels(request, panels):
    panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in REPLACED_PANELS]
    panels.extend(
        [
            ReviewQueuePanel(),
            MyPagesPanel(),
            ScheduledPagesPanel(),
            StaleTranslationsPanel(),
            UnansweredSearchesPanel(),
        ]
    )


# Registered before wagtail-localize's hook (a lower order runs first), at the very paths of its
# "download_pofile", "upload_pofile", "edit_string_translation", "edit_override",
# "convert_to_alias", "update_translations" and "preview_translation": the translation editor's
# buttons, the page menu and the dashboard, which reverse its URL names, reach these views.
@hooks.register("register_admin_urls", order=-1)
def register_po_file_urls():
    return [
        path(
            "localize/translate/<int:translation_id>/pofile/download/",
            snippet_review.language_scoped(translation_files.download_pofile),
            name="portal_download_pofile",
        ),
        path(
            "localize/translate/<int:translation_id>/pofile/upload/",
            snippet_review.language_scoped(translation_files.upload_pofile),
            name="portal_upload_pofile",
        ),
        # The editor's strings and overrides of a snippet: only in the user's languages.
        path(
            "localize/translate/<int:translation_id>/strings/<int:string_segment_id>/edit/",
            snippet_review.language_scoped(localize_editor.edit_string_translation),
            name="portal_edit_string_translation",
        ),
        path(
            "localize/translate/<int:translation_id>/overrides/<int:overridable_segment_id>/edit/",
            snippet_review.language_scoped(localize_editor.edit_override),
            name="portal_edit_override",
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            translation_alias.convert_to_alias,
            name="portal_convert_to_alias",
        ),
        path(
            "localize/update/<int:translation_source_id>/",
            stale_translations.SyncTranslationsView.as_view(),
            name="portal_update_translations",
        ),
        path(
            "localize/translate/<int:translation_id>/previous/accept/",
            stale_translations.accept_previous_texts,
            name="portal_accept_previous_texts",
        ),
        path(
            "localize/translate/<int:translation_id>/preview/",
            translation_overrides.preview_translation,
            name="portal_preview_translation",
        ),
        path(
            "localize/translate/<int:translation_id>/preview/<str:mode>/",
            translation_overrides.preview_translation,
            name="portal_preview_translation",
        ),
    ]


@hooks.register("construct_explorer_page_queryset")
def flag_translations_out_of_date(parent_page, pages, request):
    """«Перевод устарел» in the page listing (wagtailadmin/pages/listing/_page_status_cell.html):
    one subquery in the listing's query, whatever the number of rows."""
    return with_out_of_date_since(pages)


hooks.register("construct_page_action_menu", translation_alias.hide_convert_for_non_publishers)


# wagtail-localize's "Translate with …", at its own path (as the PO files above): a service that
# fails answers the translator with a message, not a server error.
@hooks.register("register_admin_urls", order=-1)
def register_machine_translation_url():
    return [
        path(
            "localize/translate/<int:translation_id>/machine_translate/",
            snippet_review.language_scoped(machine_translation.machine_translate),
            name="portal_machine_translate",
        )
    ]


# Machine-made strings reach the site through review, or once a person has checked them.
hooks.register("before_publish_page", machine_translation.refuse_unchecked_publish)
hooks.register("before_bulk_action", machine_translation.refuse_unchecked_bulk_publish)
hooks.register(
    "before_edit_snippet", machine_translation.refuse_unchecked_snippet_publish, order=-10
)


# The translation editor's save draft / submit / approve / publish: before wagtail-localize's own
# before_edit_page hook, which would only publish.
hooks.register("before_edit_page", handle_editor_post, order=-10)
# The same for the site texts (a snippet with drafts and a workflow).
hooks.register("before_edit_snippet", snippet_review.handle_editor_post, order=-10)
