"""What the team tests share: a small site in both languages, one member per role, and the
admin's forms posted back as a browser would post them."""

import copy
import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Locale

from bs4 import BeautifulSoup

from home.editorial import ensure_team
from home.editorial.roles import ROLES
from home.models import HomePage
from portal.localize import translate_object
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.home import StandardPageFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.resources import (
    CentreIndexPageFactory,
    CentrePageFactory,
    ToolkitIndexPageFactory,
    ToolkitPageFactory,
)

# One member per role, named as the demo names them.
MEMBERS = {
    "editors": "editor",
    "moderators": "moderator",
    "chief_editor": "chief",
    "translators": "translator",
    "site_managers": "manager",
}

# The sections of a language's tree: (index factory, index slug, English title, item factory).
SECTIONS = {
    "standard": (StandardPageFactory, "o-proekte", "About", StandardPageFactory),
    "news": (NewsIndexPageFactory, "novosti", "News", NewsPageFactory),
    "events": (EventIndexPageFactory, "afisha", "Events", EventPageFactory),
    "centres": (CentreIndexPageFactory, "prostranstva", "Spaces", CentrePageFactory),
    "toolkits": (ToolkitIndexPageFactory, "formaty", "Formats", ToolkitPageFactory),
}


@dataclass
class Section:
    """One section in one language: its index and the pages the actions are tried on."""

    index: object
    live: object  # a live page: edited, unpublished, deleted
    draft: object  # a page never published: published
    untranslated: object = None  # a live Russian page with no English version yet: translated


@dataclass
class Site:
    homes: dict
    sections: dict = field(default_factory=dict)  # (section, language) -> Section
    users: dict = field(default_factory=dict)  # role key -> user


def translate(page, locale, title, slug, publish=True):
    """An English translation made through wagtail-localize: the title and slug in English,
    the other strings as they are."""
    shadow = copy.copy(page.specific)
    shadow.title, shadow.slug = title, slug
    return translate_object(page, locale, shadow, publish=publish)


def build_site():
    """Every section in both trees, each with a live page and a draft, and the team."""
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    home = HomePage.objects.get(locale__language_code="ru")
    site = Site(homes={"ru": home, "en": HomePage.objects.get(locale__language_code="en")})
    for name, (index_factory, slug, title_en, item_factory) in SECTIONS.items():
        title = {"standard": "О проекте"}.get(name)
        index = index_factory(parent=home, slug=slug, **({"title": title} if title else {}))
        live = item_factory(parent=index, title=f"Опубликовано: {name}", slug=f"{name}-live")
        draft = item_factory(
            parent=index, title=f"Черновик: {name}", slug=f"{name}-draft", live=False
        )
        untranslated = item_factory(
            parent=index, title=f"Без перевода: {name}", slug=f"{name}-ru-only"
        )
        site.sections[name, "ru"] = Section(index, live, draft, untranslated)
        en = locales["en"]
        site.sections[name, "en"] = Section(
            translate(index, en, title_en, slug),
            translate(live, en, f"Published: {name}", f"{name}-live"),
            translate(draft, en, f"Draft: {name}", f"{name}-draft", publish=False),
        )
    ensure_team()
    for role in ROLES:
        user = get_user_model().objects.create_user(
            MEMBERS[role.key], email=f"{MEMBERS[role.key]}@example.org", password="x"
        )
        user.groups.add(Group.objects.get(name=role.name))
        site.users[role.key] = user
    return site


def reload(page):
    return type(page).objects.filter(pk=page.pk).first()


# -- the admin's forms, as a browser posts them ------------------------------------------------


def form_data(response, form_id=None):
    """The fields of the page form in ``response`` with their current values, as the browser
    would send them: checked boxes only, selected options, no button, nothing inside a
    ``<template>`` (the empty forms of inline panels). A StreamField's inputs are built by the
    admin's JavaScript: an empty stream is posted as a count of nothing."""
    soup = BeautifulSoup(response.content, "html.parser")
    form = soup.find("form", id=form_id) if form_id else _page_form(soup)
    assert form is not None, "no form in the response"
    data = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.find_parent("template") or element.has_attr("disabled"):
            continue
        if element.name == "select":
            values = [option.get("value", option.text) for option in element.find_all("option")]
            chosen = [
                option.get("value", option.text)
                for option in element.find_all("option")
                if option.has_attr("selected")
            ]
            if element.has_attr("multiple"):
                data[name] = chosen
            else:
                data[name] = (chosen or values[:1] or [""])[0]
            continue
        if element.name == "textarea":
            data[name] = element.text.removeprefix("\n")
            continue
        kind = element.get("type", "text")
        if kind in ("submit", "button", "image", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if element.has_attr("checked"):
                value = element.get("value", "on")
                if kind == "checkbox" and name in data:
                    existing = data[name]
                    data[name] = (
                        [*existing, value]
                        if isinstance(existing, list)
                        else [
                            existing,
                            value,
                        ]
                    )
                else:
                    data[name] = value
            continue
        data[name] = element.get("value", "")
    for block in form.find_all(attrs={"data-controller": "w-block"}):
        if block.find_parent("template"):
            continue
        data.setdefault(f"{block['id']}-count", "0")
    return data


def _page_form(soup):
    return soup.find("form", attrs={"data-edit-form": True}) or soup.find(
        "form", id="page-edit-form"
    )


def add_url(parent, model):
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


class Committing:
    """The test client, each request followed by what would run once it is committed (the
    tests run in a transaction that never is): wagtail-localize publishes a translation then."""

    def __init__(self, client, capture_on_commit_callbacks):
        self._client, self._capture = client, capture_on_commit_callbacks

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name not in ("get", "post", "put"):
            return attribute

        def request(*args, **kwargs):
            with self._capture(execute=True):
                return attribute(*args, **kwargs)

        return request


def refused(response):
    """The admin's ways of saying no: 403, or back to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


NOW = datetime.datetime(2026, 12, 2, 9, tzinfo=datetime.UTC)
