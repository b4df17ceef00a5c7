import datetime
import zoneinfo

import factory
import wagtail_factories

from news.models import NewsIndexPage, NewsPage, NewsPageAuthor, NewsPageTopic
from portal.models import Person, Topic

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Новости"
    slug = "novosti"
    live = True

    class Meta:
        model = NewsIndexPage


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Тема {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")

    class Meta:
        model = Topic


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Faker("name", locale="ru_RU")

    class Meta:
        model = Person


class NewsPageFactory(wagtail_factories.PageFactory):
    title = factory.Faker("sentence", nb_words=5, locale="ru_RU")
    lead = factory.Faker("paragraph", locale="ru_RU")
    live = True
    publication_date = factory.Sequence(
        lambda n: datetime.datetime(2026, 1, 1, 10, tzinfo=MOSCOW) + datetime.timedelta(days=n)
    )

    class Meta:
        model = NewsPage
        skip_postgeneration_save = True

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        for topic in extracted or []:
            NewsPageTopic.objects.create(page=self, topic=topic)

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        for person in extracted or []:
            NewsPageAuthor.objects.create(page=self, person=person)
