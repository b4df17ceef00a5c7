"""wagtail-localize's "Convert to alias page" puts the source page's content live on the
translated page's URL at once (the Russian text on the English site), past any review. It is a
publish, so it is offered to, and allowed for, only those who may publish the page; the view in
front of wagtail-localize's own checks that and hands over.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from wagtail.models import Page
from wagtail_localize.views.convert import convert_to_alias as localize_convert_to_alias

MENU_ITEM = "localize-convert-to-alias"


def may_convert(user, page):
    return page.permissions_for_user(user).can_publish()


def convert_to_alias(request, page_id):
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True)
    if not may_convert(request.user, page):
        raise PermissionDenied
    return localize_convert_to_alias(request, page_id)


def hide_convert_for_non_publishers(menu_items, request, context):
    page = context.get("page")
    if page is None or page.pk is None or may_convert(request.user, page):
        return
    menu_items[:] = [item for item in menu_items if item.name != MENU_ITEM]
