"""Keep toolkits' materials archives in step with their pages and documents."""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.documents import get_document_model
from wagtail.signals import page_published

from .models import MaterialsArchive, ToolkitPage, ToolkitPageMaterial
from .tasks import request_current_archive

# Saves that only record what Wagtail measured about the same file.
METADATA_ONLY = {"file_size", "file_hash"}


def build_after_commit(toolkit_id):
    transaction.on_commit(lambda: request_current_archive(toolkit_id), robust=True)


@receiver(page_published, sender=ToolkitPage)
def build_on_publish(sender, instance, **kwargs):
    """Build the archive when the toolkit is published, so that its first reader finds it."""
    build_after_commit(instance.pk)


@receiver(post_save, sender=get_document_model())
def build_on_document_change(sender, instance, created, update_fields=None, **kwargs):
    """A document's new file or title: rebuild the archives of the live toolkits that list it."""
    if created or (update_fields and set(update_fields) <= METADATA_ONLY):
        return
    toolkits = ToolkitPageMaterial.objects.filter(document=instance, page__live=True)
    for toolkit_id in set(toolkits.values_list("page_id", flat=True)):
        build_after_commit(toolkit_id)


@receiver(post_delete, sender=MaterialsArchive)
def delete_archive_file(sender, instance, **kwargs):
    """The stored zip goes with its row: replaced by a new version, or with its toolkit."""
    if instance.file_name:
        name = instance.file_name
        transaction.on_commit(lambda: default_storage.delete(name), robust=True)
