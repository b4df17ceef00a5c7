import datetime

import factory
import wagtail_factories

from news.models import EventIndexPage, EventPage, EventPageTopic
from portal.translation.translate import translate_object


def translate_event(page, locale, title, slug=None, **fields):
    """Publish a translation of ``page`` through wagtail-localize, at an English place."""
    fields = {
        "summary": "In English.",
        "place_name": "House of culture",
        "address": "1 Lenin St",
        **fields,
    }
    slug = slug or title.lower().replace(" ", "-")
    return translate_object(page, locale, EventPage(title=title, slug=slug, **fields))


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Афиша"
    slug = "afisha"
    live = True

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    """A one-off two-hour event at a free-text place, ten days from 2026-11-24."""

    title = factory.Sequence(lambda n: f"Событие {n:03d}")
    summary = factory.Faker("sentence", locale="ru_RU")
    live = True
    start_date = datetime.date(2026, 12, 4)
    start_time = datetime.time(19)
    end_time = factory.LazyAttribute(
        lambda o: (
            (
                datetime.datetime.combine(o.start_date, o.start_time) + datetime.timedelta(hours=2)
            ).time()
            if o.start_time
            else None
        )
    )
    place_name = "Дом культуры"
    address = "ул. Ленина, 1"

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        for topic in extracted or []:
            EventPageTopic.objects.create(page=self, topic=topic)
