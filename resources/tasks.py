"""Background work of the resources section: a toolkit's materials zip, built once per set of
document versions and kept in media storage."""

import tempfile
from datetime import timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone

from django_tasks import task

from .materials import archive_key, file_sizes, max_archive_bytes, storage_name, write_archive
from .models import MaterialsArchive, ToolkitPage

# A build asked for this long ago and still not finished (no worker ran, or it failed) is asked
# for again by the next reader.
STALE_AFTER = timedelta(minutes=10)


def current_materials(toolkit):
    """(documents, their sizes, the archive key) for what the toolkit offers now."""
    documents = toolkit.public_materials()
    sizes = file_sizes(documents)
    return documents, sizes, archive_key(documents)


def request_archive(toolkit, key):
    """The archive row for ``key``, its build enqueued unless it is built or a build was asked
    for less than ``STALE_AFTER`` ago: any number of readers asking at once enqueue one build.
    With the immediate backend the build has run when this returns."""
    now = timezone.now()
    archive, created = MaterialsArchive.objects.get_or_create(
        toolkit=toolkit, key=key, defaults={"requested_at": now}
    )
    if not created:
        if archive.status == MaterialsArchive.READY or archive.requested_at > now - STALE_AFTER:
            return archive
        MaterialsArchive.objects.filter(pk=archive.pk).update(requested_at=now)
    build_materials_archive.enqueue(toolkit.pk)
    return MaterialsArchive.objects.filter(pk=archive.pk).first() or archive


def request_current_archive(toolkit_id):
    """Ask for the archive of what the toolkit offers now (after it is published or a document
    it lists changes), through the same record as readers' requests, so a reader who comes
    before the build ends enqueues no second one."""
    toolkit = ToolkitPage.objects.filter(pk=toolkit_id).first()
    if toolkit is None:
        return
    documents, sizes, key = current_materials(toolkit)
    if documents and sum(sizes) <= max_archive_bytes():
        request_archive(toolkit, key)
    else:
        build_materials_archive.enqueue(toolkit_id)  # removes the archives it no longer offers


def remove_replaced(toolkit_id, keep):
    """Forget the toolkit's archives other than ``keep`` (their files go with the rows, see
    ``resources.signals``), except builds asked for a moment ago by a reader."""
    asked_just_now = Q(
        status=MaterialsArchive.PENDING, requested_at__gt=timezone.now() - STALE_AFTER
    )
    replaced = MaterialsArchive.objects.filter(toolkit_id=toolkit_id).exclude(pk=keep)
    for archive in replaced.exclude(asked_just_now):
        archive.delete()


def remove_all(toolkit_id):
    for archive in MaterialsArchive.objects.filter(toolkit_id=toolkit_id):
        archive.delete()


@task()
def build_materials_archive(toolkit_id):
    """Build the zip of the toolkit's public documents as they are now, store it in media
    storage and record it; remove the archives it replaces. Nothing to do when that version is
    built already; nothing is built for a toolkit over the size cap. Returns the stored name."""
    toolkit = ToolkitPage.objects.filter(pk=toolkit_id).first()
    if toolkit is None:
        return None
    documents, sizes, key = current_materials(toolkit)
    if not documents or sum(sizes) > max_archive_bytes():
        remove_all(toolkit_id)
        return None
    archive, _created = MaterialsArchive.objects.get_or_create(
        toolkit=toolkit, key=key, defaults={"requested_at": timezone.now()}
    )
    if archive.status == MaterialsArchive.READY:
        if default_storage.exists(archive.file_name):
            return archive.file_name
        MaterialsArchive.objects.filter(pk=archive.pk).update(status=MaterialsArchive.PENDING)
    name, size = "", None
    with tempfile.TemporaryFile() as spool:
        if write_archive(spool, documents):
            spool.seek(0)
            name = default_storage.save(storage_name(toolkit.pk, key), File(spool))
            size = default_storage.size(name)
    finished = (
        MaterialsArchive.objects.filter(pk=archive.pk)
        .exclude(status=MaterialsArchive.READY)
        .update(
            status=MaterialsArchive.READY if name else MaterialsArchive.EMPTY,
            file_name=name,
            file_size=size,
            built_at=timezone.now(),
        )
    )
    if not finished and name:
        default_storage.delete(name)  # another build of the same version finished first
    remove_replaced(toolkit_id, keep=archive.pk)
    return name or None
