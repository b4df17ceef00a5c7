from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from . import admin_labels, permissions, ratelimit, site_texts  # noqa: F401 (ratelimit: its checks)
        from .models import City, Format, Organisation, Person, SpaceType, Topic
        from .notifications import replace_wagtail_receivers
        from .translation import machine

        # Moderation e-mails go out from a background task, not in the editor's request.
        replace_wagtail_receivers()

        admin_labels.install()
        site_texts.connect_signals()
        # A reviewer's approval counts as the check of a translation's machine-made strings.
        machine.connect_signals()

        from wagtail.images import get_image_model

        from . import images

        post_save.connect(
            images.prepare_renditions,
            sender=get_image_model(),
            dispatch_uid="portal_prepare_image_renditions",
        )

        from .translation import stale

        # PORTAL_TRANSLATION_AUTO_SYNC: a published source syncs its translations into drafts.
        stale.connect_signals()

        from .sitecache import signals as sitecache_signals

        # The shared work of every page (routing, menu, homes, translations) starts anew.
        sitecache_signals.connect_signals()

        # Before any admin view asks Wagtail's registry (which would make a fallback policy).
        permissions.register_policies()

        from wagtail.documents import get_document_model

        from .models import SiteTexts
        from .pagecache import invalidation

        # The full-page cache: what each page shows, and what a change makes stale.
        invalidation.connect(
            [City, Format, Organisation, Person, SpaceType, Topic, get_document_model()],
            site_wide=[SiteTexts],
        )

        for model in (City, Format, Organisation, Person, SpaceType, Topic):
            post_save.connect(
                reindex_referring_pages,
                sender=model,
                dispatch_uid=f"portal_reindex_{model._meta.model_name}",
            )


def reindex_referring_pages(sender, instance, created=False, raw=False, **kwargs):
    """A renamed taxonomy term is searchable under its new name on every page that shows it."""
    if created or raw:
        return
    from .tasks import reindex_pages_referring_to

    meta = instance._meta
    transaction.on_commit(
        lambda: reindex_pages_referring_to.enqueue(meta.app_label, meta.model_name, instance.pk)
    )
