"""Who may publish directly where a review has several steps.

Wagtail lets anyone with publish rights on a page publish it at once, workflow or not. For the
news' two-step review that would let a moderator skip the chief editor. So on a page whose
workflow has more than one step, only the members of its last step's group (and
administrators) publish directly; anyone else saves the page and submits it, and their "Publish"
is neither offered nor accepted. A single-step review keeps Wagtail's rule: its reviewers may
publish directly.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from wagtail.models import GroupApprovalTask


def publishes_only_through_review(user, page=None, parent=None):
    """True when ``user`` must submit ``page`` (or a new page under ``parent``) rather than
    publish it."""
    if user.is_superuser:
        return False
    workflow = (page or parent).get_workflow() if (page or parent) is not None else None
    if workflow is None or not workflow.active:
        return False
    tasks = list(workflow.tasks)
    if len(tasks) < 2:
        return False
    last = tasks[-1].specific
    if not isinstance(last, GroupApprovalTask):
        return True
    return not last.groups.filter(pk__in=user.groups.values("pk")).exists()


def remove_publish_action(menu_items, request, context):
    page = context.get("page")
    parent = context.get("parent_page")
    if publishes_only_through_review(
        request.user, page=page if page and page.pk else None, parent=parent
    ):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def refuse_direct_publish(request, page):
    """Refuse, after Wagtail has saved the edit as a draft: nothing the editor typed is lost."""
    if publishes_only_through_review(request.user, page=page):
        workflow = page.get_workflow()
        messages.warning(
            request,
            _(
                "«%(title)s» is saved as a draft but not published: pages here are published by "
                "the last step of «%(workflow)s». Submit it for review."
            )
            % {"title": page.get_admin_display_title(), "workflow": workflow.name},
        )
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


def refuse_bulk_publish(request, action_type, objects, action):
    if action_type != "publish":
        return None
    held = [page for page in objects if publishes_only_through_review(request.user, page=page)]
    if held:
        messages.error(
            request,
            _("Not published: %(titles)s go through their review. Submit them instead.")
            % {"titles": ", ".join(f"«{page.get_admin_display_title()}»" for page in held)},
        )
        return redirect("wagtailadmin_explore", held[0].get_parent().pk)
    return None
