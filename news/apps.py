from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail.signals import page_published

        from portal.models import City

        from .models import NewsPage

        page_published.connect(
            prepare_renditions, sender=NewsPage, dispatch_uid="news_prepare_renditions"
        )
        post_save.connect(
            refresh_event_instants, sender=City, dispatch_uid="news_refresh_event_instants"
        )


def prepare_renditions(sender, instance, **kwargs):
    """Once a news item is published, make its image's renditions in the background."""
    from portal.tasks import generate_renditions

    from .models.articles import RENDITIONS

    if instance.lead_image_id:
        image_id = instance.lead_image_id
        transaction.on_commit(lambda: generate_renditions.enqueue(image_id, list(RENDITIONS)))


def refresh_event_instants(sender, instance, raw=False, **kwargs):
    """A city's new time zone moves the instants of the events that keep to the city's zone.

    Events store the UTC start and end of their series for filtering and ordering; those with an
    empty zone of their own take the city's, so its change must be written through to them.
    """
    if raw:
        return
    from .models import EventPage

    for event in EventPage.objects.filter(city=instance, time_zone="").select_related("city"):
        event.save(update_fields=["starts_at", "ends_at"], clean=False)
