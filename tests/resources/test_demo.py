import io
import re

from django.core.management import call_command

from resources.models import CentrePage, ToolkitPage

CYRILLIC = re.compile("[А-Яа-яЁё]")


def test_demo_resources_are_plentiful_translated_and_english_pages_have_no_russian(client, db):
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())

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

    fabrika = centres_ru.get(title="Благосфера")
    assert "Москва примет первую" in client.get(fabrika.url).content.decode()
    index_html = client.get(centres_en.first().get_parent().url).content.decode()
    assert "Winzavod" in index_html and "Moscow" in index_html
