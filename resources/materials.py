"""A zip of a toolkit's downloadable documents: what goes in, under which names, how each file
is packed, and the key that names one set of document versions.

The archive is built once per key by a background task (``resources.tasks``) and kept in media
storage; the ``materials/`` view serves the stored file (``resources.views``).
"""

import contextlib
import hashlib
import json
import logging
import re
import unicodedata
import zipfile

from django.conf import settings
from django.utils import timezone

logger = logging.getLogger(__name__)

# Bumped when the archive's layout changes (member names, packing), so every archive is rebuilt.
ARCHIVE_FORMAT = 2
STORAGE_FOLDER = "materials"
# Files that are compressed already: deflating them again costs CPU and saves next to nothing,
# so they are stored as they are. Office Open XML and OpenDocument files are zips inside. PDFs
# are deflated: their text and fonts usually shrink a little.
STORED_EXTENSIONS = frozenset(
    {"7z", "avif", "bz2", "docx", "epub", "gif", "gz", "heic", "jpeg", "jpg", "m4a", "mov"}
    | {"mp3", "mp4", "odp", "ods", "odt", "ogg", "png", "pptx", "rar", "tgz", "webm", "webp"}
    | {"xlsx", "xz", "zip"}
)
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


def compression_for(document):
    """ZIP_STORED for a file that is compressed already (by its extension), else ZIP_DEFLATED."""
    extension = (document.file_extension or "").lower()
    return zipfile.ZIP_STORED if extension in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED


def add_to_archive(archive, document, unique_name):
    """Copy the document's file into the archive, stored or deflated by its type, dated by the
    document's upload; False (and nothing written) if storage has lost the file."""
    with contextlib.ExitStack() as stack:
        try:
            source = stack.enter_context(document.open_file())
        except (OSError, ValueError):
            logger.warning("Document %s (%s) is missing from storage.", document.pk, document.file)
            return False
        created = timezone.localtime(document.created_at)
        info = zipfile.ZipInfo(unique_name(document), date_time=created.timetuple()[:6])
        info.compress_type = compression_for(document)
        info.external_attr = 0o644 << 16  # a plain readable file once unpacked
        target = stack.enter_context(archive.open(info, "w"))
        for chunk in iter(lambda: source.read(64 * 1024), b""):
            target.write(chunk)
    return True


def write_archive(fileobj, documents):
    """Write a zip of ``documents`` (already filtered to what anyone may see) to ``fileobj``;
    the number of documents written (a document whose file is missing is left out)."""
    written = 0
    unique_name = UniqueNames()
    with zipfile.ZipFile(fileobj, "w") as archive:
        for document in documents:
            written += add_to_archive(archive, document, unique_name)
    return written


def file_sizes(documents):
    """Each document's size in bytes (0 for a file storage has lost). Wagtail records the size
    at upload; a document without it is measured once and the size saved."""
    return [document.get_file_size() or 0 for document in documents]


def archive_key(documents):
    """A hash of what the archive holds: each document's id, stored file, content hash, size
    and title, in order. A replaced file, a new title, or a document added, removed or made
    private gives another key, hence another archive. Call after ``file_sizes``, which fills in
    missing sizes."""
    parts = [ARCHIVE_FORMAT] + [
        [document.pk, document.file.name, document.file_hash, document.file_size, document.title]
        for document in documents
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()


def storage_name(toolkit_id, key):
    """Where the archive for ``key`` lives in media storage (never served by the web server
    directly: the ``materials/`` view serves it)."""
    return f"{STORAGE_FOLDER}/{toolkit_id}/{key}.zip"


def max_archive_bytes():
    """Above this total the toolkit offers its documents one by one instead of a zip."""
    return settings.PORTAL_MATERIALS_ZIP_MAX_BYTES
