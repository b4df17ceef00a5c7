"""A zip of a toolkit's downloadable documents, built when a reader asks for it."""

import contextlib
import logging
import re
import tempfile
import unicodedata
import zipfile

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from portal.models.mixins import transliterated_slug

logger = logging.getLogger(__name__)

SPOOL_IN_MEMORY = 5 * 1024 * 1024  # larger archives go to a temporary file
MAX_STEM = 100  # characters of a title kept in an archive member's name

# Path separators, characters Windows refuses in file names, and control characters.
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def safe_stem(text):
    """``text`` as the stem of a file name that unpacks in place on any system: no path
    separators, no ``..``, no leading dot, no control characters; letters of any script kept."""
    text = unicodedata.normalize("NFC", text or "")
    text = UNSAFE.sub("-", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = text.strip(" .-")[:MAX_STEM].strip(" .-")
    return text


def member_name(document):
    """The document's title with its file's extension: «Чек-лист.pdf»."""
    extension = re.sub(r"[^0-9a-z]", "", (document.file_extension or "").lower())[:10]
    stem = safe_stem(document.title) or safe_stem(document.filename.rsplit(".", 1)[0])
    stem = stem or "document"
    return f"{stem}.{extension}" if extension else stem


class UniqueNames:
    """A distinct safe file name inside the archive for each document (``-2``, ``-3`` … on a
    clash; compared without case, as Windows and macOS unpack them)."""

    def __init__(self):
        self.seen = set()

    def __call__(self, document):
        name = member_name(document)
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        number = 1
        while name.casefold() in self.seen:
            number += 1
            name = f"{stem}-{number}.{extension}" if extension else f"{stem}-{number}"
        self.seen.add(name.casefold())
        return name


def add_to_archive(archive, document, unique_name):
    """Copy the document's file into the archive; False (and nothing written) if storage has
    lost the file."""
    with contextlib.ExitStack() as stack:
        try:
            source = stack.enter_context(document.open_file())
        except (OSError, ValueError):
            logger.warning("Document %s (%s) is missing from storage.", document.pk, document.file)
            return False
        target = stack.enter_context(archive.open(unique_name(document), "w"))
        for chunk in iter(lambda: source.read(64 * 1024), b""):
            target.write(chunk)
    return True


def materials_zip_response(toolkit, documents):
    """Stream a zip of ``documents`` (already filtered to what the reader may see). Documents
    whose file is missing are left out; with none left the answer is a 404."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 - FileResponse closes it
    written = 0
    unique_name = UniqueNames()
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in documents:
            written += add_to_archive(archive, document, unique_name)
    if not written:
        spool.close()
        raise Http404(_("This toolkit has no materials to download."))
    spool.seek(0)
    filename = f"{transliterated_slug(toolkit.title) or 'toolkit'}-materials.zip"
    return FileResponse(
        spool, as_attachment=True, filename=filename, content_type="application/zip"
    )
