import io
import re

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.documents.models import Document
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource

from home.models import HomePage, StandardPage
from portal.models import City, Organisation, Topic
from resources.models import ToolkitPageMaterial

CYRILLIC = re.compile("[А-Яа-яЁё]")


def snapshot():
    return {
        "locales": Locale.objects.count(),
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
        "topics": Topic.objects.count(),
        "cities": City.objects.count(),
        "organisations": Organisation.objects.count(),
        "sources": TranslationSource.objects.count(),
        "translations": Translation.objects.count(),
        "users": get_user_model().objects.count(),
        "documents": Document.objects.count(),
        "materials": ToolkitPageMaterial.objects.count(),
    }


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_setup_portal_twice_changes_nothing(db):
    before = snapshot()

    run("setup_portal")
    run("setup_portal")

    assert snapshot() == before
    assert Locale.objects.filter(language_code__in=["ru", "en"]).count() == 2
    assert HomePage.objects.count() == 2
    site = Site.objects.get()
    assert site.is_default_site
    assert site.root_page.specific.locale.language_code == "ru"
    assert (site.hostname, site.port) == ("testserver", 80)


def test_english_home_is_a_wagtail_localize_translation(home, home_en):
    assert home_en.translation_key == home.translation_key
    assert home_en.live
    translation = Translation.objects.get(
        source__object_id=home.translation_key, target_locale=home_en.locale
    )
    total, translated = translation.get_progress()
    assert total == translated > 0


def test_load_demo_content_twice_creates_no_duplicates(client, demo):
    first = snapshot()
    output = run("load_demo_content")

    assert snapshot() == first
    assert "0 objects created" in output
    assert first["topics"] >= 12  # six topics in two languages
    assert Page.find_problems() == ([], [], [], [], [])
    # The 2017 conference took place at Blagosfera, a centre described on the portal.
    from news.models import EventPage

    conference = EventPage.objects.get(locale__language_code="ru", start_date__year=2017)
    assert conference.venue is not None and "Благосфера" in conference.venue.title
    assert client.get(conference.venue.url).status_code == 200


def test_demo_english_pages_are_live_translations_without_russian(client, demo):
    english = StandardPage.objects.live().filter(locale__language_code="en")

    assert english.count() >= 2
    for page in english:
        response = client.get(page.url)
        assert response.status_code == 200
        main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert not CYRILLIC.search(main), f"{page.url} shows Russian text"
        assert TranslationSource.objects.filter(object_id=page.translation_key).exists()


def test_demo_snippets_are_translated(demo):

    moscow = City.objects.get(slug="moscow", locale__language_code="ru")
    english = moscow.get_translation(Locale.objects.get(language_code="en"))
    assert (moscow.name, english.name) == ("Москва", "Moscow")
    assert english.time_zone == moscow.time_zone == "Europe/Moscow"


def sign_in(client, username, password):
    """Through the admin's login form (the login protection needs the request)."""
    response = client.post("/admin/login/", {"username": username, "password": password})
    return response.status_code == 302


def test_demo_admin_can_log_in(client, demo, settings):

    assert sign_in(client, settings.DEMO_ADMIN_USERNAME, settings.DEMO_ADMIN_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_demo_has_one_login_per_role_each_reaching_the_admin_in_russian(client, demo, settings):
    from home.demo.users import TEAM

    for login, role, _first, _last in TEAM:
        user = get_user_model().objects.get(username=login)
        assert list(user.groups.values_list("name", flat=True)) == [role.name]
        assert not user.is_superuser
        client.logout()
        assert sign_in(client, login, settings.DEMO_ADMIN_PASSWORD), login
        response = client.get("/admin/")
        assert response.status_code == 200, login
        assert '<html lang="ru"' in response.content.decode(), login


def test_demo_logins_are_listed_and_never_made_without_a_demo_password(db, settings):
    from home.demo.users import TEAM, ensure_demo_team
    from home.editorial import ensure_roles

    groups, _changes = ensure_roles()
    assert [login for login, _pw, _role in ensure_demo_team(groups)][1:] == [
        login for login, *_rest in TEAM
    ]

    get_user_model().objects.all().delete()
    settings.DEMO_ADMIN_PASSWORD = None

    assert ensure_demo_team(groups) == []
    assert not get_user_model().objects.exists()
