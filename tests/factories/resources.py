import datetime

from django.core.files.base import ContentFile

from wagtail.documents.models import Document
from wagtail.models import Collection

import factory
import wagtail_factories

from portal.models import SpaceType
from resources.models import (
    CentreIndexPage,
    CentrePage,
    ToolkitIndexPage,
    ToolkitPage,
    ToolkitPageCentre,
    ToolkitPageMaterial,
)


class SpaceTypeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Тип {n}")
    slug = factory.Sequence(lambda n: f"space-type-{n}")

    class Meta:
        model = SpaceType


class CentreIndexPageFactory(wagtail_factories.PageFactory):
    title = "Пространства"
    slug = "prostranstva"
    live = True

    class Meta:
        model = CentreIndexPage


class CentrePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Центр {n:03d}")
    summary = factory.Faker("paragraph", locale="ru_RU")
    live = True
    sector = "ngo"
    latitude = factory.Sequence(lambda n: f"{55 + (n % 10) / 10:.6f}")
    longitude = factory.Sequence(lambda n: f"{37 + (n % 10) / 10:.6f}")
    year_founded = factory.Sequence(lambda n: 1990 + n % 30)
    checked_on = factory.LazyFunction(lambda: datetime.date(2026, 9, 1))

    class Meta:
        model = CentrePage


class ToolkitIndexPageFactory(wagtail_factories.PageFactory):
    title = "Форматы"
    slug = "formaty"
    live = True

    class Meta:
        model = ToolkitIndexPage


class ToolkitPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Формат {n:03d}")
    promise = factory.Faker("sentence", locale="ru_RU")
    goal = factory.Faker("paragraph", locale="ru_RU")
    audience = "residents"
    difficulty = "easy"
    budget_min = 10_000
    budget_max = factory.LazyAttribute(lambda o: None if o.budget_min is None else o.budget_min * 2)
    live = True

    class Meta:
        model = ToolkitPage
        skip_postgeneration_save = True

    @factory.post_generation
    def centres(self, create, extracted, **kwargs):
        for number, centre in enumerate(extracted or []):
            ToolkitPageCentre.objects.create(
                page=self, centre=centre, note=f"Итог {number}", sort_order=number
            )

    @factory.post_generation
    def documents(self, create, extracted, **kwargs):
        for number, document in enumerate(extracted or []):
            ToolkitPageMaterial.objects.create(page=self, document=document, sort_order=number)


def steps(count):
    """StreamField data for ``count`` steps, each with a checklist."""
    return [
        (
            "step",
            {
                "title": f"Шаг {number}",
                "description": f"<p>Описание шага {number}.</p>",
                "duration": "неделя",
                "checklist": [f"Пункт {number}.1", f"Пункт {number}.2"],
                "tips": "",
            },
        )
        for number in range(1, count + 1)
    ]


def make_document(title, filename, content, collection=None):
    document = Document(title=title, collection=collection or Collection.get_first_root_node())
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document
