"""Factories of the shared taxonomies in portal.models that more than one section links to."""

import factory

from portal.models import City, Format, Organisation


class CityFactory(factory.django.DjangoModelFactory):
    """A city with a region; its time zone is the model's default, Europe/Moscow."""

    name = factory.Sequence(lambda n: f"Город {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    region = factory.Sequence(lambda n: f"Область {n}")

    class Meta:
        model = City


class FormatFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Формат {n}")
    slug = factory.Sequence(lambda n: f"format-{n}")

    class Meta:
        model = Format


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Организация {n}")

    class Meta:
        model = Organisation
