"""A zip of a toolkit's downloadable documents, built when a reader asks for it."""

import tempfile
import zipfile

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from portal.models.mixins import transliterated_slug

SPOOL_IN_MEMORY = 5 * 1024 * 1024  # larger archives go to a temporary file


def archive_names(documents):
    """A unique file name inside the archive for each document."""
    seen = set()
    for document in documents:
        name = document.filename
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        number = 1
        while name in seen:
            number += 1
            name = f"{stem}-{number}.{extension}" if extension else f"{stem}-{number}"
        seen.add(name)
        yield document, name


def materials_zip_response(toolkit, documents):
    """Stream a zip of ``documents`` (already filtered to what the reader may see)."""
    if not documents:
        raise Http404(_("This toolkit has no materials to download."))
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - FileResponse closes it
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document, name in archive_names(documents):
            with document.open_file() as source, archive.open(name, "w") as target:
                for chunk in iter(lambda: source.read(64 * 1024), b""):
                    target.write(chunk)
    spool.seek(0)
    filename = f"{transliterated_slug(toolkit.title) or 'toolkit'}-materials.zip"
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type="application/zip"
    )
