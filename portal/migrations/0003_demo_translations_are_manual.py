"""Translations loaded before the demo recorded them as manual carry the loader's command name,
which wagtail-localize's editor showed to translators ("Translated with load_demo_content")."""

from django.db import migrations


def forget_the_loader(apps, schema_editor):
    StringTranslation = apps.get_model("wagtail_localize", "StringTranslation")
    StringTranslation.objects.filter(tool_name="load_demo_content").update(tool_name="")


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_unanswered_search"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [migrations.RunPython(forget_the_loader, migrations.RunPython.noop)]
