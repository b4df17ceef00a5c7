"""The dashboard's to-do lists: what waits for the user who opens the admin.

Each list is a pure function of the user (and the clock) returning a ``Listing``: at most
``SHOWN`` items and how many there are in all, in a fixed number of queries whatever that
number. ``DashboardPanel`` is the admin component that shows one of them, and nothing at all
when it is empty. The sections' panels (the calendar's, the centres') build on both.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, CharField, Count, Exists, IntegerField, OuterRef, Q, Value, When
from django.db.models.functions import Cast
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.ui.components import Component
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Revision,
    TaskState,
    WorkflowContentType,
    WorkflowState,
)
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.models import UnansweredSearch
from portal.translation.states import stale_translations

SHOWN = 10
SEARCH_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Listing:
    """The first items of a list and the length of the whole list."""

    items: list = field(default_factory=list)
    count: int = 0
    counts: dict = field(default_factory=dict)  # the whole list's count by kind, if it has kinds

    @property
    def more(self):
        """How many items the panel does not show."""
        return self.count - len(self.items)


class DashboardPanel(Component):
    """A dashboard panel of one ``Listing``: nothing is rendered when the list is empty.

    A subclass names its template and ``order`` and returns its listing from ``listing()``;
    ``extra_context()`` adds what its template needs beyond the listing (links, permissions).
    """

    name = ""
    template_name = ""
    order = 1000

    def listing(self, request):
        raise NotImplementedError

    def extra_context(self, request, listing):
        return {}

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        listing = self.listing(request)
        return {
            "request": request,
            "listing": listing,
            **(self.extra_context(request, listing) if listing.count else {}),
        }

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context["listing"].count:
            return ""
        return get_template(self.template_name).render(context)


def editable_pages(user):
    """The pages the user may edit (Wagtail's own rule, ownership included)."""
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


def _page_content_type():
    return ContentType.objects.get_for_model(Page)


def _pages_by_id(states):
    """The pages of workflow states, by id, with their locales (one query)."""
    ids = {int(state.object_id) for state in states}
    return Page.objects.select_related("locale").in_bulk(ids)


@dataclass(frozen=True)
class Review:
    """A task waiting for the user's decision, on a page or a snippet (the site texts)."""

    obj: object
    task_state: TaskState

    @property
    def page(self):
        return self.obj if isinstance(self.obj, Page) else None

    @property
    def submitted_by(self):
        return self.task_state.workflow_state.requested_by

    @property
    def task(self):
        return self.task_state.task

    @property
    def title(self):
        if self.page is not None:
            return self.page.get_admin_display_title()
        return str(self.obj)

    @property
    def edit_url(self):
        if self.page is not None:
            return reverse("wagtailadmin_pages:edit", args=[self.obj.pk])
        return reverse(self.obj.snippet_viewset.get_url_name("edit"), args=[quote(self.obj.pk)])

    @property
    def preview_url(self):
        """The reviewed version's preview, where there is one (snippets have none)."""
        if self.page is not None:
            return reverse("wagtailadmin_pages:workflow_preview", args=[self.obj.pk, self.task.pk])
        return None


def reviewed_snippet_models():
    """The snippet models that have a workflow: their objects wait in the review queue too."""
    return [
        link.content_type.model_class()
        for link in WorkflowContentType.objects.select_related("content_type").filter(
            workflow__active=True
        )
    ]


def reviewable_task_states(user, snippet_models=()):
    """The task states in progress that the user may approve or send back: those of the
    group approval tasks of the user's groups; a superuser may act on every one. Pages, and
    the objects of ``snippet_models``."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True) or not user.is_active:
        return TaskState.objects.none()
    content_types = [_page_content_type()] + [
        ContentType.objects.get_for_model(model) for model in snippet_models
    ]
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        task__active=True,
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
        workflow_state__base_content_type__in=content_types,
    )
    if not user.is_superuser:
        memberships = GroupApprovalTask.groups.through.objects.filter(
            groupapprovaltask_id=OuterRef("task_id"), group__in=user.groups.all()
        )
        states = states.filter(Exists(memberships))
    return states


def _objects_of(states):
    """{(content type id, object id): object} of workflow states: pages with their locales in
    one query, and one query for each snippet model among them."""
    page_type = _page_content_type().pk
    wanted = {}
    for state in states:
        wanted.setdefault(state.base_content_type_id, set()).add(state.object_id)
    found = {}
    for content_type_id, ids in wanted.items():
        if content_type_id == page_type:
            model = Page
        else:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        for obj in model.objects.select_related("locale").filter(pk__in=ids):
            found[content_type_id, str(obj.pk)] = obj
    return found


def review_queue(user, limit=SHOWN):
    """What waits for the user's review, the longest waiting first (four queries, and one
    more for each kind of snippet on the list)."""
    states = reviewable_task_states(user, reviewed_snippet_models())
    count = states.count()
    rows = list(
        states.select_related("task", "workflow_state__requested_by").order_by("started_at", "pk")[
            :limit
        ]
    )
    objects = _objects_of([row.workflow_state for row in rows])
    items = []
    for row in rows:
        key = (row.workflow_state.base_content_type_id, row.workflow_state.object_id)
        if key in objects:
            items.append(Review(objects[key], row))
    return Listing(items, count)


@dataclass(frozen=True)
class MyPage:
    """One of the user's pages in progress: returned for changes, in review or a draft."""

    RETURNED = "returned"
    IN_REVIEW = "in_review"
    DRAFT = "draft"

    page: Page
    state: str
    workflow_state: WorkflowState | None = None

    @property
    def task_state(self):
        return self.workflow_state.current_task_state if self.workflow_state else None

    @property
    def since(self):
        """When it was returned, submitted to the current step, or last edited."""
        if self.state == self.RETURNED:
            return self.task_state.finished_at
        if self.state == self.IN_REVIEW:
            return self.task_state.started_at
        return self.page.latest_revision_created_at


def my_drafts(user):
    """The pages the user owns or edited last whose changes are not live, not in a workflow
    and not scheduled: drafts only the user will take further."""
    in_workflow = WorkflowState.objects.active().filter(
        base_content_type=_page_content_type(),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    scheduled = Revision.page_revisions.filter(
        approved_go_live_at__isnull=False,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return (
        editable_pages(user)
        .filter(has_unpublished_changes=True)
        .filter(Q(owner=user) | Q(latest_revision__user=user))
        .exclude(Exists(in_workflow))
        .exclude(Exists(scheduled))
    )


def my_pages(user, limit=SHOWN):
    """The user's pages in progress: those returned for changes first (with the reviewer and
    the comment), then those waiting in review, the longest waiting first, then the user's
    drafts, the latest edited first; and how many of each (``counts``). Five queries."""
    states = WorkflowState.objects.filter(
        requested_by=user,
        status__in=[WorkflowState.STATUS_NEEDS_CHANGES, WorkflowState.STATUS_IN_PROGRESS],
        base_content_type=_page_content_type(),
    )
    counts = states.aggregate(
        returned=Count("pk", filter=Q(status=WorkflowState.STATUS_NEEDS_CHANGES)),
        in_review=Count("pk", filter=Q(status=WorkflowState.STATUS_IN_PROGRESS)),
    )
    returned_first = Case(
        When(status=WorkflowState.STATUS_NEEDS_CHANGES, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    rows = list(
        states.select_related("current_task_state__task", "current_task_state__finished_by")
        .annotate(returned_first=returned_first)
        .order_by("returned_first", "current_task_state__started_at", "pk")[:limit]
    )
    pages = _pages_by_id(rows)
    items = [
        MyPage(
            pages[int(row.object_id)],
            MyPage.RETURNED
            if row.status == WorkflowState.STATUS_NEEDS_CHANGES
            else MyPage.IN_REVIEW,
            row,
        )
        for row in rows
        if int(row.object_id) in pages
    ]
    drafts = my_drafts(user)
    counts["drafts"] = drafts.count()
    # Always the same query, even when the workflows fill the panel.
    latest = drafts.select_related("locale").order_by("-latest_revision_created_at", "-pk")
    items += [MyPage(page, MyPage.DRAFT) for page in latest[:limit]]
    return Listing(items[:limit], sum(counts.values()), counts)


def unanswered_searches(user, now=None, limit=SHOWN):
    """The searches that found nothing in the last seven days, the most frequent first, for
    the users who may read the report of them (two queries); empty for others."""
    if not user.has_perm("portal.view_unansweredsearch"):
        return Listing()
    since = (now or timezone.now()) - SEARCH_WEEK
    searches = UnansweredSearch.objects.filter(last_seen__gte=since)
    items = list(searches.order_by("-hits", "-last_seen", "query_string")[:limit])
    names = dict(settings.LANGUAGES)
    for search in items:
        search.language_name = names.get(search.language, search.language)
    return Listing(items, searches.count())


@dataclass(frozen=True)
class StaleTranslation:
    """A translation whose source page has been published since the translation last
    took its content."""

    page: Page
    source: Page | None


def translations_to_update(user, limit=SHOWN):
    """The translations the user may edit whose source has changed since they last took its
    content, the most out of date first (three queries)."""
    stale = stale_translations(editable_pages(user))
    count = stale.count()
    rows = list(stale.select_related("locale")[:limit])
    sources = Page.objects.select_related("locale").in_bulk({row.source_page_id for row in rows})
    return Listing([StaleTranslation(row, sources.get(row.source_page_id)) for row in rows], count)
