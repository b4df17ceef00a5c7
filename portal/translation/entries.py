"""What there is to translate: every live page of the original language and every translatable
snippet, each as an ``Entry`` with the state of its translation (``portal.translation.states``).

The report «Статус переводов» lists them; its bulk actions name them by ``Entry.key``
(``page:12``, ``portal.topic:5``), which ``parse_keys()`` reads back. One query for the pages
and one per snippet model, whatever their number.
"""

import re
from dataclasses import dataclass

from django.contrib.admin.utils import quote
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst

from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models

from portal.translation.states import snippet_translation_states, translation_states

PAGE = "page"
KEY = re.compile(r"^(?P<kind>[a-z0-9_]+(?:\.[a-z0-9_]+)?):(?P<pk>[1-9][0-9]{0,18})$")


def translatable_snippet_models():
    """The snippets wagtail-localize translates."""
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def kind_of(model):
    return model._meta.label_lower


def snippet_kinds():
    """{kind: model} for every translatable snippet, by name in the active language."""
    models = sorted(
        translatable_snippet_models(), key=lambda model: str(model._meta.verbose_name_plural)
    )
    return {kind_of(model): model for model in models}


@dataclass
class Entry:
    kind: str  # PAGE, or the snippet model's label ("portal.topic")
    model: type
    source: object  # the page or snippet in the original language
    state: str
    target_id: int | None
    section_key: str  # a section page's id, or the snippet's kind
    section_title: str
    machine: bool = False  # holds machine-made strings nobody has checked

    @property
    def key(self):
        return f"{self.kind}:{self.source.pk}"

    @property
    def is_page(self):
        return self.kind == PAGE

    @cached_property
    def title(self):
        return self.source.title if self.is_page else str(self.source)

    @cached_property
    def type_label(self):
        model = self.source.content_type.model_class() if self.is_page else self.model
        return capfirst(model._meta.verbose_name) if model else ""

    def public_url(self, request=None):
        """The source on the site (pages only: snippets have no page of their own)."""
        return self.source.get_url(request) if self.is_page else None

    @property
    def target_edit_url(self):
        if self.target_id is None:
            return None
        if self.is_page:
            return reverse("wagtailadmin_pages:edit", args=[self.target_id])
        return reverse(
            self.model.snippet_viewset.get_url_name("edit"), args=[quote(self.target_id)]
        )

    @property
    def submit_url(self):
        """wagtail-localize's own "Translate" view for the source."""
        if self.is_page:
            return reverse("wagtail_localize:submit_page_translation", args=[self.source.pk])
        meta = self.model._meta
        return reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[meta.app_label, meta.model_name, quote(self.source.pk)],
        )


def parse_keys(values):
    """({kind: {pk, ...}}, [values that name nothing translatable]) from posted keys."""
    kinds = snippet_kinds()
    wanted, bad = {}, []
    for value in values:
        match = KEY.match(value.strip())
        if match is None or (match["kind"] != PAGE and match["kind"] not in kinds):
            bad.append(value)
            continue
        wanted.setdefault(match["kind"], set()).add(int(match["pk"]))
    return wanted, bad


def status_entries(home, target_locale, wanted=None):
    """Every live page under ``home`` and every translatable snippet of ``home``'s language,
    as ``Entry`` objects with their translation's state: pages in tree order, then the
    snippets kind by kind. ``wanted`` ({kind: {pk, ...}}, from ``parse_keys()``) keeps only
    those."""
    entries = []
    if wanted is None or PAGE in wanted:
        pages = translation_states(home, target_locale)
        if wanted is not None:
            pages = pages.filter(pk__in=wanted[PAGE])
        entries += [
            Entry(
                kind=PAGE,
                model=Page,
                source=page,
                state=page.state,
                target_id=page.target_id,
                section_key=str(page.section_id),
                section_title=page.section_title,
                machine=page.machine,
            )
            for page in pages
        ]
    for kind, model in snippet_kinds().items():
        if wanted is not None and kind not in wanted:
            continue
        section_title = capfirst(model._meta.verbose_name_plural)
        pks = wanted[kind] if wanted is not None else None
        entries += [
            Entry(
                kind=kind,
                model=model,
                source=snippet,
                state=snippet.state,
                target_id=snippet.target_id,
                section_key=kind,
                section_title=section_title,
                machine=snippet.machine,
            )
            for snippet in snippet_translation_states(model, home.locale_id, target_locale, pks=pks)
        ]
    return entries
