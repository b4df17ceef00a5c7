from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from wagtail.signals import page_published, page_unpublished

        from portal.models import City

        from . import views
        from .events import views as event_views
        from .models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
        from .signals import (
            drop_occurrences,
            prepare_renditions,
            refresh_event_instants,
            store_display_date,
            store_occurrences,
        )

        NewsIndexPage.views = views
        EventIndexPage.views = EventPage.views = event_views

        page_published.connect(
            prepare_renditions, sender=NewsPage, dispatch_uid="news_prepare_renditions"
        )
        page_published.connect(
            store_display_date, sender=NewsPage, dispatch_uid="news_store_display_date"
        )
        post_save.connect(
            store_occurrences, sender=EventPage, dispatch_uid="news_store_occurrences"
        )
        page_unpublished.connect(
            drop_occurrences, sender=EventPage, dispatch_uid="news_drop_occurrences"
        )
        post_save.connect(
            refresh_event_instants, sender=City, dispatch_uid="news_refresh_event_instants"
        )
