"""The moderation workflows: an editorial review in every language's tree, two steps for news.

Every page of a language goes through «Редакционная проверка» (a moderator approves it), set
on the language's home page so English pages are moderated like Russian ones. News have their
own workflow, set on each news index: a moderator, then the chief editor. Wagtail's default
workflow on the tree's root is taken over, not left beside ours. The site texts (the footer)
go through the same editorial review: translated by translators, approved by a moderator.
"""

from django.contrib.contenttypes.models import ContentType

from wagtail.models import (
    GroupApprovalTask,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from home.editorial.roles import language_homes
from news.api import news_index_pages
from portal.models import SiteTexts

# The snippets moderated like pages, with the editorial review.
REVIEWED_SNIPPETS = (SiteTexts,)

# Names are data in the team's language, as group names are.
REVIEW = "Редакционная проверка"
NEWS_REVIEW = "Проверка новостей"
MODERATOR_TASK = "Проверка модератором"
CHIEF_EDITOR_TASK = "Утверждение главным редактором"

LEGACY_WORKFLOW = LEGACY_TASK = "Moderators approval"  # what Wagtail's migrations create


def ensure_workflows(groups):
    """Create or correct the tasks, the workflows and where they apply. Returns [changes]."""
    changes = []
    moderation = _task(MODERATOR_TASK, groups["moderators"], changes, legacy=LEGACY_TASK)
    approval = _task(CHIEF_EDITOR_TASK, groups["chief_editor"], changes)
    review = _workflow(REVIEW, [moderation], changes, legacy=LEGACY_WORKFLOW)
    news = _workflow(NEWS_REVIEW, [moderation, approval], changes)

    wanted = {home.pk: review for home in language_homes().values()}
    wanted.update({index.pk: news for index in news_index_pages()})
    for link in WorkflowPage.objects.filter(workflow__in=[review, news]).exclude(
        page_id__in=wanted
    ):
        page_id = link.page_id
        link.delete()
        changes.append(f"Removed «{link.workflow.name}» from page {page_id}.")
    for page_id, workflow in wanted.items():
        link = WorkflowPage.objects.filter(page_id=page_id).first()
        if link is None:
            WorkflowPage.objects.create(page_id=page_id, workflow=workflow)
        elif link.workflow_id != workflow.pk:
            link.workflow = workflow
            link.save(update_fields=["workflow"])
        else:
            continue
        changes.append(f"Set «{workflow.name}» on page {page_id}.")
    changes += _snippet_workflows(review)
    return changes


def _snippet_workflows(review):
    changes = []
    for model in REVIEWED_SNIPPETS:
        content_type = ContentType.objects.get_for_model(model)
        link = WorkflowContentType.objects.filter(content_type=content_type).first()
        if link is None:
            WorkflowContentType.objects.create(content_type=content_type, workflow=review)
        elif link.workflow_id != review.pk:
            link.workflow = review
            link.save(update_fields=["workflow"])
        else:
            continue
        changes.append(f"Set «{review.name}» on {model._meta.label}.")
    return changes


def _take_over(model, name, legacy, changes, kind):
    """The object called ``name`` (or Wagtail's ``legacy`` one, renamed), active."""
    found = model.objects.filter(name=name).first()
    if found is None and legacy:
        found = model.objects.filter(name=legacy).first()
    if found is None:
        found = model.objects.create(name=name)
        changes.append(f"Created the {kind} «{name}».")
    elif found.name != name or not found.active:
        found.name, found.active = name, True
        found.save(update_fields=["name", "active"])
        changes.append(f"Set up the {kind} «{name}».")
    return found


def _task(name, group, changes, legacy=None):
    task = _take_over(GroupApprovalTask, name, legacy, changes, "task")
    if set(task.groups.all()) != {group}:
        task.groups.set([group])
        changes.append(f"Set who reviews «{name}».")
    return task


def _workflow(name, tasks, changes, legacy=None):
    workflow = _take_over(Workflow, name, legacy, changes, "workflow")
    current = list(
        WorkflowTask.objects.filter(workflow=workflow)
        .order_by("sort_order")
        .values_list("task_id", flat=True)
    )
    if current != [task.pk for task in tasks]:
        WorkflowTask.objects.filter(workflow=workflow).delete()
        WorkflowTask.objects.bulk_create(
            WorkflowTask(workflow=workflow, task=task, sort_order=order)
            for order, task in enumerate(tasks)
        )
        changes.append(f"Set the steps of «{name}».")
    return workflow
