from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from .models import NewsPage

        page_published.connect(
            prepare_renditions, sender=NewsPage, dispatch_uid="news_prepare_renditions"
        )


def prepare_renditions(sender, instance, **kwargs):
    """Once a news item is published, make its image's renditions in the background."""
    from portal.tasks import generate_renditions

    from .models.articles import RENDITIONS

    if instance.lead_image_id:
        image_id = instance.lead_image_id
        transaction.on_commit(lambda: generate_renditions.enqueue(image_id, list(RENDITIONS)))
