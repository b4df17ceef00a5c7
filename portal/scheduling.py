"""Scheduled publishing as the team sees it: what is due to go live, and what is overdue.

Wagtail publishes an approved revision whose go-live time has passed when
``publish_scheduled`` runs (every minute: ``make run`` in development, the
``portal-publish-scheduled`` timer in production). A page still waiting after its time means
that nothing ran it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from wagtail.models import Page, Revision
from wagtail.permission_policies.pages import PagePermissionPolicy

SHOWN = 20


@dataclass(frozen=True)
class ScheduledPage:
    page: Page
    go_live_at: datetime
    overdue: bool


def scheduled_pages(user, now=None, limit=SHOWN):
    """(the pages the user may edit that wait for their go-live time, earliest first, so the
    overdue ones lead; how many are overdue). Three queries, whatever the number of pages."""
    now = now or timezone.now()
    revisions = list(
        Revision.page_revisions.filter(approved_go_live_at__isnull=False)
        .order_by("approved_go_live_at")
        .values_list("object_id", "approved_go_live_at")
    )
    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    pages = {
        page.pk: page
        for page in editable.filter(pk__in={int(pk) for pk, _at in revisions}).select_related(
            "locale"
        )
    }
    found = [
        ScheduledPage(pages[int(pk)], at, at <= now) for pk, at in revisions if int(pk) in pages
    ]
    return found[:limit], sum(item.overdue for item in found)
