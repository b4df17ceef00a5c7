"""The dashboard as each member of the team sees it: what waits for their review, their own
pages in progress, translations out of date and the searches that found nothing; each panel
only for those it concerns, in the same number of queries for two rows as for eight."""

import datetime
import difflib
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, WorkflowState
from wagtail.users.models import UserProfile
from wagtail_localize.models import TranslationSource

import pytest
import time_machine
from bs4 import BeautifulSoup

from home.editorial import ensure_team
from home.models import StandardPage
from portal.models import UnansweredSearch
from portal.models.mixins import transliterated_slug
from portal.translation.states import stale_translations
from portal.translation.translate import translate_object
from tests.factories.events import EventIndexPageFactory, EventPageFactory
from tests.factories.home import StandardPageFactory
from tests.factories.resources import CentreIndexPageFactory, CentrePageFactory
from tests.team import make_team, submit

MORNING = datetime.datetime(2026, 11, 24, 7, tzinfo=datetime.UTC)  # 10:00 in Moscow


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(MORNING, tick=True):
        yield


@pytest.fixture
def team(db, django_user_model):
    return make_team(django_user_model)


def later(minutes):
    return time_machine.travel(MORNING + datetime.timedelta(minutes=minutes), tick=True)


def dashboard(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def panel(html, panel_id):
    """The dashboard panel ``panel_id`` (None when it is not shown)."""
    return html.find(id=f"{panel_id}-section")


def rows(section):
    return [row.find("td").get_text(" ", strip=True) for row in section.select("tbody tr")]


def heading(section):
    return section.find(class_="w-panel__heading").get_text(" ", strip=True)


def page(parent, title, owner, **fields):
    made = StandardPageFactory(
        parent=parent, title=title, slug=transliterated_slug(title), owner=owner, **fields
    )
    if made.depth == 3:
        ensure_team()  # a new section: the team's rights reach it, as on commit in the admin
    return made


# Waiting for my review


def test_a_moderator_sees_the_pages_waiting_for_review_the_longest_waiting_first(
    client, home, team
):
    first = page(home, "Первая на проверку", team.editor, live=False)
    second = page(home, "Вторая на проверку", team.other_editor, live=False)
    submit(first, team.editor)
    with later(30):
        submit(second, team.other_editor)
        html = dashboard(client, team.moderator)

    queue = panel(html, "review-queue")
    assert heading(queue) == "Ждут моей проверки (2)"
    assert rows(queue) == ["Первая на проверку", "Вторая на проверку"]
    text = queue.get_text(" ", strip=True)
    assert "Анна Редакторова" in text and "Борис Другой" in text
    assert "Проверка модератором" in text and "Русский" in text
    assert queue.find("a", href=reverse("wagtailadmin_pages:edit", args=[first.pk]))
    preview = reverse("wagtailadmin_pages:workflow_preview", args=[first.pk, team.task.pk])
    assert queue.find("a", href=preview)
    # Wagtail's own lists of pages in moderation are replaced, not shown beside ours.
    assert not panel(html, "awaiting-review") and not panel(html, "objects-in-workflow")


def test_only_the_task_groups_see_the_review_queue_and_a_decision_takes_the_page_off(
    client, home, team
):
    draft = page(home, "Ждёт решения", team.editor, live=False)
    submit(draft, team.editor)
    for member in (team.editor, team.translator, team.manager):
        assert not panel(dashboard(client, member), "review-queue")

    client.force_login(team.moderator)
    state = draft.current_workflow_task_state
    action = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", state.pk])
    assert client.post(action, {"comment": ""}).status_code in (200, 302)
    assert not panel(dashboard(client, team.moderator), "review-queue")


def test_a_superuser_may_review_every_task(client, home, team, admin_user):
    submit(page(home, "Для любого", team.editor, live=False), team.editor)
    assert rows(panel(dashboard(client, admin_user), "review-queue")) == ["Для любого"]


def test_the_review_queue_shows_ten_and_links_to_the_whole_list(client, home, team):
    for number in range(12):
        submit(page(home, f"Заметка {number:02d}", team.editor, live=False), team.editor)
    queue = panel(dashboard(client, team.moderator), "review-queue")
    assert heading(queue) == "Ждут моей проверки (12)"
    assert len(rows(queue)) == 10
    assert "Показано 10 из 12." in queue.get_text(" ", strip=True)
    link = queue.find("a", string="Показать все")
    assert link["href"].startswith(reverse("wagtailadmin_reports:workflow_tasks"))
    assert client.get(link["href"]).status_code == 200


# My drafts and pages returned to me


def test_an_editor_sees_returned_pages_first_then_in_review_then_drafts(client, home, team):
    returned = page(home, "Вернули с замечаниями", team.editor, live=False)
    waiting = page(home, "Ещё на проверке", team.editor, live=False)
    draft = page(home, "Мой черновик", team.editor, live=False)
    draft.save_revision(user=team.editor)
    published = page(home, "Опубликована без правок", team.editor)
    page(home, "Чужой черновик", team.other_editor, live=False).save_revision(
        user=team.other_editor
    )
    submit(returned, team.editor)
    submit(waiting, team.editor)

    client.force_login(team.moderator)
    state = returned.current_workflow_task_state
    action = reverse("wagtailadmin_pages:workflow_action", args=[returned.pk, "reject", state.pk])
    response = client.post(action, {"comment": "Уточните адрес площадки."})
    assert response.status_code in (200, 302)
    assert WorkflowState.objects.get(pk=state.workflow_state_id).status == "needs_changes"

    mine = panel(dashboard(client, team.editor), "my-pages")
    assert heading(mine) == "Мои черновики и возвращённые страницы (3)"
    assert rows(mine) == ["Вернули с замечаниями", "Ещё на проверке", "Мой черновик"]
    text = mine.get_text(" ", strip=True)
    assert "Возвращена на доработку" in text and "На проверке" in text and "Черновик" in text
    assert "Мария Модераторова" in text and "Уточните адрес площадки." in text
    assert published.title not in text
    link = mine.find("a", string="Мои страницы в рабочих процессах")
    assert f"requested_by={team.editor.pk}" in link["href"]
    assert client.get(link["href"]).status_code == 200

    other = panel(dashboard(client, team.other_editor), "my-pages")
    assert rows(other) == ["Чужой черновик"]


def test_a_scheduled_page_is_not_a_draft(client, home, team):
    scheduled = page(home, "Выйдет позже", team.moderator, live=False)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=2)
    scheduled.save_revision(user=team.moderator).publish(user=team.moderator)
    html = dashboard(client, team.moderator)
    assert not panel(html, "my-pages")
    assert "Выйдет позже" in panel(html, "scheduled-pages").get_text()


def test_a_user_with_nothing_in_progress_gets_no_empty_panels(client, team):
    html = dashboard(client, team.editor)
    for panel_id in ("review-queue", "my-pages", "stale-translations", "unanswered-searches"):
        assert not panel(html, panel_id), panel_id


# Translations out of date


@pytest.fixture
def translated(home, locales):
    """A Russian page and its published English translation, synced when made."""
    source = page(home, "О проекте", None)
    english = translate_object(
        source, locales["en"], StandardPage(title="About", slug="about", intro="In English.")
    )
    return source, english


def republish(source, title, user=None):
    source.title = title
    source.save_revision(user=user).publish(user=user)


def test_a_translator_sees_the_translations_whose_source_changed_since(client, team, translated):
    source, english = translated
    assert not panel(dashboard(client, team.translator), "stale-translations")

    with later(60):
        republish(source, "О проекте (новая редакция)")
        html = dashboard(client, team.translator)
    stale = panel(html, "stale-translations")
    assert heading(stale) == "Устаревшие переводы (1)"
    assert rows(stale) == ["About"]
    assert "О проекте (новая редакция)" in stale.get_text()
    sync = stale.find("a", string="Синхронизировать переводы")
    source_id = TranslationSource.objects.get_for_instance(source).pk
    assert sync["href"].startswith(
        reverse("wagtail_localize:update_translations", args=[source_id])
    )

    # Editors of the Russian tree cannot edit the translation: not theirs to see.
    assert not panel(dashboard(client, team.editor), "stale-translations")
    assert rows(panel(dashboard(client, team.moderator), "stale-translations")) == ["About"]

    # Syncing (wagtail-localize's own view) takes the new text: the translation is current.
    with later(90):
        client.force_login(team.translator)
        response = client.post(sync["href"], {})
        assert response.status_code == 302
        assert not panel(dashboard(client, team.translator), "stale-translations")


def test_stale_translations_compare_the_source_publication_with_the_last_sync(translated):
    source, english = translated
    assert not stale_translations().exists()
    source.save_revision()  # a draft of the source changes nothing the readers see
    assert not stale_translations().exists()
    with later(5):
        republish(source, "Новое название")
    (found,) = stale_translations()
    assert found.pk == english.pk and found.source_page_id == source.pk
    assert found.source_published_at > found.synced_at
    assert not stale_translations(Page.objects.filter(locale__language_code="ru")).exists()


# Searches that found nothing this week


def test_the_week_of_unanswered_searches_for_those_who_read_the_report(client, team):
    now = timezone.now()
    UnansweredSearch.objects.create(
        query_string="коворкинг в ангаре", language="ru", hits=7, last_seen=now
    )
    UnansweredSearch.objects.create(
        query_string="hangar", language="en", hits=2, last_seen=now - datetime.timedelta(days=2)
    )
    UnansweredSearch.objects.create(
        query_string="давний запрос",
        language="ru",
        hits=90,
        last_seen=now - datetime.timedelta(days=8),
    )
    searches = panel(dashboard(client, team.manager), "unanswered-searches")
    assert heading(searches) == "Поиски без результатов за неделю (2)"
    assert rows(searches) == ["коворкинг в ангаре", "hangar"]
    assert "English" in searches.get_text()
    report = searches.find("a", string="Весь отчёт")
    assert report["href"].startswith(reverse("unanswered_searches"))
    answer = client.get(report["href"])
    assert answer.status_code == 200
    assert "hangar" in answer.content.decode() and "давний запрос" not in answer.content.decode()

    assert not panel(dashboard(client, team.translator), "unanswered-searches")


def test_the_panels_speak_english_to_an_english_speaking_moderator(client, home, team):
    profile = UserProfile.get_for_user(team.moderator)
    profile.preferred_language = "en"
    profile.save()
    submit(page(home, "На проверку", team.editor, live=False), team.editor)
    UnansweredSearch.objects.create(query_string="ангар", language="ru", hits=1)
    html = dashboard(client, team.moderator)
    assert heading(panel(html, "review-queue")) == "Waiting for my review (1)"
    assert "Submitted by" in panel(html, "review-queue").get_text()
    assert heading(panel(html, "unanswered-searches")) == (
        "Searches that found nothing this week (1)"
    )


# A fixed number of queries


@pytest.fixture
def content(home, locales, team):
    return filler(home, locales, team)


def filler(home, locales, team):
    """A function that adds ``number`` rows to every panel: pages in review (the editor's),
    drafts, stale translations, upcoming events without English, centres to check,
    unanswered searches."""
    calendar = EventIndexPageFactory(parent=home)
    centres = CentreIndexPageFactory(parent=home)
    ensure_team()
    made = []

    def add(number):
        for _ in range(number):
            n = len(made)
            made.append(n)
            submit(page(home, f"На проверке {n}", team.editor, live=False), team.editor)
            page(home, f"Черновик {n}", team.editor, live=False).save_revision(user=team.editor)
            source = page(home, f"Исходная {n}", None)
            translate_object(
                source,
                locales["en"],
                StandardPage(title=f"Source {n}", slug=f"source-{n}", intro="In English."),
            )
            with later(10 + n):
                republish(source, f"Исходная {n} (правка)")
            EventPageFactory(parent=calendar, start_date=datetime.date(2026, 12, 1 + n))
            CentrePageFactory(parent=centres, checked_on=None)
            UnansweredSearch.objects.create(query_string=f"запрос {n}", language="ru", hits=n)

    return add


def queries(client, user):
    client.force_login(user)
    client.get("/admin/")  # Wagtail caches the site's root paths on the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/")
    assert response.status_code == 200
    # Numbers (ids, dates) blanked, so a diff of two lists shows queries, not values.
    return [
        re.sub(r"\d+", "N", query["sql"]) for query in captured.captured_queries
    ], BeautifulSoup(response.content, "html.parser")


# The panels each role sees once every panel has rows; my-pages gets two rows an item (the
# editor's page in review and their draft).
PANELS = {
    "editor": ["my-pages", "untranslated-events", "resources-to-check", "unanswered-searches"],
    "moderator": [
        "review-queue",
        "untranslated-events",
        "stale-translations",
        "resources-to-check",
        "unanswered-searches",
    ],
    "translator": ["untranslated-events", "stale-translations"],
    "manager": [
        "untranslated-events",
        "stale-translations",
        "resources-to-check",
        "unanswered-searches",
    ],
}
ROWS_AN_ITEM = {"my-pages": 2}


def expected_rows(panel_id, items):
    return min(items * ROWS_AN_ITEM.get(panel_id, 1), 10)


@pytest.mark.parametrize("role", PANELS)
def test_each_dashboard_costs_the_same_queries_for_two_rows_as_for_eight(
    client, team, content, role
):
    user = getattr(team, role)
    content(2)
    with later(30):
        few, html = queries(client, user)
        shown = {section["id"].removesuffix("-section") for section in html.select(".w-panel")}
        assert set(PANELS[role]) <= shown, shown
        for panel_id in PANELS[role]:
            assert len(rows(panel(html, panel_id))) == expected_rows(panel_id, 2), panel_id
    content(6)
    with later(60):
        many, html = queries(client, user)
        for panel_id in PANELS[role]:
            assert len(rows(panel(html, panel_id))) == expected_rows(panel_id, 8), panel_id
    # On a mismatch, the message shows the queries only one of the two requests made.
    assert len(many) == len(few), "\n".join(
        difflib.unified_diff(few, many, "2 rows", "8 rows", lineterm="", n=0)
    )
