"""Centres and toolkits on the dashboard: the live ones a site manager should look at."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from wagtail.models import Page

from portal.dashboard import SHOWN, Listing, editable_pages
from resources.models.common import STALE_AFTER

ENGLISH = "en"

NEVER_CHECKED = pgettext_lazy("dashboard", "Never checked")
CHECK_DUE = pgettext_lazy("dashboard", "Not checked for a year")
NO_IMAGE = pgettext_lazy("dashboard", "No lead image")
NO_ALT = pgettext_lazy("dashboard", "Lead image without alt text")
NO_COORDINATES = pgettext_lazy("dashboard", "No coordinates: not on the map")
NO_CITY = pgettext_lazy("dashboard", "No city")
NO_FORMAT = pgettext_lazy("dashboard", "No format type")
NO_ENGLISH = pgettext_lazy("dashboard", "No English version")
ENGLISH_UNPUBLISHED = pgettext_lazy("dashboard", "English version not published")


@dataclass(frozen=True)
class ResourceToCheck:
    page: Page
    checked_on: date | None
    reasons: list

    @property
    def kind(self):
        return self.page.content_type.model_class()._meta.verbose_name


def _reasons(page, stale_before):
    reasons = []
    if page.checked_on is None:
        reasons.append(NEVER_CHECKED)
    elif page.checked_on < stale_before:
        reasons.append(CHECK_DUE)
    if page.image_id is None:
        reasons.append(NO_IMAGE)
    elif not page.image_alt:
        reasons.append(NO_ALT)
    if page.centre_ptr is not None:
        if page.centre_latitude is None or page.centre_longitude is None:
            reasons.append(NO_COORDINATES)
        if page.centre_city_id is None:
            reasons.append(NO_CITY)
    elif page.toolkit_format_id is None:
        reasons.append(NO_FORMAT)
    if not page.has_english:
        reasons.append(NO_ENGLISH)
    elif not page.english_live:
        reasons.append(ENGLISH_UNPUBLISHED)
    return reasons


def resources_to_check(user, today=None, limit=SHOWN):
    """The live Russian centres and toolkits the user may edit that need a look, each with
    its reasons: facts not checked for a year (or never: the "checked on" date editors set),
    or something their public pages rely on missing — the lead image of cards, page tops and
    link previews, its alt text, a centre's coordinates (the map) and city (the city filter),
    a toolkit's format (its filter and the events of the format), a live English version.
    The longest unchecked first; two queries."""
    stale_before = (today or timezone.localdate()) - STALE_AFTER
    is_centre = Q(centrepage__isnull=False)
    is_toolkit = Q(toolkitpage__isnull=False)
    english = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=ENGLISH
    )
    pages = (
        editable_pages(user)
        .filter(is_centre | is_toolkit, live=True, locale__language_code=settings.LANGUAGE_CODE)
        .annotate(
            checked_on=Coalesce("centrepage__checked_on", "toolkitpage__checked_on"),
            image_id=Coalesce("centrepage__lead_image_id", "toolkitpage__lead_image_id"),
            image_alt=Coalesce("centrepage__lead_image_alt", "toolkitpage__lead_image_alt"),
            centre_ptr=F("centrepage__page_ptr"),
            centre_latitude=F("centrepage__latitude"),
            centre_longitude=F("centrepage__longitude"),
            centre_city_id=F("centrepage__city_id"),
            toolkit_format_id=F("toolkitpage__format_type_id"),
            has_english=Exists(english),
            english_live=Exists(english.filter(live=True)),
        )
        .filter(
            Q(checked_on__isnull=True)
            | Q(checked_on__lt=stale_before)
            | Q(image_id__isnull=True)
            | Q(image_alt="")
            | (
                is_centre
                & (
                    Q(centrepage__latitude__isnull=True)
                    | Q(centrepage__longitude__isnull=True)
                    | Q(centrepage__city__isnull=True)
                )
            )
            | (is_toolkit & Q(toolkitpage__format_type__isnull=True))
            | Q(english_live=False)
        )
    )
    rows = pages.select_related("locale", "content_type").order_by(
        F("checked_on").asc(nulls_first=True), "title", "pk"
    )[:limit]
    items = [ResourceToCheck(page, page.checked_on, _reasons(page, stale_before)) for page in rows]
    return Listing(items, pages.count())
