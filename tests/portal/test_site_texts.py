"""The footer's site texts: one set a language, written by site managers in the admin,
translated by translators with wagtail-localize, shown in the reader's language from the cache."""

import json
import re

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

import pytest

from portal.models import SiteTexts
from portal.site_texts import footer_texts
from tests.helpers import count_queries
from tests.team import make_team

CYRILLIC = re.compile("[А-Яа-яЁё]")


@pytest.fixture
def team(db, django_user_model):
    return make_team(django_user_model)


@pytest.fixture
def texts(db):
    return {t.locale.language_code: t for t in SiteTexts.objects.select_related("locale")}


def footer(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html.split('<footer class="site-footer">', 1)[1].split("</footer>", 1)[0]


def contentstate(text):
    """What Draftail posts for one paragraph of plain text."""
    block = {
        "key": "a1b2c",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": [],
    }
    return json.dumps({"blocks": [block], "entityMap": {}})


def edit_url(instance):
    return reverse("wagtailsnippets_portal_sitetexts:edit", args=[instance.pk])


def test_the_footer_speaks_the_readers_language(client, texts):
    russian = footer(client, "/ru/")
    english = footer(client, "/en/")

    assert "Портал о новых общественных пространствах России" in russian
    assert "Тексты можно использовать со ссылкой на источник." in russian
    assert "A portal about new public spaces in Russia" in english
    assert "Texts may be reused with a link to the source." in english
    assert not CYRILLIC.search(english), english
    # The English set is a wagtail-localize translation of the Russian one.
    assert Translation.objects.filter(
        source__object_id=texts["ru"].translation_key, target_locale=texts["en"].locale
    ).exists()


def test_the_english_footer_falls_back_to_the_published_russian_texts(client, texts):
    texts["en"].delete()

    assert "Портал о новых общественных пространствах России" in footer(client, "/en/")


def test_a_warm_footer_costs_no_query(client, texts):
    footer_texts("en")

    with CaptureQueriesContext(connection) as queries:
        footer_texts("en")
    assert not queries.captured_queries

    client.get("/ru/")
    with CaptureQueriesContext(connection) as page:
        client.get("/ru/")
    assert not [q for q in page.captured_queries if "portal_sitetexts" in q["sql"]]


def test_the_home_page_costs_no_more_queries_than_without_a_footer(client, texts):
    with_texts = count_queries(client, "/ru/")
    SiteTexts.objects.all().delete()

    assert count_queries(client, "/ru/") == with_texts


def test_a_site_manager_edits_the_footer_and_it_changes_at_once(client, team, texts):
    footer(client, "/ru/")  # the cache is warm
    client.force_login(team.manager)
    listing = client.get(reverse("wagtailsnippets_portal_sitetexts:list"))
    assert listing.status_code == 200
    assert "Тексты сайта (Русский)" in listing.content.decode()
    assert "Тексты сайта (Английский)" in listing.content.decode()
    menu = client.get(reverse("wagtailadmin_home")).content.decode()  # the sidebar's own item
    assert reverse("wagtailsnippets_portal_sitetexts:list") in menu
    url = edit_url(texts["ru"])
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "about": contentstate("Портал о пространствах, где встречаются соседи."),
            "contacts": contentstate("Пишите редакции."),
            "reuse_note": "Тексты — по лицензии CC BY 4.0.",
            "action-publish": "action-publish",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    russian = footer(client, "/ru/")
    assert "Портал о пространствах, где встречаются соседи." in russian
    assert "Пишите редакции." in russian
    assert "Тексты — по лицензии CC BY 4.0." in russian
    # The English footer is still the English translation, not the edited Russian.
    assert "A portal about new public spaces in Russia" in footer(client, "/en/")


def test_the_footer_escapes_the_terms_line(client, team, texts):
    client.force_login(team.manager)
    client.post(
        edit_url(texts["ru"]),
        {
            "about": contentstate("О портале."),
            "contacts": "null",
            "reuse_note": "<script>alert(1)</script>",
            "action-publish": "action-publish",
        },
    )

    html = footer(client, "/ru/")
    assert "<script>" not in html and "&lt;script&gt;" in html


def refused(response):
    """Wagtail's admin answers a permission it refuses with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def test_editors_cannot_edit_the_footer(client, team, texts):
    client.force_login(team.editor)

    assert refused(client.get(edit_url(texts["ru"])))
    assert refused(client.post(edit_url(texts["ru"]), {"reuse_note": "x"}))
    assert refused(client.get(reverse("wagtailsnippets_portal_sitetexts:list")))


def test_translators_do_not_publish_the_footer_nor_touch_the_russian_texts(client, team, texts):
    client.force_login(team.translator)

    # The translation editor's "Publish" on the English texts is refused with a word why; the
    # Russian texts are not theirs to change at all.
    response = client.post(edit_url(texts["en"]), {"action": "publish"})
    assert response.status_code == 302
    assert "отправьте их на проверку" in str(list(get_messages(response.wsgi_request))[0])
    assert not SiteTexts.objects.get(pk=texts["en"].pk).has_unpublished_changes
    assert refused(client.get(edit_url(texts["ru"])))
    revisions = texts["ru"].revisions.count()
    response = client.post(
        edit_url(texts["ru"]),
        {
            "about": contentstate("Переводчик переписал."),
            "contacts": "null",
            "reuse_note": "",
            "action-publish": "action-publish",
        },
    )
    assert refused(response)
    assert "Переводчик переписал." not in footer(client, "/ru/")
    assert texts["ru"].revisions.count() == revisions


def test_the_original_texts_cannot_be_deleted(client, admin_client, texts):
    url = reverse("wagtailsnippets_portal_sitetexts:delete", args=[texts["ru"].pk])

    response = admin_client.post(url)

    assert response.status_code == 302
    assert SiteTexts.objects.filter(pk=texts["ru"].pk).exists()


def test_a_second_set_for_a_language_is_refused(admin_client, texts):
    url = reverse("wagtailsnippets_portal_sitetexts:add") + "?locale=ru"

    response = admin_client.post(
        url, {"about": contentstate("Ещё один."), "contacts": "null", "reuse_note": ""}
    )

    assert response.status_code == 200
    assert "Тексты сайта на этом языке уже есть" in response.content.decode()
    assert SiteTexts.objects.filter(locale__language_code="ru").count() == 1


def test_a_translator_translates_the_footer_and_a_site_manager_publishes_it(client, team, texts):
    english = texts["en"]
    translation = Translation.objects.get(
        source__object_id=english.translation_key, target_locale=english.locale
    )
    segment = StringSegment.objects.get(
        source=translation.source, string__data__startswith="Тексты можно"
    )
    client.force_login(team.translator)
    editor = client.get(edit_url(english))
    assert editor.status_code == 200
    assert "wagtail_localize/admin/edit_translation.html" in [t.name for t in editor.templates]

    response = client.put(
        reverse(
            "wagtail_localize:edit_string_translation",
            args=[translation.pk, segment.pk],
        ),
        "value=Texts are free to reuse with a link to us.",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200, response.content
    # A draft until it is published: readers still see the published translation.
    assert "Texts may be reused with a link to the source." in footer(client, "/en/")

    client.force_login(team.manager)
    assert client.post(edit_url(english), {"action": "publish"}).status_code == 302
    english_footer = footer(client, "/en/")
    assert "Texts are free to reuse with a link to us." in english_footer
    assert not CYRILLIC.search(english_footer)


def test_a_new_translation_stays_off_the_site_until_published(client, team, texts):
    texts["en"].delete()
    english = Locale.objects.get(language_code="en")
    client.force_login(team.translator)

    response = client.post(
        reverse(
            "wagtail_localize:submit_snippet_translation",
            args=["portal", "sitetexts", texts["ru"].pk],
        ),
        {"locales": [english.pk]},
    )

    assert response.status_code == 302
    draft = SiteTexts.objects.get(locale=english)
    assert not draft.live
    # The untranslated copy is not shown: the Russian footer is, as before the translation.
    assert "Портал о новых общественных пространствах России" in footer(client, "/en/")
