"""What the news section does when its content or a shared taxonomy changes."""

from django.db import transaction

from portal.images import PUBLISH_RENDITIONS
from portal.tasks import generate_renditions

from .events import stored
from .events.models import EventPage
from .events.schedule import WHEN_FIELDS

OCCURRENCE_FIELDS = stored.SCHEDULE_FIELDS | set(WHEN_FIELDS)


def prepare_renditions(sender, instance, **kwargs):
    """Once a news item is published, make its image's renditions in the background."""
    if instance.lead_image_id:
        image_id, specs = instance.lead_image_id, list(PUBLISH_RENDITIONS)
        transaction.on_commit(lambda: generate_renditions.enqueue(image_id, specs))


def refresh_event_instants(sender, instance, raw=False, **kwargs):
    """A city's new time zone moves the instants of the events that keep to the city's zone.

    Events store the UTC start and end of their series for filtering and ordering; those with an
    empty zone of their own take the city's, so its change must be written through to them.
    """
    if raw:
        return
    for event in EventPage.objects.filter(city=instance, time_zone="").select_related("city"):
        event.save(update_fields=["starts_at", "ends_at"], clean=False)


def store_display_date(sender, instance, **kwargs):
    """A published news item shows, and is listed by, the editor's date or its first publication.

    ``NewsPage.save()`` writes the date; this catches a publish that saved the page with only
    some of its fields (the scheduler, a translation's publish or an import may), in one UPDATE
    that changes nothing when the stored date is right.
    """
    value = instance.publication_date or instance.first_published_at
    if value is None:
        return
    type(instance).objects.filter(pk=instance.pk).exclude(display_date=value).update(
        display_date=value
    )
    instance.display_date = value


def store_occurrences(sender, instance, raw=False, update_fields=None, **kwargs):
    """An event saved live has its occurrences written again; one saved unpublished, none.

    Saves that touch none of its dates nor its being live (a draft revision of a live event
    records only which revision is the latest) leave them as they are.
    """
    if raw or (update_fields is not None and not OCCURRENCE_FIELDS & set(update_fields)):
        return
    stored.write(instance)


def drop_occurrences(sender, instance, **kwargs):
    """An unpublished event leaves every listing at once."""
    stored.remove(instance)
