"""The calendar on the dashboard: upcoming events that readers of the English site miss."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from portal.dashboard import SHOWN, Listing

from .events.listings import first_matching, schedule_rows
from .events.models import EventPage

ENGLISH = "en"


@dataclass(frozen=True)
class UntranslatedEvent:
    """An upcoming event of the Russian calendar with no live English version."""

    page: EventPage
    occurrence: object  # the next occurrence (news.events.recurrence.Occurrence)
    english: Page | None  # the English version, not live; None when there is none
    can_edit: bool
    can_edit_english: bool


def upcoming_without_english(user, now=None, limit=SHOWN):
    """The calendar's upcoming Russian events (live, public, not over: the calendar's own
    rule) that have no English version or only an unpublished one, the soonest first.

    A user who may start translations (``wagtail_localize.submit_translation``) sees them
    all; others see the events they may edit. Four queries (and one for the private
    sections), whatever the number of events."""
    now = now or timezone.now()
    policy = PagePermissionPolicy()
    english_live = Page.objects.filter(locale__language_code=ENGLISH, live=True)
    events = (
        EventPage.objects.live()
        .public()
        .filter(locale__language_code=settings.LANGUAGE_CODE)
        .exclude(translation_key__in=english_live.values("translation_key"))
        .upcoming(now)
    )
    if not user.has_perm("wagtail_localize.submit_translation"):
        events = events.filter(pk__in=policy.instances_user_has_permission_for(user, "change"))
    found = [first_matching(row, now) for row in schedule_rows(events)]
    found = sorted((o for o in found if o is not None), key=lambda o: o.sort_key)
    shown = found[:limit]
    pages = EventPage.objects.select_related("locale").in_bulk([o.event.pk for o in shown])
    keys = [page.translation_key for page in pages.values()]
    english = {
        page.translation_key: page
        for page in Page.objects.filter(locale__language_code=ENGLISH, translation_key__in=keys)
    }
    items = []
    for occurrence in shown:
        page = pages.get(occurrence.event.pk)
        if page is None:
            continue
        translation = english.get(page.translation_key)
        items.append(
            UntranslatedEvent(
                page=page,
                occurrence=occurrence,
                english=translation,
                can_edit=policy.user_has_permission_for_instance(user, "change", page),
                can_edit_english=translation is not None
                and policy.user_has_permission_for_instance(user, "change", translation),
            )
        )
    return Listing(items, len(found))
