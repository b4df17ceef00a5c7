"""The search form: every parameter of /ru/search/ and /en/search/ is read and cleaned here."""

import re
import unicodedata
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, get_page_models

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12

# Control characters (NUL included) and everything PostgreSQL's tsquery parser or SQLite's FTS5
# treat as syntax. Words are what readers mean; operators are what break backends.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SYNTAX = re.compile(r"[&|!:*()'\"\\<>~^@+=\-\[\]{}.,;?/#%$`_№«»„“”]+")


def clean_query(raw):
    """``(query, shortened)``: plain words, at most MAX_QUERY_LENGTH characters."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = _SYNTAX.sub(" ", _CONTROL.sub(" ", text))
    words = text.split()
    shortened = len(words) > MAX_QUERY_WORDS
    text = " ".join(words[:MAX_QUERY_WORDS])
    if len(text) > MAX_QUERY_LENGTH:
        shortened = True
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
    return text, shortened


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

    @cached_property
    def available(self):
        return [t for t in RESULT_TYPES if t.key in self.content_types]

    def label_for(self, content_type_id):
        for result_type in self.available:
            if content_type_id in self.content_types[result_type.key]:
                return result_type.label
        return RESULT_TYPES[-1].label


result_types = ResultTypes()


class RawTextField(forms.Field):
    """Takes any text as it came; the form's own clean method makes it safe."""

    def clean(self, value):
        return value if isinstance(value, str) else ""


class PageNumberField(forms.Field):
    """Any page value is accepted: Paginator.get_page() turns junk into the first or last page."""

    def clean(self, value):
        return (value or "").replace("\x00", "")[:20]


class SearchForm(forms.Form):
    q = RawTextField(required=False)
    type = forms.ChoiceField(required=False)
    page = PageNumberField(required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["type"].choices = [("", _("All"))] + [
            (t.key, t.label) for t in result_types.available
        ]
        self.shortened = False

    def clean_q(self):
        # NUL bytes, operators and quotes are dropped rather than refused: a reader who pasted
        # them still gets results for the words around them.
        query, self.shortened = clean_query(self.cleaned_data["q"])
        return query

    @property
    def is_first_page(self):
        return self.cleaned_data.get("page") in ("", "1", None)
