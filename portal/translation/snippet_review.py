"""Draft, review and publish for translated snippets with drafts and a workflow (the site texts).

wagtail-localize's editor of a snippet offers one button, "Publish", and for a snippet with drafts
it is refused to whoever may not publish: a translator could type the strings and nobody would
learn the translation was ready. The portal gives that editor Wagtail's own snippet action menu
(save draft, submit for review, the reviewer's approve and request changes, publish for who
may), posted to the snippet's edit view and handled here by a ``before_edit_snippet`` hook that
runs before wagtail-localize's:

- **Save draft** makes a draft revision from the translated strings; the live texts stay as they
  are (portal.translation.review.save_draft).
- **Submit for review** saves the draft and starts the snippet's workflow (or resumes it after
  the reviewer asked for changes).
- **Approve / Request changes** are the workflow's actions, for the reviewers of its step.
- **Publish** only for who may publish this language's snippet (portal.permissions).

Snippets without drafts (the taxonomy terms) keep wagtail-localize's "Publish", which is a save:
only who may change the term reaches the editor at all.
"""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wagtail.admin.ui.side_panels import StatusSidePanel
from wagtail.models import DraftStateMixin, Page, WorkflowMixin, WorkflowState
from wagtail.snippets.action_menu import SnippetActionMenu
from wagtail_localize.models import Translation

from portal import permissions
from portal.translation.review import (
    missing_strings,
    save_draft,
    strings_changed_since,
    translation_into,
)


def is_reviewed(instance):
    """Whether ``instance`` is a snippet whose translations go through drafts and review."""
    return isinstance(instance, DraftStateMixin) and isinstance(instance, WorkflowMixin)


def edit_url(instance):
    return reverse(instance.snippet_viewset.get_url_name("edit"), args=[quote(instance.pk)])


def _names(instance):
    return {"title": str(instance)}


def _back(instance):
    return redirect(edit_url(instance))


def _refuse_incomplete(request, translation):
    missing = missing_strings(translation)
    if missing:
        messages.error(
            request,
            ngettext(
                "%(count)d string is not translated yet: the site would show it in Russian. "
                "Translate it first.",
                "%(count)d strings are not translated yet: the site would show them in "
                "Russian. Translate them first.",
                missing,
            )
            % {"count": missing},
        )
        return True
    return False


def handle_editor_post(request, instance):
    """The buttons of the translation editor of a snippet with drafts and a workflow (a
    ``before_edit_snippet`` hook, run before wagtail-localize's): None leaves the request to
    wagtail-localize and Wagtail."""
    if request.method != "POST" or not is_reviewed(instance):
        return None
    post = request.POST
    if "localize-restart-translation" in post:
        return None
    translation = translation_into(instance)
    if translation is None:
        return None
    user = request.user
    snippet = type(instance).objects.get(pk=instance.pk)
    workflow_state = snippet.current_workflow_state

    if post.get("action-cancel-workflow"):
        if workflow_state and workflow_state.user_can_cancel(user):
            workflow_state.cancel(user=user)
            messages.success(
                request, _("The review of «%(title)s» is cancelled.") % _names(snippet)
            )
        return _back(snippet)

    lock = snippet.get_lock()
    if lock is not None and lock.for_user(user):
        messages.error(request, lock.get_message(user) or _("These texts are locked."))
        return _back(snippet)
    if post.get("action-workflow-action"):
        return _workflow_action(request, snippet, translation)
    if not permissions.may(user, "change", snippet):
        messages.error(request, _("You may not change these texts."))
        return _back(snippet)

    publish = bool(post.get("action-publish") or post.get("action") == "publish")
    if publish and not permissions.may(user, "publish", snippet):
        messages.error(request, _("You may not publish these texts: submit them for review."))
        return _back(snippet)
    wants_review = post.get("action-submit") or post.get("action-restart-workflow")
    if wants_review and not snippet.get_workflow():
        messages.error(request, _("These texts have no review to submit them to."))
        return _back(snippet)
    if (publish or wants_review) and _refuse_incomplete(request, translation):
        return _back(snippet)

    try:
        snippet = save_draft(translation, user)
    except ValidationError as error:
        messages.error(
            request,
            _("The translation could not be saved: %(errors)s")
            % {"errors": "; ".join(error.messages)},
        )
        return _back(snippet)

    if publish:
        snippet.latest_revision.publish(user=user, changed=True, skip_permission_checks=True)
        messages.success(request, _("«%(title)s» is published.") % _names(snippet))
        return _back(snippet)
    if wants_review:
        if post.get("action-restart-workflow") and workflow_state:
            workflow_state.cancel(user=user)
            workflow_state = None
        if workflow_state and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            workflow_state.resume(user)
        else:
            snippet.get_workflow().start(snippet, user)
        messages.success(
            request,
            _("«%(title)s» is submitted to «%(workflow)s».")
            % {**_names(snippet), "workflow": snippet.get_workflow().name},
        )
        return _back(snippet)
    messages.success(
        request,
        _("The draft of «%(title)s» is saved. The site shows it once it is published.")
        % _names(snippet),
    )
    return _back(snippet)


def _workflow_action(request, snippet, translation):
    """Approve or request changes, for the reviewers of the current step. Strings the reviewer
    corrected in the editor first become a new draft, so what is approved is what they read."""
    user = request.user
    task = snippet.current_workflow_task
    task_state = snippet.current_workflow_task_state
    name = request.POST.get("workflow-action-name")
    actions = task.get_actions(snippet, user) if task else []
    if name not in [action for action, _label, _modal in actions]:
        messages.error(request, _("This review step is already over."))
        return _back(snippet)
    try:
        extra = json.loads(request.POST.get("workflow-action-extra-data") or "{}")
    except ValueError:
        extra = {}
    if not isinstance(extra, dict):
        extra = {}
    extra = {key: value for key, value in extra.items() if key == "comment"}
    revision = snippet.latest_revision
    if revision is None or strings_changed_since(translation, revision.created_at):
        if name == "approve" and _refuse_incomplete(request, translation):
            return _back(snippet)
        snippet = save_draft(translation, user)
        task = snippet.current_workflow_task
        task_state = snippet.current_workflow_task_state
    task.on_action(task_state, user, name, **extra)
    snippet = type(snippet).objects.get(pk=snippet.pk)
    if name == "approve":
        if snippet.live and not snippet.has_unpublished_changes:
            message = _("«%(title)s» is approved and published.")
        else:
            message = _("«%(title)s» is approved: it goes on to the next step.")
    elif name == "reject":
        message = _("Changes to «%(title)s» are requested: the translator sees your comment.")
    else:
        message = _("«%(title)s» is saved.")
    messages.success(request, message % _names(snippet))
    return _back(snippet)


def language_scoped(view):
    """``view`` (one of the translation editor's endpoints, whose argument is the translation)
    refused with a 403 to who may not change the translated snippet in its language:
    wagtail-localize asks only for the model's permission."""

    @wraps(view)
    def scoped(request, translation_id, *args, **kwargs):
        translation = Translation.objects.filter(pk=translation_id).first()
        try:
            target = translation.get_target_instance() if translation else None
        except ObjectDoesNotExist:
            target = None
        is_snippet = target is not None and not isinstance(target, Page)
        if is_snippet and not permissions.may(request.user, "change", target):
            return JsonResponse({"detail": _("You may not change this translation.")}, status=403)
        return view(request, translation_id, *args, **kwargs)

    return scoped


class ReviewedSnippetStatusSidePanel(StatusSidePanel):
    """The status panel of the editor of a snippet in review. wagtail-localize gives that editor
    Wagtail's plain status panel, whose workflow timeline needs the snippet's revision and
    history URLs (Wagtail's own snippet editor passes them) and fails without them."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        viewset = self.object.snippet_viewset
        context.update(
            draftstate_enabled=True,
            revision_enabled=True,
            revisions_compare_url_name=viewset.get_url_name("revisions_compare"),
            workflow_history_url=reverse(
                viewset.get_url_name("workflow_history"), args=[quote(self.object.pk)]
            ),
        )
        return context


def editor_side_panels(instance, side_panels):
    """wagtail-localize's side panels of the editor of ``instance``, the status panel of a
    snippet with a workflow made whole."""
    if not is_reviewed(instance):
        return side_panels
    return [
        ReviewedSnippetStatusSidePanel(
            panel.object,
            panel.request,
            locale=panel.locale,
            translations=panel.translations,
            usage_url=panel.usage_url,
            history_url=panel.history_url,
            last_updated_info=panel.last_updated_info,
        )
        if type(panel) is StatusSidePanel
        else panel
        for panel in side_panels
    ]


def editor_action_menu(request, instance):
    """Wagtail's snippet action menu for the translation editor of ``instance``."""
    snippet = type(instance).objects.get(pk=instance.pk)
    lock = snippet.get_lock()
    return SnippetActionMenu(
        request,
        view="edit",
        instance=snippet.get_latest_revision_as_object(),
        locked_for_user=lock is not None and lock.for_user(request.user),
    )
