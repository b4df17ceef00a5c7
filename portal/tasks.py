"""Background work (django-tasks: immediate in dev and tests, the database worker in production)."""

from wagtail.images import get_image_model

from django_tasks import task


@task()
def generate_renditions(image_id, filter_specs):
    """Make the renditions listings and link previews need before the first reader asks for them.

    Resizing a dozen uploads on a reader's request is what makes the first view of a fresh news
    list slow (PITFALLS §19); an image deleted meanwhile is simply skipped.
    """
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        image.get_renditions(*filter_specs)
