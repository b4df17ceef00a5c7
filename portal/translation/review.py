"""Draft, review and publish for translated pages, in wagtail-localize's translation editor.

wagtail-localize's editor saves each string as it is typed, and its only way to put them on the
page is "Publish in English", which publishes at once: no draft, no workflow, no history of who
approved what. The portal gives the editor Wagtail's own page action menu instead (the one of
the page edit view, with every ``construct_page_action_menu`` hook applied), and handles its
buttons here, before wagtail-localize's ``before_edit_page`` hook sees the request:

- **Save draft** makes a draft revision of the English page from the translated strings. The
  live English page keeps its text: wagtail-localize's own draft saving writes the translated
  fields onto the live page row (only the revision is a draft), so the translated version is
  built in memory, as its preview does, and saved as a revision only.
- **Submit for review** saves the draft and starts the English tree's workflow (or resumes it
  when the reviewer asked for changes).
- **Approve / Request changes** are the workflow's actions, for the reviewers of its current step;
  the comment of "Request changes" goes back to the translator, who sees it in the editor.
- **Publish** only for who may publish there, through Wagtail's ``before_publish_page`` hooks (so
  nobody skips the chief editor of the news' two-step review).

Submitting or publishing a translation with untranslated strings is refused: the English page
would show the Russian text in their place.
"""

import json

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from wagtail import hooks
from wagtail.actions.publish_page_revision import PublishPageRevisionAction
from wagtail.admin.action_menu import ActionMenuItem, PageActionMenu
from wagtail.coreutils import find_available_slug
from wagtail.models import Page, WorkflowState
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationLog,
)

from portal.translation.overrides import refuse_missing_choices

EDITOR_FIELDS = ("action-publish", "action-submit", "action-restart-workflow")


def translation_into(instance):
    """The synced translation whose target is ``instance`` (a page or snippet), or None."""
    return (
        Translation.objects.filter(
            source__object_id=instance.translation_key,
            target_locale_id=instance.locale_id,
            enabled=True,
        )
        .exclude(source__locale_id=instance.locale_id)
        .select_related("source", "target_locale")
        .first()
    )


def missing_strings(translation):
    total, translated = translation.get_progress()
    return total - translated


def save_draft(translation, user):
    """A draft revision of the target page (or snippet with drafts) with the translated
    strings; the live version, if there is one, stays as it is. Returns the target (its latest
    revision is the draft)."""
    try:
        target = translation.get_target_instance()
    except ObjectDoesNotExist:
        target = None
    if target is None or not target.live or getattr(target, "alias_of_id", None):
        # A new (or never published) page: wagtail-localize's draft saving is safe, nobody
        # reads this page on the site.
        translation.save_target(user=user, publish=False)
        target = translation.get_target_instance()
        return target.specific if isinstance(target, Page) else target
    # wagtail-localize's own draft saving writes the translated fields onto the live row: the
    # translated version is built in memory instead (as its preview does) and only saved as a
    # revision, as Wagtail's "Save draft" does.
    source = translation.source
    locale = translation.target_locale
    draft = source.get_ephemeral_translated_instance(locale, fallback=True)
    if isinstance(draft, Page):  # a translated slug is made valid, as wagtail-localize does
        draft.slug = find_available_slug(
            draft.get_parent(), slugify(draft.slug), ignore_page_id=draft.pk
        )
    revision = draft.save_revision(user=user, log_action=True)
    TranslationLog.objects.create(source=source, locale=locale, revision=revision)
    if isinstance(draft, Page):
        source.update_target_view_restrictions(locale)
    return type(draft).objects.get(pk=draft.pk)


def strings_changed_since(translation, moment):
    """Whether any string (or overridden image, link …) of the translation was written after
    ``moment``."""
    strings = StringSegment.objects.filter(source_id=translation.source_id)
    overridable = OverridableSegment.objects.filter(source_id=translation.source_id)
    return (
        StringTranslation.objects.filter(
            translation_of_id__in=strings.values("string_id"),
            context_id__in=strings.values("context_id"),
            locale_id=translation.target_locale_id,
            updated_at__gt=moment,
        ).exists()
        or SegmentOverride.objects.filter(
            context_id__in=overridable.values("context_id"),
            locale_id=translation.target_locale_id,
            updated_at__gt=moment,
        ).exists()
    )


def _edit(page):
    return redirect("wagtailadmin_pages:edit", page.pk)


def _refuse_incomplete(request, translation):
    missing = missing_strings(translation)
    if missing:
        messages.error(
            request,
            ngettext(
                "%(count)d string is not translated yet: the English page would show it in "
                "Russian. Translate it first.",
                "%(count)d strings are not translated yet: the English page would show them in "
                "Russian. Translate them first.",
                missing,
            )
            % {"count": missing},
        )
        return True
    return False


def handle_editor_post(request, page):
    """The translation editor's buttons (a ``before_edit_page`` hook, run before
    wagtail-localize's): None leaves the request to wagtail-localize."""
    if request.method != "POST" or not isinstance(page, Page):
        return None
    post = request.POST
    if "localize-restart-translation" in post or "localize-convert-to-alias" in post:
        return None
    translation = translation_into(page)
    if translation is None or page.alias_of_id:
        return None
    page = page.specific
    user = request.user
    perms = page.permissions_for_user(user)
    workflow_state = page.current_workflow_state

    if post.get("action-cancel-workflow"):
        if workflow_state and workflow_state.user_can_cancel(user):
            workflow_state.cancel(user=user)
            messages.success(request, _("The review of «%(title)s» is cancelled.") % _names(page))
        return _edit(page)

    lock = page.get_lock()
    if lock is not None and lock.for_user(user):
        messages.error(request, lock.get_message(user) or _("The page is locked."))
        return _edit(page)
    if not perms.can_edit():
        messages.error(request, _("You may not edit this page."))
        return _edit(page)

    publish = bool(post.get("action-publish") or post.get("action") == "publish")
    if publish and not perms.can_publish():
        messages.error(request, _("You may not publish this page: submit it for review."))
        return _edit(page)
    if post.get("action-workflow-action"):
        return _workflow_action(request, page, translation)
    wants_review = post.get("action-submit") or post.get("action-restart-workflow")
    if wants_review and not (perms.can_submit_for_moderation() and page.get_workflow()):
        messages.error(request, _("This page has no review to submit it to."))
        return _edit(page)
    if (publish or wants_review) and _refuse_incomplete(request, translation):
        return _edit(page)
    if refuse_missing_choices(request, translation):
        return _edit(page)

    try:
        page = save_draft(translation, user)
    except ValidationError as error:
        messages.error(
            request,
            _("The translation could not be saved: %(errors)s")
            % {"errors": "; ".join(error.messages)},
        )
        return _edit(page)

    if publish:
        return _publish(request, page)
    if wants_review:
        if post.get("action-restart-workflow") and workflow_state:
            workflow_state.cancel(user=user)
            workflow_state = None
        if workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            workflow_state.resume(user)
        else:
            page.get_workflow().start(page, user)
        messages.success(
            request,
            _("«%(title)s» is submitted to «%(workflow)s».")
            % {**_names(page), "workflow": page.get_workflow().name},
        )
        return _edit(page)
    messages.success(
        request,
        _("The draft of «%(title)s» is saved. The site shows it once it is published.")
        % _names(page),
    )
    return _edit(page)


def _names(page):
    return {"title": page.get_admin_display_title()}


def _publish(request, page):
    for hook in hooks.get_hooks("before_publish_page"):
        response = hook(request, page)
        if hasattr(response, "status_code"):
            return response  # refused: the draft is kept
    PublishPageRevisionAction(page.latest_revision, user=request.user, changed=True).execute(
        skip_permission_checks=True
    )
    page = type(page).objects.get(pk=page.pk)
    for hook in hooks.get_hooks("after_publish_page"):
        response = hook(request, page)
        if hasattr(response, "status_code"):
            return response
    messages.success(request, _("«%(title)s» is published.") % _names(page))
    return _edit(page)


def _workflow_action(request, page, translation):
    """Approve, request changes (with its comment): what the reviewer of the current step may
    do. Strings the reviewer corrected in the editor first become a new draft, so what is
    approved is what they read."""
    task = page.current_workflow_task
    task_state = page.current_workflow_task_state
    name = request.POST.get("workflow-action-name")
    actions = task.get_actions(page, request.user) if task else []
    available = [action for action, _label, _modal in actions]
    if name not in available:
        messages.error(request, _("This review step is already over."))
        return _edit(page)
    try:
        extra = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        extra = {}
    if not isinstance(extra, dict):
        extra = {}
    extra = {key: value for key, value in extra.items() if key == "comment"}
    revision = page.latest_revision
    if revision is None or strings_changed_since(translation, revision.created_at):
        if name == "approve" and _refuse_incomplete(request, translation):
            return _edit(page)
        if refuse_missing_choices(request, translation):
            return _edit(page)
        page = save_draft(translation, request.user)
        task_state = page.current_workflow_task_state
        task = page.current_workflow_task
    task.on_action(task_state, request.user, name, **extra)
    page = type(page).objects.get(pk=page.pk)
    if name == "approve":
        if page.live and not page.has_unpublished_changes:
            message = _("«%(title)s» is approved and published.")
        else:
            message = _("«%(title)s» is approved: it goes on to the next step.")
    elif name == "reject":
        message = _("Changes to «%(title)s» are requested: the translator sees your comment.")
    else:
        message = _("«%(title)s» is saved.")
    messages.success(request, message % _names(page))
    return _edit(page)


class LinkItem(ActionMenuItem):
    """A secondary link of the translation editor's menu (preview, comparison)."""

    def __init__(self, name, label, icon_name, url, order):
        self.name, self.label, self.icon_name, self.url = name, label, icon_name, url
        super().__init__(order=order)

    def get_url(self, parent_context):
        return self.url


class PostItem(ActionMenuItem):
    """A secondary button that posts to another view (wagtail-localize's stop translation)."""

    template_name = "portal/admin/translation/post_menu_item.html"

    def __init__(self, name, label, icon_name, url, order):
        self.name, self.label, self.icon_name, self.url = name, label, icon_name, url
        super().__init__(order=order)

    def get_url(self, parent_context):
        return self.url


PREVIEW = gettext_lazy("Preview")
COMPARE = gettext_lazy("Compare with the live page")
STOP = gettext_lazy("Stop Synced translation")  # wagtail-localize's own words


def editor_action_menu(request, page, translation):
    """Wagtail's page action menu for the translation editor, with preview, comparison with the
    live page and wagtail-localize's "stop synced translation" in the drop-down."""
    lock = page.get_lock()
    menu = PageActionMenu(
        request,
        view="edit",
        page=page,
        lock=lock,
        locked_for_user=lock is not None and lock.for_user(request.user),
    )
    extra = [
        LinkItem(
            "portal-preview",
            PREVIEW,
            "view",
            reverse("wagtail_localize:preview_translation", args=[translation.pk]),
            order=900,
        )
    ]
    perms = page.permissions_for_user(request.user)
    compare = page.live and page.has_unpublished_changes and page.latest_revision_id
    if compare and perms.can_view_revisions():
        extra.append(
            LinkItem(
                "portal-compare",
                COMPARE,
                "history",
                reverse(
                    "wagtailadmin_pages:revisions_compare",
                    args=[page.pk, "live", page.latest_revision_id],
                ),
                order=910,
            )
        )
    if perms.can_edit():
        extra.append(
            PostItem(
                "portal-stop-translation",
                STOP,
                "cross",
                reverse("wagtail_localize:stop_translation", args=[translation.pk]),
                order=990,
            )
        )
    if menu.default_item is None:
        return menu
    menu.menu_items = sorted([*menu.menu_items, *extra], key=lambda item: item.order)
    return menu


def review_status(page):
    """What the translator should know about the page's review: in review (by whom, since when)
    or changes requested (by whom, with the comment). None otherwise."""
    state = page.current_workflow_state
    if state is None:
        return None
    task_state = state.current_task_state
    if state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        rejected = state.task_states.filter(status="rejected").order_by("-finished_at").first()
        return {
            "needs_changes": True,
            "task": rejected.task.name if rejected else "",
            "by": rejected.finished_by if rejected else None,
            "at": rejected.finished_at if rejected else None,
            "comment": rejected.comment if rejected else "",
        }
    return {
        "needs_changes": False,
        "task": task_state.task.name if task_state else "",
        "by": state.requested_by,
        "at": state.created_at,
        "comment": "",
    }
