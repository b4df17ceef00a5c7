"""What starts a new generation: any change to what the shared work reads."""

from django.db.models.signals import post_delete, post_save

from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    PageViewRestriction,
    Site,
    get_page_models,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from .store import bump_now_and_on_commit


def changed(sender=None, **kwargs):
    if kwargs.get("raw"):
        return
    bump_now_and_on_commit()


def connect_signals():
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(changed, dispatch_uid=f"portal_sitecache_{id(signal)}")
    # A page saved outside a publication (by code, by a move within treebeard, a new tree) or
    # deleted; each page model sends its own signal.
    for model in get_page_models():
        for signal in (post_save, post_delete):
            signal.connect(
                changed,
                sender=model,
                dispatch_uid=f"portal_sitecache_{signal is post_save}_{model._meta.label_lower}",
            )
    for model in (PageViewRestriction, CollectionViewRestriction, Collection, Site, Locale):
        for signal in (post_save, post_delete):
            signal.connect(
                changed,
                sender=model,
                dispatch_uid=f"portal_sitecache_{signal is post_save}_{model._meta.label_lower}",
            )
