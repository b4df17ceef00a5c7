"""The search form: every parameter of /ru/search/ and /en/search/ is read and cleaned here."""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, get_page_models

from portal.listings import ChoiceFacet, ListingFilter, QueryField, clean_query

__all__ = ["SearchForm", "clean_query", "result_types"]

# The search box takes up to this many characters; its first words are searched for.
MAX_TYPED_LENGTH = 1000


@dataclass(frozen=True)
class ResultType:
    """A kind of result readers can filter by; its models may belong to a section not installed."""

    key: str
    label: str
    models: tuple = ()  # "app_label.ModelName"; empty means every other page type

    def page_models(self):
        found = []
        for name in self.models:
            try:
                found.append(apps.get_model(name))
            except LookupError:
                continue
        return found


RESULT_TYPES = (
    ResultType("news", _("News"), ("news.NewsPage",)),
    ResultType("event", _("Events"), ("news.EventPage",)),
    ResultType("centre", _("Centres"), ("resources.CentrePage",)),
    ResultType("toolkit", _("Toolkits"), ("resources.ToolkitPage",)),
    ResultType("page", _("Pages")),
)


class ResultTypes:
    """The result types that exist in this installation, each with its page content types."""

    @cached_property
    def content_types(self):
        claimed = {}
        for result_type in RESULT_TYPES:
            if result_type.models:
                models = result_type.page_models()
                if models:
                    claimed[result_type.key] = models
        taken = {model for models in claimed.values() for model in models}
        others = [model for model in get_page_models() if model not in taken and model is not Page]
        by_key = {**claimed, "page": others}
        return {
            key: [ct.pk for ct in ContentType.objects.get_for_models(*models).values()]
            for key, models in by_key.items()
        }

    def refresh(self):
        """Read the content types again (their ids are the database's: a restored or rebuilt
        database may number them anew)."""
        self.__dict__.pop("content_types", None)
        self.__dict__.pop("available", None)

    @cached_property
    def available(self):
        return [t for t in RESULT_TYPES if t.key in self.content_types]

    def key_for(self, content_type_id):
        """The key of the type a page's content type belongs to, or None (not a result)."""
        for result_type in self.available:
            if int(content_type_id) in self.content_types[result_type.key]:
                return result_type.key
        return None

    def label_for(self, content_type_id):
        for result_type in self.available:
            if content_type_id in self.content_types[result_type.key]:
                return result_type.label
        return RESULT_TYPES[-1].label


result_types = ResultTypes()


class SearchForm(ListingFilter):
    q = QueryField(label=_("Search the portal"), max_length=MAX_TYPED_LENGTH)
    type = ChoiceFacet(label=_("Result type"))

    def __init__(self, data=None):
        super().__init__(data, auto_id="search-page-%s")
        self.fields["type"].choices = [("", _("All"))] + [
            (t.key, t.label) for t in result_types.available
        ]

    @property
    def is_first_page(self):
        return self.cleaned_data.get("page") in ("", "1", None)
