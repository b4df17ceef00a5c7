"""What the translation status tests share: a section with a Russian page in each state of its
English version, topics in each state a snippet without drafts can be in, the site texts
`setup_portal` makes, the team, and a count of the states made straight from the database."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from wagtail.models import DraftStateMixin, Locale, Page
from wagtail_localize.models import Translation, TranslationLog

import time_machine

from home.editorial import ensure_team
from home.models import HomePage, StandardPage
from portal.models import SiteTexts, Topic
from portal.models.mixins import transliterated_slug
from portal.translation.entries import translatable_snippet_models
from portal.translation.states import content_changed
from portal.translation.translate import translate_object
from tests.factories.home import StandardPageFactory
from tests.team import make_team, submit

# After what `setup_portal` made at the session's start (the site texts and their translation).
BUILT = datetime.datetime(2030, 3, 4, 7, tzinfo=datetime.UTC)
# The tests act after everything was built (a sync must come after the edits it takes in).
NOW = BUILT + datetime.timedelta(hours=2)
URL = "/admin/reports/translations/"


def russian(parent, title):
    made = StandardPageFactory(parent=parent, title=title, slug=transliterated_slug(title))
    if made.depth == 3:
        ensure_team()  # a new section: the team's rights reach it, as on commit in the admin
    return made


def english(page, title, publish=True):
    shadow = StandardPage(title=title, slug=transliterated_slug(title), intro="In English.")
    return translate_object(page, Locale.objects.get(language_code="en"), shadow, publish=publish)


def topic(name, slug, english_name=None):
    made = Topic.objects.create(name=name, slug=slug, locale=Locale.get_default())
    if english_name:
        translate_object(
            made, Locale.objects.get(language_code="en"), Topic(name=english_name, slug=slug)
        )
    return made


def stop(source):
    """What wagtail-localize's "Stop Synced translation" does."""
    Translation.objects.filter(source__object_id=source.translation_key).update(enabled=False)


@dataclass
class StatusSite:
    home: object
    section: object
    pages: dict  # state -> the Russian page
    topics: dict  # state -> the Russian topic
    site_texts: object  # the Russian set
    team: object


def build_status_site():
    with time_machine.travel(BUILT, tick=True):
        home = HomePage.objects.get(locale__language_code="ru")
        section = russian(home, "Раздел переводов")
        english(section, "Translations section")
        pages = {"missing": russian(section, "Без перевода")}
        pages["draft"] = russian(section, "Черновик перевода")
        english(pages["draft"], "Draft translation", publish=False)
        pages["in_review"] = russian(section, "Перевод на проверке")
        in_review = english(pages["in_review"], "Translation in review", publish=False)
        pages["out_of_date"] = russian(section, "Устаревший перевод")
        english(pages["out_of_date"], "Stale translation")
        pages["current"] = russian(section, "Актуальный перевод")
        english(pages["current"], "Current translation")
        pages["stopped"] = russian(section, "Остановленный перевод")
        english(pages["stopped"], "Stopped translation")
        stop(pages["stopped"])
        topics = {
            "missing": topic("Креативные кластеры", "clusters"),
            "current": topic("Городская среда", "urban", "Urban environment"),
            "out_of_date": topic("Некоммерческие организации", "ngo", "Non-profits"),
            "stopped": topic("Музеи", "museums", "Museums"),
        }
        stop(topics["stopped"])
        team = make_team(get_user_model())
        submit(in_review, team.translator)
    with time_machine.travel(BUILT + datetime.timedelta(minutes=30), tick=True):
        stale = pages["out_of_date"]
        stale.title = "Устаревший перевод (новая редакция)"
        stale.save_revision().publish()
        topics["out_of_date"].name = "НКО"
        topics["out_of_date"].save()
    return StatusSite(
        home=home,
        section=section,
        pages=pages,
        topics=topics,
        site_texts=SiteTexts.objects.get(locale__language_code="ru"),
        team=team,
    )


def state_from_database(source, english_locale):
    """The state of ``source``'s English version, worked out object by object with the
    models' own methods: what the report's queries must agree with."""
    model = type(source)
    targets = model.objects.filter(translation_key=source.translation_key, locale=english_locale)
    if issubclass(model, Page):
        targets = targets.filter(alias_of__isnull=True)
    target = targets.first()
    if target is None:
        return "missing"
    translation = Translation.objects.filter(
        source__object_id=source.translation_key,
        source__locale=source.locale,
        target_locale=english_locale,
        enabled=True,
    ).first()
    if translation is None:
        return "stopped"
    if isinstance(target, Page) and target.workflow_in_progress:
        return "in_review"
    if isinstance(target, DraftStateMixin) and not target.live:
        return "draft"
    synced_at = translation.source.last_updated_at
    if isinstance(target, DraftStateMixin):
        if source.last_published_at and source.last_published_at > synced_at:
            return "out_of_date"
        if target.last_published_at and target.last_published_at < synced_at:
            return "out_of_date"
    else:
        log = (
            TranslationLog.objects.filter(source=translation.source, locale=english_locale)
            .order_by("-created_at")
            .first()
        )
        if log and log.created_at < synced_at:
            return "out_of_date"
        if content_changed(source, translation.source.content_json):
            return "out_of_date"
    total, translated = translation.get_progress()
    if translated < total:
        return "out_of_date"
    return "current"


def states_from_database(home):
    """{state: count} and {section key: {state: count}} for every row the report must show."""
    english_locale = Locale.objects.get(language_code="en")
    sections = {}
    for page in Page.objects.live().descendant_of(home).filter(locale=home.locale).specific():
        section = page if page.depth == home.depth + 1 else page.get_ancestors()[home.depth]
        state = state_from_database(page, english_locale)
        counts = sections.setdefault(str(section.pk), {})
        counts[state] = counts.get(state, 0) + 1
    for model in translatable_snippet_models():
        sources = model.objects.filter(locale=home.locale)
        if issubclass(model, DraftStateMixin):
            sources = sources.filter(live=True)
        counts = sections.setdefault(model._meta.label_lower, {})
        for source in sources:
            state = state_from_database(source, english_locale)
            counts[state] = counts.get(state, 0) + 1
    total = {}
    for counts in sections.values():
        for state, n in counts.items():
            total[state] = total.get(state, 0) + n
    return total, sections
