"""Background work (django-tasks: immediate in dev and tests, the database worker in production)."""

from wagtail.images import get_image_model

from django_tasks import task


@task()
def generate_renditions(image_id, filter_specs):
    """Make the renditions listings and link previews need before the first reader asks for them.

    Resizing a dozen uploads on a reader's request is what makes the first view of a fresh news
    list slow; an image deleted meanwhile is simply skipped.
    """
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        image.get_renditions(*filter_specs)


@task()
def reindex_pages_referring_to(app_label, model_name, object_id):
    """Re-index the pages that show a taxonomy term after the term is renamed.

    Pages index the names of their topics, formats, cities and so on; without this a renamed
    term would be found under its old name until each page happened to be saved again.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page, ReferenceIndex
    from wagtail.search import index

    model = apps.get_model(app_label, model_name)
    term = model.objects.filter(pk=object_id).first()
    if term is None:
        return
    # Translated pages link to the source's term and show its translation: follow every
    # language version of the term.
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = {
        reference.object_id
        for version in model.objects.filter(translation_key=term.translation_key)
        for reference in ReferenceIndex.get_references_to(version).filter(
            base_content_type=page_type
        )
    }
    for page in Page.objects.filter(pk__in=page_ids).specific().iterator(chunk_size=200):
        index.insert_or_update_object(page)
