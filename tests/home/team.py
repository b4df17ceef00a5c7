"""What the team tests share: a small site in both languages and one member per role."""

import copy
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Locale

from home.demo.users import TEAM
from home.editorial import ensure_team
from home.models import HomePage
from portal.translation.translate import translate_object
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.home import StandardPageFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.resources import (
    CentreIndexPageFactory,
    CentrePageFactory,
    ToolkitIndexPageFactory,
    ToolkitPageFactory,
)

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
    for login, role, first_name, last_name in TEAM:  # the demo's logins
        user = get_user_model().objects.create_user(
            login,
            email=f"{login}@example.org",
            password="x",
            first_name=first_name,
            last_name=last_name,
        )
        user.groups.add(Group.objects.get(name=role.name))
        site.users[role.key] = user
    return site


def reload(page):
    return type(page).objects.filter(pk=page.pk).first()


def add_url(parent, model):
    return reverse(
        "wagtailadmin_pages:add", args=(model._meta.app_label, model._meta.model_name, parent.pk)
    )


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))
