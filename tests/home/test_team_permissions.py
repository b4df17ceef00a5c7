"""What each role of the team may do, tried for real through the admin.

The matrix below is what the team was promised: each group × action × section × language.
Every cell is performed through the admin's own views with the test client, inside a savepoint
rolled back afterwards, and what happened is read back from the database: ✓ when the action
took effect, ✗ when the admin refused it (a 403, a redirect to the dashboard with a message, or
an action that is not offered) and nothing changed. One assertion per group prints the cells
that differ.

On an English page the admin's editor is wagtail-localize's: an edit there is a string saved
through its API (the page changes when someone publishes it) and "publish" is the Publish
button of the portal's footer in that editor. Deleting a page that is not live follows
Wagtail's own rule and is tried separately: a user who may edit but not publish may delete a
leaf page that has never been published.
"""

import html as html_module

import django.test.client
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation

import pytest

from portal.models import City, Topic
from portal.translation.translate import translate_object
from tests.helpers import Committing, form_data, refused, rolled_back_after
from tests.home.team import add_url, build_site, edit_url, reload

pytestmark = pytest.mark.django_db

SECTION_NAMES = ("standard", "news", "events", "centres", "toolkits")
LANGUAGES = ("ru", "en")
ACTIONS = ("add", "edit", "publish", "unpublish", "delete", "translate")

# Each group's rights: one row per action, one column per section and language. ✓ allowed,
# ✗ refused, — not an action there (a page is translated from Russian into English).
# Moderators do not publish news directly, in either language: the news' review ends with the
# chief editor (English pages are published from the translation editor, under the same rule).
EXPECTED = {
    "editors": """
                standard  news   events  centres  toolkits
                ru en     ru en  ru en   ru en    ru en
    add         ✓  ✗      ✓  ✗   ✓  ✗    ✓  ✗     ✓  ✗
    edit        ✓  ✗      ✓  ✗   ✓  ✗    ✓  ✗     ✓  ✗
    publish     ✗  ✗      ✗  ✗   ✗  ✗    ✗  ✗     ✗  ✗
    unpublish   ✗  ✗      ✗  ✗   ✗  ✗    ✗  ✗     ✗  ✗
    delete      ✗  ✗      ✗  ✗   ✗  ✗    ✗  ✗     ✗  ✗
    translate   ✗  —      ✗  —   ✗  —    ✗  —     ✗  —
    """,
    "moderators": """
                standard  news   events  centres  toolkits
                ru en     ru en  ru en   ru en    ru en
    add         ✓  ✓      ✓  ✓   ✓  ✓    ✓  ✓     ✓  ✓
    edit        ✓  ✓      ✓  ✓   ✓  ✓    ✓  ✓     ✓  ✓
    publish     ✓  ✓      ✗  ✗   ✓  ✓    ✓  ✓     ✓  ✓
    unpublish   ✓  ✓      ✓  ✓   ✓  ✓    ✓  ✓     ✓  ✓
    delete      ✓  ✓      ✓  ✓   ✓  ✓    ✓  ✓     ✓  ✓
    translate   ✓  —      ✓  —   ✓  —    ✓  —     ✓  —
    """,
    "chief_editor": """
                standard  news   events  centres  toolkits
                ru en     ru en  ru en   ru en    ru en
    add         ✗  ✗      ✓  ✓   ✗  ✗    ✗  ✗     ✗  ✗
    edit        ✗  ✗      ✓  ✓   ✗  ✗    ✗  ✗     ✗  ✗
    publish     ✗  ✗      ✓  ✓   ✗  ✗    ✗  ✗     ✗  ✗
    unpublish   ✗  ✗      ✓  ✓   ✗  ✗    ✗  ✗     ✗  ✗
    delete      ✗  ✗      ✓  ✓   ✗  ✗    ✗  ✗     ✗  ✗
    translate   ✗  —      ✗  —   ✗  —    ✗  —     ✗  —
    """,
    "translators": """
                standard  news   events  centres  toolkits
                ru en     ru en  ru en   ru en    ru en
    add         ✗  ✓      ✗  ✓   ✗  ✓    ✗  ✓     ✗  ✓
    edit        ✗  ✓      ✗  ✓   ✗  ✓    ✗  ✓     ✗  ✓
    publish     ✗  ✗      ✗  ✗   ✗  ✗    ✗  ✗     ✗  ✗
    unpublish   ✗  ✗      ✗  ✗   ✗  ✗    ✗  ✗     ✗  ✗
    delete      ✗  ✗      ✗  ✗   ✗  ✗    ✗  ✗     ✗  ✗
    translate   ✓  —      ✓  —   ✓  —    ✓  —     ✓  —
    """,
    # Site managers edit pages for the site's navigation (which also opens Wagtail's page
    # reports to them); everything they change there goes through a moderator.
    "site_managers": """
                standard  news   events  centres  toolkits
                ru en     ru en  ru en   ru en    ru en
    add         ✗  ✗      ✗  ✗   ✗  ✗    ✗  ✗     ✗  ✗
    edit        ✓  ✓      ✓  ✓   ✓  ✓    ✓  ✓     ✓  ✓
    publish     ✗  ✗      ✗  ✗   ✗  ✗    ✗  ✗     ✗  ✗
    unpublish   ✗  ✗      ✗  ✗   ✗  ✗    ✗  ✗     ✗  ✗
    delete      ✗  ✗      ✗  ✗   ✗  ✗    ✗  ✗     ✗  ✗
    translate   ✗  —      ✗  —   ✗  —    ✗  —     ✗  —
    """,
}


def parse(table):
    """{(action, section, language): mark} from one group's table."""
    lines = [line.split() for line in table.strip().splitlines()]
    sections, languages, rows = lines[0], lines[1], lines[2:]
    columns = [(section, language) for section in sections for language in languages[:2]]
    assert tuple(sections) == SECTION_NAMES and len(languages) == 2 * len(sections)
    cells = {}
    for action, *marks in rows:
        assert len(marks) == len(columns), action
        for (section, language), mark in zip(columns, marks, strict=True):
            cells[action, section, language] = mark
    assert {action for action, _s, _l in cells} == set(ACTIONS)
    return cells


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    return Committing(client, django_capture_on_commit_callbacks)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_site()
        yield built


# -- the actions, each through the admin ---------------------------------------------------------


class Outcome:
    """What the admin answered and whether the action took effect, as one mark."""

    def __init__(self, *responses, done, offered=True):
        self.responses, self.done, self.offered = responses, done, offered

    @property
    def mark(self):
        said_no = any(refused(response) for response in self.responses) or not self.offered
        if self.done and not said_no:
            return "✓"
        if not self.done and said_no:
            return "✗"
        codes = ",".join(str(response.status_code) for response in self.responses)
        return f"? (answered {codes}, {'done' if self.done else 'not done'})"


# What a new page needs beyond a title to be saved as a draft.
NEW_PAGE_FIELDS = {
    "eventpage": {
        "start_date": "2026-12-10",
        "start_time": "19:00",
        "end_time": "21:00",
        "place_name": "Библиотека",
    },
}


def save_title_translation(client, page, value):
    """What wagtail-localize's editor sends when a translator changes the title of an English
    page: the answer, and whether the string is stored."""
    translation = Translation.objects.get(
        source__object_id=page.translation_key, target_locale_id=page.locale_id
    )
    segment = translation.source.stringsegment_set.get(context__path="title")
    url = reverse("wagtail_localize:edit_string_translation", args=(translation.pk, segment.pk))
    answer = client.put(url, f"value={value}", content_type="application/x-www-form-urlencoded")
    stored = StringTranslation.objects.filter(
        translation_of_id=segment.string_id, locale_id=page.locale_id, data=value
    ).exists()
    return answer, stored


class Trial:
    """One member's go at every cell. The edit form of a page is asked for once: it changes
    nothing, and both "edit" and "publish" start from it."""

    def __init__(self, client):
        self.client = client
        self.forms = {}

    def edit_form(self, page):
        if page.pk not in self.forms:
            self.forms[page.pk] = self.client.get(edit_url(page))
        return self.forms[page.pk]

    def add(self, section, language):
        model = type(section.live)
        url = add_url(section.index, model)
        fields = {
            "title": "Новая страница",
            "slug": "new-page",
            **NEW_PAGE_FIELDS.get(model._meta.model_name, {}),
        }
        form = self.client.get(url)
        data = {**form_data(form), **fields} if form.status_code == 200 else fields
        saved = self.client.post(url, data)
        done = model.objects.child_of(section.index).filter(slug="new-page").exists()
        return Outcome(form, saved, done=done)

    def edit(self, section, language):
        page = section.draft
        form = self.edit_form(page)
        if language == "en":
            return self._edit_translation(page, form)
        data = {**form_data(form), "title": "Исправлено"} if form.status_code == 200 else {}
        saved = self.client.post(edit_url(page), data)
        page = reload(page)
        assert not page.live
        return Outcome(form, saved, done=page.get_latest_revision_as_object().title == "Исправлено")

    def _edit_translation(self, page, form):
        saved, done = save_title_translation(self.client, page, "Corrected")
        # Saved strings wait for someone to publish them: the page itself is unchanged.
        assert reload(page).title == page.title
        return Outcome(form, saved, done=done)

    def publish(self, section, language):
        page = section.draft
        form = self.edit_form(page)
        html = html_module.unescape(form.content.decode())
        if language == "en":  # the translation editor's footer
            offered = 'name="action-publish"' in html
            saved = self.client.post(edit_url(page), {"action-publish": "action-publish"})
        else:
            offered = 'name="action-publish"' in html
            data = form_data(form) if form.status_code == 200 else {}
            saved = self.client.post(edit_url(page), {**data, "action-publish": "action-publish"})
        # A Publish button that is not offered and is posted anyway saves a draft: the page
        # stays unpublished all the same.
        return Outcome(form, saved, done=reload(page).live, offered=offered or refused(form))

    def unpublish(self, section, language):
        page = section.live
        answer = self.client.post(reverse("wagtailadmin_pages:unpublish", args=(page.pk,)))
        return Outcome(answer, done=not reload(page).live)

    def delete(self, section, language):
        page = section.live
        answer = self.client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
        return Outcome(answer, done=reload(page) is None)

    def translate(self, section, language):
        if language != "ru":
            return None
        page = section.untranslated
        english = Locale.objects.get(language_code="en")
        answer = self.client.post(
            reverse("wagtail_localize:submit_page_translation", args=(page.pk,)),
            {"locales": [english.pk]},
        )
        translated = Page.objects.filter(translation_key=page.translation_key, locale=english)
        # A new translation is a draft in the English tree until someone publishes it.
        assert not translated.filter(live=True).exists()
        return Outcome(answer, done=translated.exists())

    def perform(self, site, action, section_name, language):
        """One cell, inside a savepoint: whatever it changed is undone for the next one."""
        section = site.sections[section_name, language]
        savepoint = transaction.savepoint()
        try:
            outcome = getattr(self, action)(section, language)
        finally:
            transaction.savepoint_rollback(savepoint)
        return "—" if outcome is None else outcome.mark


@pytest.fixture
def no_template_contexts(monkeypatch):
    """The matrix reads answers and the database, never a response's template context: the
    test client's copy of every context it renders (a third of an editor page's time) is
    skipped."""
    monkeypatch.setattr(django.test.client, "store_rendered_templates", lambda *args, **kw: None)


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.usefixtures("no_template_contexts")
def test_each_group_may_do_what_its_role_says_and_nothing_else(client, site, role):
    expected = parse(EXPECTED[role])
    client.force_login(site.users[role])
    trial = Trial(client)

    actual = {cell: trial.perform(site, *cell) for cell in expected}

    differing = [
        f"{action} {section}/{language}: expected {expected[action, section, language]}, got {mark}"
        for (action, section, language), mark in actual.items()
        if mark != expected[action, section, language]
    ]
    assert not differing, f"{role}:\n" + "\n".join(differing)


# -- what the matrix leaves out ------------------------------------------------------------------


def test_a_draft_never_published_may_be_deleted_by_whoever_may_edit_it(client, site):
    """Wagtail's rule: editing without publishing lets one delete a leaf page that was never
    live (a live one needs the right to publish, as the matrix shows)."""
    client.force_login(site.users["editors"])
    draft = site.sections["news", "ru"].draft

    answer = client.post(reverse("wagtailadmin_pages:delete", args=(draft.pk,)))

    assert answer.status_code == 302
    assert reload(draft) is None


def test_translators_cannot_open_a_russian_page(client, site):
    client.force_login(site.users["translators"])
    page = site.sections["centres", "ru"].live

    assert refused(client.get(edit_url(page)))
    assert refused(client.post(edit_url(page), {"title": "Changed"}))
    assert reload(page).get_latest_revision_as_object().title == page.title


def test_translators_english_edits_do_not_go_live(client, site):
    """In the translation editor a translator saves strings but has no Publish button, and
    publishing (wagtail-localize's own form posted anyway) is refused: the English page stays
    as it was until a moderator publishes it."""
    client.force_login(site.users["translators"])
    page = site.sections["events", "en"].live

    html = html_module.unescape(client.get(edit_url(page)).content.decode())
    answer, stored = save_title_translation(client, page, "Corrected")
    assert answer.status_code == 200 and stored
    assert 'name="action-publish"' not in html
    answer = client.post(edit_url(page), {"action": "publish"}, follow=True)
    assert "Вы не можете опубликовать эту страницу" in answer.content.decode()
    assert reload(page).title == "Published: events"
    assert client.get(page.url).content.decode().count("Corrected") == 0

    client.force_login(site.users["moderators"])
    assert client.post(edit_url(page), {"action": "publish"}).status_code == 302
    assert reload(page).title == "Corrected"
    assert "Corrected" in client.get(reload(page).url).content.decode()


# -- taxonomies, reports, redirects and users ----------------------------------------------------


def snippet_url(model, view, *args):
    return reverse(f"wagtailsnippets_portal_{model._meta.model_name}:{view}", args=args)


def test_editors_add_a_city_from_the_list_and_from_the_chooser_but_delete_none(client, site):
    client.force_login(site.users["editors"])
    add = snippet_url(City, "add")
    form = client.get(add)
    assert form.status_code == 200
    data = {**form_data(form), "name": "Тула", "slug": "tula", "region": "Тульская область"}
    assert client.post(add, data).status_code == 302
    tula = City.objects.get(slug="tula")
    assert tula.locale.language_code == "ru"

    # The chooser of a page's city field offers a "Create" tab.
    choose = client.get(reverse("wagtailsnippetchoosers_portal_city:choose") + "?locale=ru")
    assert "Тула" in choose.json()["html"] and 'name="time_zone"' in choose.json()["html"]
    created = client.post(
        reverse("wagtailsnippetchoosers_portal_city:create") + "?locale=ru",
        {
            "name": "Новомосковск",
            "slug": "novomoskovsk",
            "region": "",
            "time_zone": "Europe/Moscow",
        },
    )
    assert created.json()["step"] == "chosen"
    city = City.objects.get(slug="novomoskovsk")
    assert created.json()["result"]["id"] == str(city.pk)
    assert city.locale.language_code == "ru"

    delete = snippet_url(City, "delete", tula.pk)
    assert refused(client.get(delete))
    assert refused(client.post(delete))
    assert City.objects.filter(pk=tula.pk).exists()


# Who changes a taxonomy term of each language: who writes that language's pages.
TERM_RIGHTS = {
    "editors": {"ru": True, "en": False},
    "moderators": {"ru": True, "en": True},
    "chief_editor": {"ru": False, "en": False},
    "translators": {"ru": False, "en": True},
    "site_managers": {"ru": True, "en": True},
}


def change_term(client, term, language, name):
    """Rename ``term`` as the admin lets the logged-in user: the edit form for a Russian term,
    wagtail-localize's editor (a string, then its "Publish") for an English one. Whether the
    admin took it."""
    url = snippet_url(Topic, "edit", term.pk)
    if language == "ru":
        form = client.get(url)
        if refused(form):
            return False
        answer = client.post(url, {**form_data(form), "name": name})
        return answer.status_code == 302 and not refused(answer)
    translation = Translation.objects.get(
        source__object_id=term.translation_key, target_locale=term.locale
    )
    segment = translation.source.stringsegment_set.get(string__data="Парки")
    answer = client.put(
        reverse("wagtail_localize:edit_string_translation", args=(translation.pk, segment.pk)),
        f"value={name}",
        content_type="application/x-www-form-urlencoded",
    )
    if answer.status_code not in (200, 201):
        return False
    return not refused(client.post(url, {"action": "publish"}))


@pytest.mark.parametrize("role", TERM_RIGHTS)
def test_a_term_of_a_language_is_changed_by_who_writes_that_language(client, site, role):
    russian = Topic.objects.create(name="Парки", slug="parki")
    english = translate_object(russian, Locale.objects.get(language_code="en"), Topic(name="Parks"))
    client.force_login(site.users[role])

    for language, term in (("ru", russian), ("en", english)):
        with transaction.atomic():
            took = change_term(client, term, language, "Renamed")
            assert took is TERM_RIGHTS[role][language], (role, language)
            assert (Topic.objects.get(pk=term.pk).name == "Renamed") is took, (role, language)
            transaction.set_rollback(True)


def test_site_managers_delete_a_term(client, site):
    client.force_login(site.users["site_managers"])
    city = City.objects.create(name="Тула", slug="tula", region="Тульская")

    assert client.post(snippet_url(City, "delete", city.pk)).status_code == 302
    assert not City.objects.filter(pk=city.pk).exists()


REPORTS = ("unanswered_searches", "resources_stale_report")


@pytest.mark.parametrize("role", ["editors", "moderators", "chief_editor", "site_managers"])
def test_the_team_reads_the_search_and_resources_reports(client, site, role):
    client.force_login(site.users[role])
    for name in REPORTS:
        assert client.get(reverse(name)).status_code == 200, name


def test_translators_do_not_read_the_search_report(client, site):
    client.force_login(site.users["translators"])

    assert refused(client.get(reverse("unanswered_searches")))


@pytest.mark.parametrize(("role", "allowed"), [("site_managers", True), ("editors", False)])
def test_site_managers_manage_redirects_and_users_editors_do_not(client, site, role, allowed):
    client.force_login(site.users[role])
    redirect = client.post(
        reverse("wagtailredirects:add"),
        {"old_path": "/staroe/", "redirect_page": site.homes["ru"].pk, "is_permanent": "on"},
    )
    user = client.post(
        reverse("wagtailusers_users:add"),
        new_account(groups=[Group.objects.get(name="Редакторы").pk]),
    )
    listing = client.get(reverse("wagtailusers_users:index"))
    if allowed:
        assert redirect.status_code == 302 and user.status_code == 302
        assert listing.status_code == 200
    else:
        assert refused(redirect) and refused(user) and refused(listing)
    assert Redirect.objects.filter(old_path="/staroe").exists() is allowed
    assert site.users[role]._meta.model.objects.filter(username="newcomer").exists() is allowed


def new_account(**fields):
    return {
        "username": "newcomer",
        "email": "newcomer@example.org",
        "first_name": "Новый",
        "last_name": "Сотрудник",
        "password1": "a-long-pass-phrase",
        "password2": "a-long-pass-phrase",
        "is_active": "on",
        **fields,
    }


def test_site_managers_make_no_administrator_and_change_none(client, site, django_user_model):
    client.force_login(site.users["site_managers"])
    admin = django_user_model.objects.create_superuser("boss", "boss@example.org", "x")
    editor = site.users["editors"]

    assert refused(client.post(reverse("wagtailusers_users:add"), new_account(is_superuser="on")))
    assert not django_user_model.objects.filter(username="newcomer").exists()

    edit_admin = reverse("wagtailusers_users:edit", args=(admin.pk,))
    assert refused(client.get(edit_admin))
    assert refused(client.post(edit_admin, {"email": "mine@example.org", "password1": "p"}))
    admin.refresh_from_db()
    assert admin.email == "boss@example.org"

    edit_editor = reverse("wagtailusers_users:edit", args=(editor.pk,))
    form = client.get(edit_editor)
    assert form.status_code == 200
    data = {**form_data(form), "last_name": "Редакторова-Новикова"}
    assert refused(client.post(edit_editor, {**data, "is_superuser": "on"}))
    assert client.post(edit_editor, data).status_code == 302
    editor.refresh_from_db()
    assert editor.last_name == "Редакторова-Новикова" and not editor.is_superuser
