"""PO files for translation agencies, through the translation editor's own buttons as a member
of «Переводчики»: the download is named after the page's Latin slug and id, a filled file comes
back into the editor's strings, a file of another page or language is refused whole, and a
rejected string is reported with its line in the file."""

import html
import json
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.models import Locale
from wagtail.rich_text import RichText
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

import polib
import pytest
from bs4 import BeautifulSoup

from home.editorial import ensure_team
from home.models import HomePage, StandardPage
from portal.models import Topic
from portal.translation.files import export_po
from tests.helpers import rolled_back_after

PARAGRAPH = '<p>Открыли <b>двор</b> для соседей и <a href="https://example.org">библиотеку</a>.</p>'
ENGLISH = {
    "title": "Space factory",
    "slug": "space-factory",
    "intro": "A former plant became a community centre.",
    "paragraph": 'We opened the <b>yard</b> to the neighbours and the <a id="a1">library</a>.',
}


def english_for(entry):
    field = entry.msgctxt.split(".")[0]
    return ENGLISH["paragraph"] if field == "body" else ENGLISH[field]


def submit_translation(client, obj, locale):
    if isinstance(obj, StandardPage):
        url = reverse("wagtail_localize:submit_page_translation", args=[obj.pk])
    else:
        url = reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[obj._meta.app_label, obj._meta.model_name, obj.pk],
        )
    response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302, response.content
    source = TranslationSource.objects.get_for_instance(obj)
    return Translation.objects.get(source=source, target_locale=locale)


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """Two Russian pages, each started into English by the translator, built once."""

    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            home = HomePage.objects.get(locale__language_code="ru")
            factory = home.add_child(
                instance=StandardPage(
                    title="Фабрика пространств",
                    intro="Бывший завод стал центром для соседей.",
                    body=[("paragraph", RichText(PARAGRAPH))],
                )
            )
            other = home.add_child(
                instance=StandardPage(title="Двор библиотеки", intro="Другая страница.")
            )
            ensure_team()
            translator = get_user_model().objects.create_user("po-translator", password="x")
            translator.groups.add(Group.objects.get(name="Переводчики"))
            client = Client()
            client.force_login(translator)
            english = Locale.objects.get(language_code="en")
            data = {
                "translator": translator,
                "factory": factory,
                "other": other,
                "translation": submit_translation(client, factory, english),
                "other_translation": submit_translation(client, other, english),
            }
        yield data


@pytest.fixture
def translator_client(db, client, pages):
    client.force_login(pages["translator"])
    return client


def download(client, translation):
    return client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))


def filled_po(client, translation):
    po = polib.pofile(download(client, translation).content.decode())
    for entry in po:
        entry.msgstr = english_for(entry)
    return po


def editor_url(translation):
    return reverse("wagtailadmin_pages:edit", args=[translation.get_target_instance().pk])


def upload(client, translation, content, name="translated.po"):
    """Upload as the editor's form does; returns the text of the editor's messages after it."""
    if isinstance(content, polib.POFile):
        content = str(content).encode()
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile(name, content), "next": editor_url(translation)},
    )
    assert response.status_code == 302
    assert response["Location"] == editor_url(translation)
    page = client.get(response["Location"])
    assert page.status_code == 200
    return messages_text(page.content.decode())


def messages_text(page):
    """Each message the admin shows, as "level: text"."""
    items = BeautifulSoup(page, "html.parser").select("div.messages > ul > li")
    assert items, "no message shown"
    texts = []
    for item in items:
        for button in item.find_all("button"):
            button.decompose()
        texts.append(f"{item['class'][0]}: {' '.join(item.get_text(' ').split())}")
    return " | ".join(texts)


def english_strings(translation):
    return dict(
        StringTranslation.objects.filter(
            locale=translation.target_locale, context__object_id=translation.source.object_id
        ).values_list("context__path", "data")
    )


def editor_strings(client, translation):
    page = client.get(editor_url(translation)).content.decode()
    props = json.loads(html.unescape(re.search(r'data-props="([^"]*)"', page).group(1)))
    return {item["data"] for item in props["initialStringTranslations"]}


def test_the_export_is_named_after_the_latin_slug_and_id(translator_client, pages):
    response = download(translator_client, pages["translation"])

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="fabrika-prostranstv-{pages["factory"].pk}-en.po"'
    )
    po = polib.pofile(response.content.decode())
    assert po.metadata["Language"] == "en"
    assert po.metadata["X-WagtailLocalize-TranslationID"] == str(pages["translation"].uuid)
    assert {entry.msgid for entry in po} >= {"Фабрика пространств", "fabrika-prostranstv"}
    assert any("<b>двор</b>" in entry.msgid for entry in po)


def test_a_filled_file_comes_back_into_the_editors_strings(translator_client, pages):
    translation = pages["translation"]
    po = filled_po(translator_client, translation)

    message = upload(translator_client, translation, po)

    assert message == "success: Из PO-файла импортированы 4 строки."
    assert set(english_strings(translation).values()) == set(ENGLISH.values())
    assert set(ENGLISH.values()) <= editor_strings(translator_client, translation)
    assert translation.get_progress() == (4, 4)

    again = upload(translator_client, translation, po)
    assert again == "success: Из PO-файла импортировано 0 строк. 4 строки не изменились."


def test_the_file_of_another_page_is_refused(translator_client, pages):
    po = filled_po(translator_client, pages["other_translation"])

    message = upload(translator_client, pages["translation"], po)

    assert message == (
        "error: Этот файл — от другого перевода: «Двор библиотеки» на язык «Английский». "
        "Ничего не импортировано."
    )
    assert english_strings(pages["translation"]) == {}
    assert english_strings(pages["other_translation"]) == {}


def test_the_file_of_another_language_is_refused(translator_client, pages):
    translation = pages["translation"]
    german = Locale.objects.create(language_code="de")
    into_german = Translation.objects.create(source=translation.source, target_locale=german)
    po = export_po(into_german)
    for entry in po:
        entry.msgstr = "Übersetzt"

    message = upload(translator_client, translation, po)

    assert message == (
        "error: Этот файл — перевод на язык «Немецкий», а здесь переводят на язык «Английский». "
        "Ничего не импортировано."
    )
    assert english_strings(translation) == {}


def test_a_header_that_names_another_language_is_refused(translator_client, pages):
    translation = pages["translation"]
    po = filled_po(translator_client, translation)
    po.metadata["Language"] = "de_DE"

    message = upload(translator_client, translation, po)

    assert message.startswith("error: В заголовке файла указан язык «de_DE»")
    assert english_strings(translation) == {}


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "Это не PO-файл: это не текст."),
        ("Перевод".encode("cp1251"), "Файл не в той кодировке"),
        ("Перевод: просто текст, не PO".encode(), "Это не PO-файл"),
        (b"", "Это не PO-файл: в нём нет строк."),
        ('msgid ""\nmsgstr ""\n\nmsgid "Фабрика"\nmsgstr "F"\n'.encode("cp1251"), "кодировке"),
        (b'msgid ""\nmsgstr ""\n"Language: en\\n"\n', "В файле нет идентификатора перевода"),
    ],
    ids=["binary", "not-utf8", "plain-text", "empty", "cp1251", "no-translation-id"],
)
def test_a_file_that_is_no_po_file_of_ours_is_refused(translator_client, pages, content, expected):
    message = upload(translator_client, pages["translation"], content, name="file.po")

    assert message.startswith("error: ") and expected in message
    assert english_strings(pages["translation"]) == {}


def test_rejected_strings_are_reported_with_their_lines(translator_client, pages):
    translation = pages["translation"]
    po = filled_po(translator_client, translation)
    paragraph = next(entry for entry in po if entry.msgctxt.startswith("body"))
    paragraph.msgstr = "<div>We opened the yard.</div>"
    po.append(polib.POEntry(msgctxt="body.no-such-block", msgid="Нет такой", msgstr="None"))
    text = str(po)
    lines = text.splitlines()

    def line_of(context):
        return lines.index(f'msgctxt "{context}"') + 1

    message = upload(translator_client, translation, text.encode())

    assert message.startswith(
        "warning: Из PO-файла импортированы 3 строки. 2 строки не импортированы: "
        f"строка {line_of(paragraph.msgctxt)} файла: Тег <div> недопустим."
    )
    assert message.endswith(
        f"строка {line_of('body.no-such-block')} файла: такой строки в этом переводе нет "
        "(msgctxt «body.no-such-block»)"
    )
    stored = english_strings(translation)
    assert paragraph.msgctxt not in stored
    assert stored["title"] == "Space factory"


def test_a_link_id_the_source_has_not_is_rejected(translator_client, pages):
    translation = pages["translation"]
    po = filled_po(translator_client, translation)
    paragraph = next(entry for entry in po if entry.msgctxt.startswith("body"))
    paragraph.msgstr = 'The <a id="a7">library</a>.'

    message = upload(translator_client, translation, po)

    assert "В теге <a> неизвестный идентификатор ссылки: a7" in message
    assert paragraph.msgctxt not in english_strings(translation)


def test_someone_without_rights_on_the_english_page_gets_no_file(client, pages, django_user_model):
    editor = django_user_model.objects.create_user("po-editor", password="x")
    editor.groups.add(Group.objects.get(name="Редакторы"))
    client.force_login(editor)
    translation = pages["translation"]

    # Wagtail's admin answers a PermissionDenied with its dashboard and a message.
    assert download(client, translation)["Location"] == reverse("wagtailadmin_home")
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("x.po", str(filled_po_as_admin(translation)).encode())},
    )
    assert response["Location"] == reverse("wagtailadmin_home")
    assert english_strings(translation) == {}


def filled_po_as_admin(translation):
    po = export_po(translation)
    for entry in po:
        entry.msgstr = english_for(entry)
    return po


def test_a_topic_is_exported_under_its_transliterated_name(client, pages, django_user_model):
    moderator = django_user_model.objects.create_user("po-moderator", password="x")
    moderator.groups.add(Group.objects.get(name="Модераторы"))
    client.force_login(moderator)
    russian = Locale.objects.get(language_code="ru")
    topic = Topic.objects.create(name="Городская среда", slug="urban", locale=russian)
    translation = submit_translation(client, topic, Locale.objects.get(language_code="en"))

    response = download(client, translation)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="gorodskaya-sreda-{topic.pk}-en.po"'
    )
    assert "Городская среда" in {entry.msgid for entry in polib.pofile(response.content.decode())}


def test_a_string_marked_fuzzy_is_left_out(translator_client, pages):
    translation = pages["translation"]
    po = filled_po(translator_client, translation)
    intro = next(entry for entry in po if entry.msgctxt == "intro")
    intro.flags.append("fuzzy")
    lines = str(po).splitlines()

    message = upload(translator_client, translation, po)

    line = lines.index('msgctxt "intro"')  # the entry starts at its "#, fuzzy" line
    assert message.startswith("warning: Из PO-файла импортированы 3 строки.")
    assert f"строка {line} файла: помечена как неточная (fuzzy), не проверена" in message
    assert "intro" not in english_strings(translation)


def test_the_editors_two_buttons_say_download_and_upload(translator_client):
    catalogue = translator_client.get(reverse("wagtail_localize:javascript_catalog"))

    strings = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", catalogue.content.decode(), re.S).group(1)
    )
    assert strings["Download PO file"] == "Скачать PO-файл"
    assert strings["Upload PO file"] == "Загрузить PO-файл"
