"""Moderation e-mails: who hears what as a page goes through a workflow, and when.

- A page submitted for review, or moving on to the next step: the members of that step's
  group(s), never the person who submitted it nor the one who moved it on, and superusers only
  if they are members (``WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS`` is off).
- Changes requested at any step, or the whole workflow approved: the person who submitted the
  page and the page's author, not the reviewer who did it; the reviewers' comments are in it.

Each person's Wagtail profile decides: no mail without an address or with that kind of
notification turned off, and each mail is written in the person's admin language (Russian
when none is chosen) and time zone. Every link is absolute, built on
``WAGTAILADMIN_BASE_URL``.

Wagtail sends these mails inside the reviewer's or editor's request, so a slow mail server
holds the editor up. Here Wagtail's receivers are replaced: a signal only queues
``send_moderation_notification`` (a task) once the change is committed, with ids; the
task reloads the objects and sends the mails. A mail server that refuses makes the task fail
(logged, and kept by the task queue), never the request.
"""

import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.mail import get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    OpenedConnection,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    send_mail,
)
from wagtail.admin.utils import get_admin_base_url, get_user_display_name
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted
from wagtail.users.models import UserProfile

from django_tasks import task

logger = logging.getLogger(__name__)


class NotificationNotSent(Exception):
    """The mail server refused some of a notification's mails (each refusal is logged)."""


def admin_language(profile):
    """The language a person's mails are written in: their admin language, if the portal
    speaks it, else the portal's default (Russian)."""
    language = profile.preferred_language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def absolute_url(path):
    return get_admin_base_url().rstrip("/") + path


def edit_url(obj):
    """Where the page, or the snippet (the footer's texts, a term), is edited and reviewed."""
    if isinstance(obj, Page):
        return absolute_url(reverse("wagtailadmin_pages:edit", args=(obj.pk,)))
    viewset = obj.snippet_viewset
    return absolute_url(reverse(viewset.get_url_name("edit"), args=(quote(obj.pk),)))


def preview_url(obj, task_state):
    """The preview of the version under review, where the admin offers one."""
    if isinstance(obj, Page):
        path = reverse("wagtailadmin_pages:workflow_preview", args=(obj.pk, task_state.task_id))
        return absolute_url(path)
    if not getattr(obj, "is_previewable", lambda: False)():
        return None
    viewset = obj.snippet_viewset
    path = reverse(
        viewset.get_url_name("workflow_preview"), args=(quote(obj.pk), task_state.task_id)
    )
    return absolute_url(path)


def live_url(page):
    """The page's public address on the portal, or None while it is not live."""
    parts = page.get_url_parts() if page.live else None
    return absolute_url(parts[2]) if parts and parts[2] else None


@dataclass(frozen=True)
class Review:
    task: str
    by: str
    comment: str


class PortalEmailMixin:
    """Wagtail's notifier, with the portal's mails (``templates/portal/notifications/``): plain
    text, one per recipient in their language and time zone, all links absolute."""

    template_directory = "portal/notifications/"

    def get_template_set(self, instance, **kwargs):
        base = self.template_directory + self.notification
        return {"subject": f"{base}_subject.txt", "text": f"{base}.txt"}

    def get_context(self, instance, **kwargs):
        context = super().get_context(instance, **kwargs)
        # Pages and the snippets that go through review (site texts, terms) alike.
        obj = context.get("page") or context["object"]
        context["is_page"] = isinstance(obj, Page)
        context["title"] = obj.get_admin_display_title() if context["is_page"] else str(obj)
        context["edit_url"] = edit_url(obj)
        context["preferences_url"] = absolute_url(reverse("wagtailadmin_account"))
        return context

    def send_emails(self, template_set, context, recipients, **kwargs):
        """Send each recipient their mail over one connection; how many were sent.

        A recipient whose mail is refused is logged and the others still get theirs; then the
        whole notification fails, so that the task queue records it. A server that cannot be
        reached at all fails it at once."""
        refused = []
        # Already in a task: straight to the delivering backend (see portal.mail).
        with OpenedConnection(get_connection(settings.EMAIL_DELIVERY_BACKEND)) as connection:
            for recipient in sorted(recipients, key=lambda user: user.pk):
                profile = UserProfile.get_for_user(recipient)
                with (
                    translation.override(admin_language(profile)),
                    timezone.override(profile.get_current_time_zone()),
                ):
                    mail_context = {**context, "user": recipient}
                    subject = render_to_string(template_set["subject"], mail_context)
                    text = render_to_string(template_set["text"], mail_context)
                try:
                    send_mail(
                        " ".join(subject.split()),
                        text.strip(),
                        [recipient.email],
                        connection=connection,
                    )
                except Exception:
                    logger.exception(
                        "The %r notification was not sent to user %s.",
                        self.notification,
                        recipient.pk,
                    )
                    refused.append(recipient.pk)
        if refused:
            raise NotificationNotSent(
                f"{len(refused)} of {len(recipients)} {self.notification!r} mails were refused."
            )
        return len(recipients)


class TaskSubmittedNotifier(PortalEmailMixin, GroupApprovalTaskStateSubmissionEmailNotifier):
    """A page waits at a group's step: its members are asked to review it."""

    def get_recipient_users(self, task_state, **kwargs):
        # The step's groups and whoever moved the page on are Wagtail's choice; the person who
        # submitted it is not asked to review their own page at the next step either.
        recipients = super().get_recipient_users(task_state, **kwargs)
        submitter = task_state.workflow_state.requested_by_id
        if submitter is not None:
            recipients = recipients.exclude(pk=submitter)
        return recipients.distinct()

    def get_context(self, task_state, **kwargs):
        context = super().get_context(task_state, **kwargs)
        requested_by = task_state.workflow_state.requested_by
        context["requested_by"] = requested_by and get_user_display_name(requested_by)
        context["preview_url"] = preview_url(context.get("page") or context["object"], task_state)
        return context


class OutcomeRecipientsMixin:
    """The person who submitted the page and its author hear how the review ended, unless it
    was their own doing."""

    def get_recipient_users(self, workflow_state, user=None, **kwargs):
        # Snippets have no owner: the person who submitted it hears alone.
        author = getattr(workflow_state.content_object, "owner", None)
        return {
            person
            for person in (workflow_state.requested_by, author)
            if person is not None and person != user
        }


class WorkflowApprovedNotifier(
    PortalEmailMixin, OutcomeRecipientsMixin, WorkflowStateApprovalEmailNotifier
):
    """Every step approved: the page is live (or scheduled), with the reviewers' comments."""

    def get_context(self, workflow_state, decision=None, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        page = context.get("page")
        decided = decision or workflow_state.current_task_state
        context["live_url"] = live_url(page) if page else None
        context["go_live_at"] = decided.revision.approved_go_live_at if decided else None
        # The comments left on the version that was approved, step by step (not those of an
        # earlier version sent back for changes).
        approvals = (
            workflow_state.task_states.filter(
                status=TaskState.STATUS_APPROVED, revision_id=decided.revision_id
            )
            .exclude(comment="")
            .select_related("task", "finished_by")
            .order_by("finished_at", "pk")
            if decided
            else []
        )
        context["reviews"] = [
            Review(state.task.name, get_user_display_name(state.finished_by), state.comment)
            for state in approvals
        ]
        return context


class WorkflowRejectedNotifier(
    PortalEmailMixin, OutcomeRecipientsMixin, WorkflowStateRejectionEmailNotifier
):
    """Changes requested at a step (the first or any later one), with the reviewer's comment."""

    def get_context(self, workflow_state, decision=None, **kwargs):
        context = super().get_context(workflow_state, **kwargs)
        # The step that asked for changes, even if the page has been resubmitted since.
        if decision is not None:
            context["task"] = decision.task.specific
            context["task_state"] = decision
            context["comment"] = decision.get_comment()
        finished_by = context["task_state"].finished_by
        context["reviewer"] = finished_by and get_user_display_name(finished_by)
        return context


NOTIFIERS = {
    "submitted": TaskSubmittedNotifier(),
    "approved": WorkflowApprovedNotifier(),
    "rejected": WorkflowRejectedNotifier(),
}


def send_notification(event, state_id, user_id=None, task_state_id=None):
    """Send the mails of one moderation event; how many were sent.

    ``state_id`` is the task state that started (``submitted``) or the workflow state that
    ended (``approved``, ``rejected``); ``task_state_id`` the step that decided it; ``user_id``
    the person who acted. What was deleted meanwhile is not written about; nor is a step that
    someone has already reviewed by the time the mail would go out."""
    model = TaskState if event == "submitted" else WorkflowState
    state = model.objects.filter(pk=state_id).first()
    if state is None:
        return 0
    if event == "submitted" and state.status != TaskState.STATUS_IN_PROGRESS:
        return 0
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    decision = TaskState.objects.filter(pk=task_state_id).first() if task_state_id else None
    sent = NOTIFIERS[event](state, user=user, decision=decision)
    # Wagtail's notifier answers True or False when it had no mail to send.
    return 0 if isinstance(sent, bool) else sent


@task()
def send_moderation_notification(event, state_id, user_id=None, task_state_id=None):
    """Send the e-mails of a moderation event: a page to review, approved, or sent back for
    changes.

    Queued when the change is committed and run outside the request, so a slow or failing
    mail server never holds up the editor or the reviewer; a failure fails this task.
    """
    return send_notification(event, state_id, user_id, task_state_id)


def queue_notification(event, state_id, user=None, task_state_id=None):
    """Queue the mails for when the change is committed: none for a change rolled back, and
    the task sees what the request saved. A queue that cannot take the task is logged; the
    request that caused it still succeeds."""
    transaction.on_commit(
        partial(
            send_moderation_notification.enqueue,
            event,
            state_id,
            getattr(user, "pk", None),
            task_state_id,
        ),
        robust=True,
    )


def on_task_submitted(sender, instance, user=None, **kwargs):
    queue_notification("submitted", instance.pk, user)


def on_workflow_approved(sender, instance, user=None, **kwargs):
    queue_notification("approved", instance.pk, user, instance.current_task_state_id)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    queue_notification("rejected", instance.pk, user, instance.current_task_state_id)


def on_workflow_submitted(sender, instance, user=None, **kwargs):
    """Nothing: the first step's reviewers hear of the page from ``task_submitted``. Wagtail's
    own mail at this point goes to superusers only, for their role, which the portal does not
    do."""


# (signal, sender, Wagtail's dispatch_uid for its receiver, ours)
RECEIVERS = [
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        on_task_submitted,
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        on_workflow_submitted,
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        on_workflow_approved,
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        on_workflow_rejected,
    ),
]


def replace_wagtail_receivers():
    """Put the portal's receivers in the place of Wagtail's (from ``PortalConfig.ready()``).

    Ours are connected under Wagtail's own ``dispatch_uid``: a signal keeps one receiver per
    uid, so whichever app is ready first, only ours stays. The portal's app is ready before
    ``wagtail.admin``, whose own connect then changes nothing; should the order change,
    Wagtail's receiver is disconnected here first."""
    for signal, sender, dispatch_uid, receiver in RECEIVERS:
        signal.disconnect(sender=sender, dispatch_uid=dispatch_uid)
        signal.connect(receiver, sender=sender, dispatch_uid=dispatch_uid)
