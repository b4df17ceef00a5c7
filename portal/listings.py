"""One base for every filtered listing: news, the calendar, centres, toolkits and site search.

A listing filter is a GET form. Its page hands it what it lists (the index page, whose methods
return the querysets), the form cleans every parameter, and the page renders. The convention:

- a bad page number is not an error: ``Paginator.get_page()`` turns junk into a page;
- any other bad value is a field error; the page answers 400 with its own template, its filter
  form, each message beside its field and a summary at the top (``components/form_errors.html``
  and ``components/field_errors.html``);
- facets are declared once, as fields: ``TermFacet`` for a translatable snippet named by its
  slug (city, format, topic …), ``ChoiceFacet`` for a fixed list of values;
- free text goes through one cleaner (``clean_query``) and one field (``QueryField``);
- links back to the listing come from ``params()`` (``{% querystring params … %}`` in the
  templates): valid values only, so a bad value never travels on to the next page; links into
  a listing from another page use ``{% listing_url index name=value %}`` (``with_query``).
"""

import datetime
import re
import unicodedata

from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from portal.pagecache import collector as page_cache

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12

# Control characters (NUL included) and everything PostgreSQL's tsquery parser or SQLite's FTS5
# read as syntax. Words are what readers mean; operators are what break backends.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SYNTAX = re.compile(r"[&|!:*()'\"\\<>~^@+=\-\[\]{}.,;?/#%$`_№«»„“”]+")


def plain_words(raw):
    """The words of ``raw``: control characters and search operators become spaces."""
    text = unicodedata.normalize("NFKC", raw or "")
    return _SYNTAX.sub(" ", _CONTROL.sub(" ", text)).split()


def clean_query(raw):
    """``(query, shortened)``: plain words, at most MAX_QUERY_WORDS of them and
    MAX_QUERY_LENGTH characters; ``shortened`` says something was left out."""
    words = plain_words(raw)
    shortened = len(words) > MAX_QUERY_WORDS
    text = " ".join(words[:MAX_QUERY_WORDS])
    if len(text) > MAX_QUERY_LENGTH:
        shortened = True
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
    return text, shortened


class CleanedQuery(str):
    """A cleaned query; ``shortened`` says words past the limits were left out."""

    shortened = False


class QueryField(forms.CharField):
    """Free text, cleaned by ``clean_query``. Text longer than ``max_length`` once cleaned (its
    first MAX_QUERY_WORDS words) is an error; below that, extra words are dropped and the
    cleaned value says so (``shortened``)."""

    default_error_messages = {
        "max_length": _("The search text is too long: %(limit_value)d characters at most.")
    }

    def __init__(self, *, max_length=MAX_QUERY_LENGTH, **kwargs):
        kwargs.setdefault("required", False)
        # ``max_length`` is the field's (templates read ``field.max_length``) and the widget's.
        super().__init__(strip=False, max_length=max_length, **kwargs)
        # The length is checked once cleaned (``validate``); NUL bytes are dropped with the other
        # control characters, not refused.
        self.validators = []

    def to_python(self, value):
        return value if isinstance(value, str) else ""

    def validate(self, value):
        super().validate(value)
        length = len(" ".join(plain_words(value)[:MAX_QUERY_WORDS]))
        if length > self.max_length:
            raise forms.ValidationError(
                self.error_messages["max_length"],
                code="max_length",
                params={"limit_value": self.max_length},
            )

    def clean(self, value):
        value = super().clean(value)
        text, shortened = clean_query(value)
        query = CleanedQuery(text)
        query.shortened = shortened
        return query


class PageNumberField(forms.Field):
    """Any page value is accepted: Paginator.get_page() turns junk into the first or last page."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        return (value if isinstance(value, str) else "").replace("\x00", "")[:20]


class Facet:
    """Marks a field as a facet: a value readers pick from a list, shown with counts."""


class TermFacet(Facet, forms.SlugField):
    """A facet naming a term of ``model`` (a translatable snippet) by its slug, looked up in the
    listing's language: cleans to the term, or says ``unknown`` (which may use ``%(value)s``).

    ``any_language`` accepts a slug of another language's term too (links from pages whose
    terms have no translation yet); ``localized=False`` is for models without a locale (tags).
    """

    def __init__(
        self,
        model,
        *,
        label,
        unknown,
        any_language=False,
        localized=True,
        max_length=120,
        **kwargs,
    ):
        kwargs.setdefault("required", False)
        super().__init__(label=label, max_length=max_length, **kwargs)
        self.model, self.unknown = model, unknown
        self.any_language, self.localized = any_language, localized
        self.locale = None  # set by the filter
        self.known = None  # {slug: term}, when the filter has loaded the terms anyway

    def load(self):
        """Load every term of the listing's language once; ``clean`` then needs no query."""
        if self.known is None:
            # The page offers every term: a new one changes it (the full-page cache).
            page_cache.record(page_cache.all_tag(self.model))
            self.known = {term.slug: term for term in self.terms()}
        return self.known

    def terms(self):
        """Every term of the listing's language."""
        terms = self.model.objects.all()
        return terms.filter(locale=self.locale) if self.localized else terms

    def clean(self, value):
        slug = super().clean(value)
        if not slug:
            return None
        if self.known is not None:
            found = self.known.get(slug)
        else:
            found = self.terms().filter(slug=slug).first()
        if found is None and self.any_language:
            found = self.model.objects.filter(slug=slug).first()
        if found is None:
            raise forms.ValidationError(self.unknown, code="unknown", params={"value": slug})
        return found

    def query_value(self, term):
        return term.slug


class ChoiceFacet(Facet, forms.ChoiceField):
    """A facet with a fixed list of values (``TextChoices``, brackets, regions)."""

    def __init__(self, *, label, unknown=None, choices=(), **kwargs):
        kwargs.setdefault("required", False)
        messages = {"invalid_choice": unknown} if unknown else {}
        super().__init__(label=label, choices=choices, error_messages=messages, **kwargs)


class Counted:
    """Items whose number is already known (a facet count, the shared cache): a paginator
    reads ``count()`` instead of asking the database again."""

    def __init__(self, items, number):
        self.items, self.number = items, number

    def count(self):
        return self.number

    def __len__(self):
        return self.number

    def __getitem__(self, key):
        return self.items[key]


def query_value(field, value):
    """How a cleaned value travels in a link: a slug, an ISO date, "on", or the text itself."""
    if value is None or value is False or value == "":
        return None
    if hasattr(field, "query_value"):
        return field.query_value(value)
    if value is True:
        return "on"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def with_query(url, params=None, **values):
    """``url`` with the query string of ``params`` (a ``QueryDict``) and ``values``; just ``url``
    when there is nothing to add. For links built outside a template (``{% querystring %}``
    does it in one) and links into a listing from another page (``{% listing_url %}``)."""
    query = params.copy() if params is not None else QueryDict(mutable=True)
    for name, value in values.items():
        if value is None or value == "":
            query.pop(name, None)
        else:
            query[name] = str(value)
    return f"{url}?{query.urlencode()}" if query else url


class ListingFilter(forms.Form):
    """The base of every listing's filter.

    Subclasses declare their fields (facets included) and read their querysets from
    ``self.index``. ``params()`` gives the valid values back for links;
    ``is_filtered`` says whether anything narrows the listing; ``paginate()`` pages a queryset.
    """

    page = PageNumberField()
    # Fields left out of links unless asked for (``page`` always: each link names its page).
    query_exclude = ()
    # Fields that order rather than narrow the listing.
    not_filters = ()

    def __init__(self, data=None, *, index=None, locale=None, auto_id="id_%s"):
        super().__init__(data if data is not None else {}, auto_id=auto_id)
        self.index = index
        self.locale = locale or getattr(index, "locale", None)
        for field in self.fields.values():
            if isinstance(field, TermFacet):
                field.locale = self.locale
        if data is not None:
            page_cache.record_filter(self)

    @property
    def facets(self):
        return [name for name, field in self.fields.items() if isinstance(field, Facet)]

    @property
    def values(self):
        """The cleaned values (only the valid ones when the form has errors)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data

    @property
    def active(self):
        """The valid, non-empty facet values."""
        return {name: self.values[name] for name in self.facets if self.values.get(name)}

    def params(self, **overrides):
        """A ``QueryDict`` of the valid values, for ``{% querystring %}``; an override of None
        drops a parameter, any other value replaces it."""
        params = QueryDict(mutable=True)
        for name, field in self.fields.items():
            if name == "page" or name in self.query_exclude:
                continue
            value = query_value(field, self.values.get(name))
            if value is not None and value != field.initial:
                params[name] = value
        for name, value in overrides.items():
            if value is None or value == "":
                params.pop(name, None)
            else:
                params[name] = str(value)
        return params

    @property
    def is_filtered(self):
        return any(name not in self.not_filters for name in self.params())

    def canonical_query(self):
        """``{name: value}`` of the valid values as a link would write them (``page`` aside):
        the query strings the full-page cache may store a copy of the page for."""
        values = {}
        for name, field in self.fields.items():
            if name != "page":
                value = query_value(field, self.values.get(name))
                if value is not None:
                    values[name] = value
        return values

    def paginate(self, items, per_page):
        """``(page_obj, elided_pages)``: "abc" gives the first page, 99999 the last."""
        paginator = Paginator(items, per_page)
        page_obj = paginator.get_page(self.values.get("page"))
        page_cache.record_page_number(page_obj.number)
        elided = paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
        return page_obj, elided

    def messages(self):
        """Every error message, as text (the JSON endpoints' answer)."""
        return [str(error) for errors in self.errors.values() for error in errors]
