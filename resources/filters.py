"""The centre and toolkit indexes' filters, declared once: each drives its page, the facet
counts beside every option and (for centres) the map's JSON endpoint.

Facet counts respect the other active filters. They come from one grouped query over the
index's pages (every combination of facet values, counted), kept in the shared cache until the
next publication, and are tallied in Python for each facet given the others. Unknown values
are form errors: the page shows them beside their facet and answers 400, never 500. The
filters know no page models: they list what their index page hands them (``index.centres()``,
``index.toolkits()``).
"""

from django import forms
from django.db.models import BooleanField, Case, Count, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal.listings import ChoiceFacet, ListingFilter, TermFacet, query_value
from portal.models import City, Format, SpaceType
from portal.sitecache import store as sitecache

from .choices import Audience, Difficulty, Sector

PER_PAGE = 24


class FacetedFilter(ListingFilter):
    """A listing whose facets are lists of links, each option with its count; subclasses say
    how to apply and count them (``apply``, ``facet_counts``)."""

    per_page = PER_PAGE
    not_filters = ("sort",)

    def __init__(self, data, *, index):
        super().__init__(data, index=index)
        # Every term of the language is listed anyway: load them once, before cleaning.
        self.terms = {
            name: field.load()
            for name, field in self.fields.items()
            if isinstance(field, TermFacet)
        }

    def by_key(self, name):
        """The terms of a term facet by translation key (to show a page's term localized)."""
        return {term.translation_key: term for term in self.terms[name].values()}

    def choices(self, name):
        if name in self.terms:
            terms = sorted(self.terms[name].values(), key=lambda term: term.name)
            return [(term.slug, term.name) for term in terms]
        return [(value, label) for value, label in self.fields[name].choices if value]

    # What a page is grouped by for the counts: {group key: field or expression}.
    group_by = {}

    def facet_groups(self):
        """Every combination of facet values among the index's pages, with how many pages
        have it (one grouped query, then none until the next publication; read from the
        shared cache once per filter)."""
        if "_facet_groups" not in self.__dict__:

            def build():
                rows = self.base().order_by().values(**self.group_by).annotate(n=Count("pk"))
                return list(rows)

            name = f"facets:{type(self).__name__}:{self.index.pk}"
            self._facet_groups = sitecache.cached(name, build)
        return self._facet_groups

    def group_matches(self, group, name, value):
        """Whether the pages of ``group`` pass the facet ``name`` set to ``value``."""
        raise NotImplementedError

    def groups(self, without=()):
        """The groups passing every active facet but those in ``without``."""
        active = [(name, value) for name, value in self.active.items() if name not in without]
        return [
            group
            for group in self.facet_groups()
            if all(self.group_matches(group, name, value) for name, value in active)
        ]

    def tally(self, without, key):
        """How many pages have each value of ``key``, with every active facet but ``without``."""
        counts = {}
        for group in self.groups({without}):
            counts[group[key]] = counts.get(group[key], 0) + group["n"]
        return counts

    def count(self):
        """How many pages the listing shows, from the groups (no query)."""
        return sum(group["n"] for group in self.groups())

    def options(self, name, counts):
        """Each choice of a facet with its count and a link that toggles it."""
        selected = query_value(self.fields[name], self.active.get(name))
        options = []
        for value, label in self.choices(name):
            count = counts.get(value, 0)
            if not count and value != selected:
                continue
            options.append(
                {
                    "value": value,
                    "label": label,
                    "count": count,
                    "selected": value == selected,
                    "params": self.params(**{name: None if value == selected else value}),
                }
            )
        return options

    def facet_lists(self):
        """What the page shows beside the listing: each facet, its options and its errors."""
        counts = self.facet_counts()
        return [
            {
                "name": name,
                "label": self.fields[name].label,
                "field": self[name],
                "options": self.options(name, counts[name]),
            }
            for name in self.facets
        ]

    def listed(self):
        return self.apply(self.base())


class CentreFilter(FacetedFilter):
    space_type = TermFacet(
        SpaceType, label=_("Space type"), unknown=_("There is no such space type: “%(value)s”.")
    )
    sector = ChoiceFacet(
        label=_("Sector"),
        unknown=_("There is no such sector: “%(value)s”."),
        choices=Sector.choices,
    )
    region = ChoiceFacet(label=_("Region"), unknown=_("There is no such region: “%(value)s”."))
    city = TermFacet(City, label=_("City"), unknown=_("There is no such city: “%(value)s”."))
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        initial="name",
        choices=[
            ("name", _("by name")),
            ("founded", _("oldest first")),
            ("-founded", _("newest first")),
        ],
        error_messages={"invalid_choice": _("Centres cannot be sorted by “%(value)s”.")},
    )

    def __init__(self, data, *, index):
        super().__init__(data, index=index)
        self.space_types = self.by_key("space_type")
        self.cities = self.by_key("city")
        regions = sorted({c.region for c in self.cities.values() if c.region})
        self.fields["region"].choices = [(region, region) for region in regions]

    def apply(self, queryset, without=()):
        active = {name: value for name, value in self.active.items() if name not in without}
        if "space_type" in active:
            queryset = queryset.filter(
                space_type__translation_key=active["space_type"].translation_key
            )
        if "sector" in active:
            queryset = queryset.filter(sector=active["sector"])
        if "region" in active:
            keys = [k for k, c in self.cities.items() if c.region == active["region"]]
            queryset = queryset.filter(city__translation_key__in=keys)
        if "city" in active:
            queryset = queryset.filter(city__translation_key=active["city"].translation_key)
        return queryset

    def base(self):
        return self.index.centres()

    def filtered(self):
        sort = self.values.get("sort") or "name"
        order = {
            "name": ["title", "pk"],
            "founded": [F("year_founded").asc(nulls_last=True), "title", "pk"],
            "-founded": [F("year_founded").desc(nulls_last=True), "title", "pk"],
        }[sort]
        return self.listed().for_listing().order_by(*order)

    group_by = {
        "g_type": F("space_type__translation_key"),
        "g_sector": F("sector"),
        "g_city": F("city__translation_key"),
    }

    def group_matches(self, group, name, value):
        if name == "space_type":
            return group["g_type"] == value.translation_key
        if name == "sector":
            return group["g_sector"] == value
        if name == "region":
            city = self.cities.get(group["g_city"])
            return city is not None and city.region == value
        return group["g_city"] == value.translation_key

    def facet_counts(self):
        by_type = self.tally("space_type", "g_type")
        by_city = self.tally("city", "g_city")
        by_city_for_region = self.tally("region", "g_city")
        regions = {}
        for key, count in by_city_for_region.items():
            if key in self.cities and self.cities[key].region:
                region = self.cities[key].region
                regions[region] = regions.get(region, 0) + count
        return {
            "space_type": {
                self.space_types[k].slug: n for k, n in by_type.items() if k in self.space_types
            },
            "sector": self.tally("sector", "g_sector"),
            "region": regions,
            "city": {self.cities[k].slug: n for k, n in by_city.items() if k in self.cities},
        }

    def decorate(self, centres):
        """Show each centre's space type and city in the reader's language (no query)."""
        for centre in centres:
            centre.localized_space_type = centre.space_type and self.space_types.get(
                centre.space_type.translation_key, centre.space_type
            )
            centre.localized_city = centre.city and self.cities.get(
                centre.city.translation_key, centre.city
            )
        return centres

    def sort_options(self):
        current = self.values.get("sort") or "name"
        return [
            {"label": label, "selected": value == current, "params": self.params(sort=value)}
            for value, label in self.fields["sort"].choices
        ]

    def markers(self, request):
        centres = self.decorate(
            list(self.filtered().filter(latitude__isnull=False, longitude__isnull=False))
        )
        return [
            {
                "title": centre.title,
                "url": centre.get_url(request),
                "lat": float(centre.latitude),
                "lng": float(centre.longitude),
                "type": str(centre.localized_space_type or ""),
                "city": str(centre.localized_city or ""),
            }
            for centre in centres
        ]


BUDGETS = [
    # value, label, lower bound (exclusive), upper bound (inclusive), in roubles
    ("small", _("up to 50,000 ₽"), None, 50_000),
    ("medium", _("50,000–300,000 ₽"), 50_000, 300_000),
    ("large", _("over 300,000 ₽"), 300_000, None),
]


def budget_q(value):
    """Toolkits whose budget range overlaps the bracket ``value``."""
    _value, _label, above, up_to = next(b for b in BUDGETS if b[0] == value)
    condition = Q(budget_low__isnull=False)
    if above is not None:
        condition &= Q(budget_high__gt=above)
    if up_to is not None:
        condition &= Q(budget_low__lte=up_to)
    return condition


class ToolkitFilter(FacetedFilter):
    format = TermFacet(
        Format, label=_("Format type"), unknown=_("There is no such format type: “%(value)s”.")
    )
    audience = ChoiceFacet(
        label=_("Audience"),
        unknown=_("There is no such audience: “%(value)s”."),
        choices=Audience.choices,
    )
    budget = ChoiceFacet(
        label=_("Budget"),
        unknown=_("There is no such budget range: “%(value)s”."),
        choices=[(value, label) for value, label, *_bounds in BUDGETS],
    )
    difficulty = ChoiceFacet(
        label=_("Difficulty"),
        unknown=_("There is no such difficulty: “%(value)s”."),
        choices=Difficulty.choices,
    )

    def __init__(self, data, *, index):
        super().__init__(data, index=index)
        self.formats = self.by_key("format")

    def base(self):
        return self.index.toolkits().annotate(
            budget_low=Coalesce("budget_min", "budget_max"),
            budget_high=Coalesce("budget_max", "budget_min"),
        )

    def apply(self, queryset, without=()):
        active = {name: value for name, value in self.active.items() if name not in without}
        if "format" in active:
            queryset = queryset.filter(
                format_type__translation_key=active["format"].translation_key
            )
        if "audience" in active:
            queryset = queryset.filter(audience=active["audience"])
        if "budget" in active:
            queryset = queryset.filter(budget_q(active["budget"]))
        if "difficulty" in active:
            queryset = queryset.filter(difficulty=active["difficulty"])
        return queryset

    def filtered(self):
        return self.listed().for_listing().order_by("title", "pk")

    group_by = {
        "g_format": F("format_type__translation_key"),
        "g_audience": F("audience"),
        "g_difficulty": F("difficulty"),
        # A budget range may overlap several brackets: a flag for each.
        **{
            f"g_budget_{value}": Case(
                When(budget_q(value), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
            for value, *_rest in BUDGETS
        },
    }

    def group_matches(self, group, name, value):
        if name == "format":
            return group["g_format"] == value.translation_key
        if name == "budget":
            return group[f"g_budget_{value}"]
        return group[f"g_{name}"] == value

    def facet_counts(self):
        by_format = self.tally("format", "g_format")
        groups = self.groups({"budget"})
        budgets = {
            value: sum(group["n"] for group in groups if group[f"g_budget_{value}"])
            for value, *_rest in BUDGETS
        }
        return {
            "format": {self.formats[k].slug: n for k, n in by_format.items() if k in self.formats},
            "audience": self.tally("audience", "g_audience"),
            "budget": budgets,
            "difficulty": self.tally("difficulty", "g_difficulty"),
        }

    def decorate(self, toolkits):
        for toolkit in toolkits:
            toolkit.localized_format_type = toolkit.format_type and self.formats.get(
                toolkit.format_type.translation_key, toolkit.format_type
            )
        return toolkits
