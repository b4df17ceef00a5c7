"""The centre and toolkit indexes' filters, declared once: each drives its page, the facet
counts beside every option and (for centres) the map's JSON endpoint.

Facet counts respect the other active filters and cost one query per facet, however many
options or pages there are. Unknown values are form errors: the page says what was wrong and
answers 400, never 500.
"""

from django import forms
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from portal.models import City, Format, SpaceType

from .models import Audience, CentrePage, Difficulty, Sector, ToolkitPage

PER_PAGE = 24


class PageNumberField(forms.Field):
    """Any page value is accepted: Paginator.get_page() turns junk into the first or last page."""

    def clean(self, value):
        return (value or "").replace("\x00", "")[:20]


def choice_field(label, invalid):
    return forms.ChoiceField(
        label=label, required=False, error_messages={"invalid_choice": invalid}
    )


class FacetedFilter(forms.Form):
    """A listing filter whose facets are ``ChoiceField``s; subclasses say how to count them."""

    page = PageNumberField(required=False)
    facets = ()  # names of the choice fields shown with counts

    def __init__(self, data, *, index):
        super().__init__(data)
        self.index = index
        self.locale = index.locale

    def error_messages(self):
        return [str(error) for errors in self.errors.values() for error in errors]

    @property
    def active(self):
        """The valid, non-empty filter values (invalid ones are dropped, not applied)."""
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in self.facets if cleaned.get(name)}

    def query_string(self, **overrides):
        params = {**self.active, **overrides}
        sort = self.cleaned_data.get("sort") if "sort" in self.fields else None
        if sort and "sort" not in overrides and sort != self.fields["sort"].initial:
            params["sort"] = sort
        return urlencode({key: value for key, value in params.items() if value})

    def options(self, name, counts):
        """Each choice of a facet with its count and a link that toggles it."""
        selected = self.active.get(name)
        options = []
        for value, label in self.fields[name].choices:
            if not value:
                continue
            count = counts.get(value, 0)
            if not count and value != selected:
                continue
            options.append(
                {
                    "value": value,
                    "label": label,
                    "count": count,
                    "selected": value == selected,
                    "query": self.query_string(**{name: None if value == selected else value}),
                }
            )
        return options

    def paginate(self, queryset):
        paginator = Paginator(queryset, PER_PAGE)
        # get_page: "abc" gives the first page, 99999 the last; never an exception.
        page_obj = paginator.get_page(self.cleaned_data.get("page"))
        return paginator, page_obj

    def context(self, request):
        self.is_valid()  # invalid values are reported on the page and ignored
        listing = self.filtered()
        paginator, page_obj = self.paginate(listing)
        counts = self.facet_counts()
        return {
            "page": self.index,
            "self": self.index,
            "filter": self,
            "errors": self.error_messages(),
            "page_obj": page_obj,
            "items": self.decorate(list(page_obj.object_list)),
            "elided_pages": paginator.get_elided_page_range(
                page_obj.number, on_each_side=2, on_ends=1
            ),
            "facets": [
                {
                    "name": name,
                    "label": self.fields[name].label,
                    "options": self.options(name, counts[name]),
                }
                for name in self.facets
            ],
            "query_string": self.query_string(),
            "is_filtered": bool(self.active),
        }


class CentreFilter(FacetedFilter):
    space_type = choice_field(_("Space type"), _("There is no such space type: “%(value)s”."))
    sector = choice_field(_("Sector"), _("There is no such sector: “%(value)s”."))
    region = choice_field(_("Region"), _("There is no such region: “%(value)s”."))
    city = choice_field(_("City"), _("There is no such city: “%(value)s”."))
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
    facets = ("space_type", "sector", "region", "city")

    def __init__(self, data, *, index):
        super().__init__(data, index=index)
        self.space_types = {
            t.translation_key: t for t in SpaceType.objects.filter(locale=self.locale)
        }
        self.cities = {c.translation_key: c for c in City.objects.filter(locale=self.locale)}
        self.fields["space_type"].choices = [
            (t.slug, t.name) for t in sorted(self.space_types.values(), key=lambda t: t.name)
        ]
        self.fields["sector"].choices = Sector.choices
        self.fields["city"].choices = [
            (c.slug, c.name) for c in sorted(self.cities.values(), key=lambda c: c.name)
        ]
        regions = sorted({c.region for c in self.cities.values() if c.region})
        self.fields["region"].choices = [(region, region) for region in regions]

    def _key(self, terms, slug):
        return next(key for key, term in terms.items() if term.slug == slug)

    def apply(self, queryset, without=()):
        active = {name: value for name, value in self.active.items() if name not in without}
        if "space_type" in active:
            key = self._key(self.space_types, active["space_type"])
            queryset = queryset.filter(space_type__translation_key=key)
        if "sector" in active:
            queryset = queryset.filter(sector=active["sector"])
        if "region" in active:
            keys = [k for k, c in self.cities.items() if c.region == active["region"]]
            queryset = queryset.filter(city__translation_key__in=keys)
        if "city" in active:
            queryset = queryset.filter(city__translation_key=self._key(self.cities, active["city"]))
        return queryset

    def base(self):
        return CentrePage.objects.child_of(self.index).visible(self.locale)

    def filtered(self):
        sort = self.cleaned_data.get("sort") or "name"
        order = {
            "name": ["title", "pk"],
            "founded": [F("year_founded").asc(nulls_last=True), "title", "pk"],
            "-founded": [F("year_founded").desc(nulls_last=True), "title", "pk"],
        }[sort]
        return self.apply(self.base()).for_listing().order_by(*order)

    def _grouped(self, without, field):
        rows = self.apply(self.base(), without).order_by().values(field).annotate(n=Count("pk"))
        return {row[field]: row["n"] for row in rows}

    def facet_counts(self):
        by_type = self._grouped({"space_type"}, "space_type__translation_key")
        by_city = self._grouped({"city"}, "city__translation_key")
        by_city_for_region = self._grouped({"region"}, "city__translation_key")
        regions = {}
        for key, count in by_city_for_region.items():
            if key in self.cities and self.cities[key].region:
                region = self.cities[key].region
                regions[region] = regions.get(region, 0) + count
        return {
            "space_type": {
                self.space_types[k].slug: n for k, n in by_type.items() if k in self.space_types
            },
            "sector": self._grouped({"sector"}, "sector"),
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
        current = self.cleaned_data.get("sort") or "name"
        return [
            {"label": label, "selected": value == current, "query": self.query_string(sort=value)}
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
    format = choice_field(_("Format type"), _("There is no such format type: “%(value)s”."))
    audience = choice_field(_("Audience"), _("There is no such audience: “%(value)s”."))
    budget = choice_field(_("Budget"), _("There is no such budget range: “%(value)s”."))
    difficulty = choice_field(_("Difficulty"), _("There is no such difficulty: “%(value)s”."))
    facets = ("format", "audience", "budget", "difficulty")

    def __init__(self, data, *, index):
        super().__init__(data, index=index)
        self.formats = {f.translation_key: f for f in Format.objects.filter(locale=self.locale)}
        self.fields["format"].choices = [
            (f.slug, f.name) for f in sorted(self.formats.values(), key=lambda f: f.name)
        ]
        self.fields["audience"].choices = Audience.choices
        self.fields["budget"].choices = [(value, label) for value, label, *_bounds in BUDGETS]
        self.fields["difficulty"].choices = Difficulty.choices

    def base(self):
        return (
            ToolkitPage.objects.child_of(self.index)
            .visible(self.locale)
            .annotate(
                budget_low=Coalesce("budget_min", "budget_max"),
                budget_high=Coalesce("budget_max", "budget_min"),
            )
        )

    def apply(self, queryset, without=()):
        active = {name: value for name, value in self.active.items() if name not in without}
        if "format" in active:
            key = next(k for k, f in self.formats.items() if f.slug == active["format"])
            queryset = queryset.filter(format_type__translation_key=key)
        if "audience" in active:
            queryset = queryset.filter(audience=active["audience"])
        if "budget" in active:
            queryset = queryset.filter(budget_q(active["budget"]))
        if "difficulty" in active:
            queryset = queryset.filter(difficulty=active["difficulty"])
        return queryset

    def filtered(self):
        return self.apply(self.base()).for_listing().order_by("title", "pk")

    def _grouped(self, without, field):
        rows = self.apply(self.base(), without).order_by().values(field).annotate(n=Count("pk"))
        return {row[field]: row["n"] for row in rows}

    def facet_counts(self):
        by_format = self._grouped({"format"}, "format_type__translation_key")
        budgets = self.apply(self.base(), {"budget"}).aggregate(
            **{value: Count("pk", filter=budget_q(value)) for value, *_rest in BUDGETS}
        )
        return {
            "format": {self.formats[k].slug: n for k, n in by_format.items() if k in self.formats},
            "audience": self._grouped({"audience"}, "audience"),
            "budget": budgets,
            "difficulty": self._grouped({"difficulty"}, "difficulty"),
        }

    def decorate(self, toolkits):
        for toolkit in toolkits:
            toolkit.localized_format_type = toolkit.format_type and self.formats.get(
                toolkit.format_type.translation_key, toolkit.format_type
            )
        return toolkits
