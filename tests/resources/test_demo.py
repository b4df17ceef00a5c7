import io
import re
import zipfile

from django.core.management import call_command

from resources.models import CentrePage, ToolkitPage

CYRILLIC = re.compile("[А-Яа-яЁё]")


def test_demo_resources_are_plentiful_translated_and_english_pages_have_no_russian(client, demo):

    centres_ru = CentrePage.objects.live().filter(locale__language_code="ru")
    toolkits_ru = ToolkitPage.objects.live().filter(locale__language_code="ru")
    centres_en = CentrePage.objects.live().filter(locale__language_code="en")
    toolkits_en = ToolkitPage.objects.live().filter(locale__language_code="en")
    assert centres_ru.count() >= 12 and toolkits_ru.count() >= 6
    assert centres_en.count() * 2 >= centres_ru.count()
    assert toolkits_en.count() * 2 >= toolkits_ru.count()
    for title in ("Винзавод", "Artplay", "Флакон", "Фабрика", "Благосфера"):
        assert centres_ru.filter(title=title).exists()

    for page in [*centres_en, *toolkits_en, *[p.get_parent() for p in toolkits_en[:1]]]:
        html = client.get(page.url).content.decode()
        main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        # A centre with no English version yet is linked as it is, marked as Russian.
        main = re.sub(r'<a [^>]*lang="ru"[^>]*>[^<]*</a>', "", main)
        assert not CYRILLIC.search(main), (page.url, CYRILLIC.findall(main)[:10])

    blagosfera = centres_ru.get(title="Благосфера")
    html = client.get(blagosfera.url).content.decode()
    assert "Москва примет первую" in html
    # The 2017 conference was held there: the centre's page lists it among its past events.
    past = html.split("centre-events--past", 1)[1].split("</section>", 1)[0]
    assert "Фабрика пространств" in past
    assert "1-й Боткинский проезд, 7, стр. 1" in html and 'href="https://blagosfera.ru/"' in html
    blagosfera_en = centres_en.get(translation_key=blagosfera.translation_key)
    html_en = client.get(blagosfera_en.url).content.decode()
    past_en = html_en.split("centre-events--past", 1)[1].split("</section>", 1)[0]
    assert "Factory of Spaces" in past_en
    assert "1st Botkinsky Proezd, 7, bldg 1" in html_en

    # Every centre has an address; some have social links and a gallery, in both languages.
    assert not centres_ru.filter(address="").exists()
    assert not centres_en.filter(address="").exists()
    assert centres_ru.exclude(links=[]).count() >= 2
    for page in centres_en.exclude(gallery=[]):
        html = client.get(page.url).content.decode()
        assert 'class="gallery"' in html and "Drawing:" in html
    assert centres_en.exclude(gallery=[]).count() >= 2
    # Invented centres link nowhere real.
    for page in centres_ru.exclude(website=""):
        assert page.title in ("Винзавод", "Artplay", "Флакон", "Фабрика", "Благосфера")
    index_html = client.get(centres_en.first().get_parent().url).content.decode()
    assert "Winzavod" in index_html and "Moscow" in index_html


def test_every_demo_toolkit_offers_its_materials_as_a_zip_in_both_languages(client, demo):
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())  # no duplicates

    toolkits = ToolkitPage.objects.live().select_related("locale")
    assert toolkits.filter(locale__language_code="en").exists()
    for toolkit in toolkits:
        documents = toolkit.public_materials()
        assert 1 <= len(documents) <= 3, toolkit.url
        english = toolkit.locale.language_code == "en"
        for document in documents:
            assert bool(CYRILLIC.search(document.title)) != english, document.title
        html = client.get(toolkit.url).content.decode()
        assert 'materials/">' in html  # a plain link: a 503 "being prepared" page must show
        response = client.get(toolkit.url + "materials/")
        assert response.status_code == 200, toolkit.url
        assert response["Content-Type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
        names = archive.namelist()
        assert len(names) == len(documents)
        assert any(name.endswith(".md") for name in names)
        checklist = next(archive.read(n) for n in names if n.endswith(".md")).decode()
        first_step = toolkit.steps[0].value["title"]
        assert first_step in checklist and "- [ ]" in checklist
