"""The portal's shared taxonomies: translatable snippets used by every section.

Each is translatable from its first migration. Names and descriptions are translated; slugs,
coordinates and time zones are the same in every language (synchronised).

Who changes a term depends on its language as well as on the model's permissions: the terms of
a language are changed by who writes that language's pages (portal.permissions).
"""

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .mixins import GeoPointFields


def validate_time_zone(value):
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name. Use an IANA name such as Europe/Moscow."),
            params={"value": value},
        )


class TaxonomyTerm(TranslatableMixin, index.Indexed, models.Model):
    """A named term with a URL slug shared by its translations (used in filter URLs)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        allow_unicode=False,
        help_text=_(
            "Latin letters, digits and hyphens; used in filter links. Same in every language."
        ),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("slug"),
    ]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(TaxonomyTerm):
    """A subject area of the portal: urban environment, creative economy, NGOs …"""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_topic_slug_per_locale")
        ]


class Format(TaxonomyTerm):
    """A replicable format (festival, co-design workshop, open call …): toolkits and events."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("format")
        verbose_name_plural = _("formats")
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_format_slug_per_locale")
        ]


class SpaceType(TaxonomyTerm):
    """The kind of a public space: community cultural centre, coworking, creative cluster …"""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("space type")
        verbose_name_plural = _("space types")
        constraints = [
            models.UniqueConstraint(
                fields=["slug", "locale"], name="unique_spacetype_slug_per_locale"
            )
        ]


class City(TranslatableMixin, GeoPointFields, index.Indexed, models.Model):
    """A city with its region, time zone and coordinates (events take their zone from it)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, allow_unicode=False)
    region = models.CharField(_("region"), max_length=120, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Moscow",
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Europe/Moscow, Asia/Yekaterinburg, Asia/Vladivostok."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("region"),
        FieldPanel("time_zone"),
        GeoPointFields.geo_point_panel(heading=_("Coordinates")),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.SearchField("region"),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("region"),
        SynchronizedField("slug"),
        SynchronizedField("time_zone"),
        SynchronizedField("latitude"),
        SynchronizedField("longitude"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_city_slug_per_locale")
        ]

    def __str__(self):
        return self.name


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """An organiser, publisher or operator, e.g. the union of creative clusters."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("logo"),
    ]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("description"),
        SynchronizedField("website"),
        SynchronizedField("logo"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(TranslatableMixin, index.Indexed, models.Model):
    """An author of news or a contact person at a centre."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    bio = models.TextField(_("short biography"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo")]

    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.FilterField("locale_id"),
    ]

    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("role"),
        TranslatableField("bio"),
        SynchronizedField("photo"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name
