from django.db import migrations, models
from django.utils import timezone

BATCH = 1000


def fill_display_date(apps, schema_editor):
    """The date shown of every existing news item, a thousand rows at a time."""
    NewsPage = apps.get_model("news", "NewsPage")
    now = timezone.now()
    batch = []
    rows = NewsPage.objects.only(
        "pk", "publication_date", "first_published_at", "latest_revision_created_at"
    ).order_by("pk")
    for page in rows.iterator(chunk_size=BATCH):
        page.display_date = (
            page.publication_date
            or page.first_published_at
            or page.latest_revision_created_at
            or now
        )
        batch.append(page)
        if len(batch) == BATCH:
            NewsPage.objects.bulk_update(batch, ["display_date"])
            batch = []
    if batch:
        NewsPage.objects.bulk_update(batch, ["display_date"])


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_lead_image_alt_help_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="newspage",
            name="display_date",
            field=models.DateTimeField(editable=False, null=True, verbose_name="date shown"),
        ),
        migrations.RunPython(fill_display_date, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="newspage",
            name="display_date",
            field=models.DateTimeField(editable=False, verbose_name="date shown"),
        ),
        migrations.AddIndex(
            model_name="newspage",
            index=models.Index(fields=["display_date", "page_ptr"], name="news_display_date_idx"),
        ),
    ]
