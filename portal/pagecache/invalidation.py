"""What a change makes stale: the generations it moves (and the addresses a CDN forgets).

- a page published, unpublished, moved or deleted: the page and its translations (their
  hreflang links and language switchers name it), the listings of its type in its language
  (``visible()``), for a page at the top of a locale's tree that locale's menu, and for a move
  the pages below it (their addresses changed);
- a snippet, image, document or site setting saved or deleted: that object (a new or deleted
  one also every page that offers all of its kind, e.g. a filter's list of topics);
- a view restriction, a site, a locale or the site-wide texts: every page.

Generations move when the transaction commits, so no reader caches the old state again from
a transaction still open.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail import hooks
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import collector, purge, store

logger = logging.getLogger("portal.pagecache")

# Locale homes sit at depth 2 under Wagtail's root; their children are the main menu.
MENU_DEPTH = 3


def _on_commit(tags, pages=()):
    tags = set(tags)
    if not tags:
        return
    page_ids = list(pages)

    def run():
        try:
            store.bump(tags)
        except Exception:
            # The change is saved; cached copies showing the old state live on until they
            # expire (PORTAL_PAGE_CACHE_SECONDS): logged as an error.
            logger.exception("The page cache could not be told of a change: %s", sorted(tags))
        purge.pages(page_ids)

    transaction.on_commit(run)


def page_tags(page, *, include_descendants=False):
    """The tags a change of ``page`` makes stale, and the ids of the pages whose addresses a
    CDN should forget."""
    specific_class = page.specific_class or type(page)
    translations = list(
        Page.objects.filter(translation_key=page.translation_key).values_list("id", "locale_id")
    )
    ids = {page.pk, *(pk for pk, _locale in translations)}
    if include_descendants:
        ids.update(Page.objects.descendant_of(page).values_list("id", flat=True))
    tags = {collector.page_tag(pk) for pk in ids}
    for cls in specific_class.__mro__:
        if isinstance(cls, type) and issubclass(cls, Page) and not cls._meta.abstract:
            tags.add(collector.listing_tag(cls, page.locale_id))
    if page.depth <= MENU_DEPTH:
        codes = Locale.objects.filter(
            pk__in={page.locale_id, *(locale for _pk, locale in translations)}
        ).values_list("language_code", flat=True)
        tags.update(collector.locale_tag(code) for code in codes)
    parent_id = None
    if page.depth > 1:
        parent = page.get_parent()
        parent_id = parent.pk if parent else None
    return tags, [pk for pk in (*ids, parent_id) if pk is not None]


def page_changed(sender, instance, **kwargs):
    if not enabled():
        return
    tags, pages = page_tags(instance)
    _on_commit(tags, pages)


def page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    if not enabled():
        return
    tags, pages = page_tags(instance, include_descendants=True)
    if parent_page_before is not None:
        pages.append(parent_page_before.pk)
    _on_commit(tags, pages)


def page_deleted(sender, instance, **kwargs):
    if not enabled():
        return
    tags = {collector.page_tag(instance.pk)}
    for cls in type(instance).__mro__:
        if isinstance(cls, type) and issubclass(cls, Page) and not cls._meta.abstract:
            tags.add(collector.listing_tag(cls, instance.locale_id))
    if instance.depth <= MENU_DEPTH:
        tags.update(collector.locale_tag(code) for code, _name in _languages())
    _on_commit(tags)


def _languages():
    return settings.LANGUAGES


def enabled():
    # Where no page is cached (development, most tests) a change has nothing to make stale.
    return settings.PORTAL_PAGE_CACHE


def object_changed(sender, instance, created=False, raw=False, **kwargs):
    if raw or not enabled():
        return
    model = instance._meta.concrete_model
    from wagtail.images.models import AbstractImage

    if isinstance(instance, AbstractImage):
        tags = {collector.image_tag(instance.pk)}
    else:
        tags = {collector.model_tag(model, instance.pk)}
    if created or kwargs.get("signal") is post_delete:
        tags.add(collector.all_tag(model))
    _on_commit(tags)


def everything_changed(sender, raw=False, **kwargs):
    if not raw and enabled():
        _on_commit({store.GLOBAL_TAG})


def record_served_page(page, request, serve_args, serve_kwargs):
    """The page served and its locale (its menu and home) are what the answer shows first."""
    collector.record(collector.page_tag(page.pk))


def connect(models, site_wide=()):
    """Watch ``models`` (snippets, documents, settings; images always) and ``site_wide`` ones
    (whose change shows on every page)."""
    from wagtail.images import get_image_model

    page_published.connect(page_changed, dispatch_uid="portal_pagecache_published")
    page_unpublished.connect(page_changed, dispatch_uid="portal_pagecache_unpublished")
    post_page_move.connect(page_moved, dispatch_uid="portal_pagecache_moved")
    post_delete.connect(_page_deleted_any, dispatch_uid="portal_pagecache_page_deleted")
    for model in [get_image_model(), *models]:
        uid = f"portal_pagecache_{model._meta.label_lower}"
        post_save.connect(object_changed, sender=model, dispatch_uid=uid + "_saved")
        post_delete.connect(object_changed, sender=model, dispatch_uid=uid + "_deleted")
    for model in [PageViewRestriction, Site, Locale, *site_wide]:
        uid = f"portal_pagecache_all_{model._meta.label_lower}"
        post_save.connect(everything_changed, sender=model, dispatch_uid=uid + "_saved")
        post_delete.connect(everything_changed, sender=model, dispatch_uid=uid + "_deleted")
    hooks.register("before_serve_page", record_served_page)
    collector.track([get_image_model(), *models])


def _page_deleted_any(sender, instance, **kwargs):
    # post_delete for every model: only pages (of any type) count here.
    if isinstance(instance, Page):
        page_deleted(sender, instance, **kwargs)
