"""Back up and restore a whole portal: the database and MEDIA_ROOT, with a manifest to check both.

A backup is one folder, ``portal-YYYYMMDD-HHMMSS/``:

- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  a copy made with SQLite's online backup API);
- ``media.tar.gz``, every file under MEDIA_ROOT with paths relative to it;
- ``manifest.json``: when, which database vendor, the row count of every model, the number of
  media files, and the SHA-256 and size of each of the files above.

The folder is written under a hidden temporary name and renamed when complete, so a folder
named ``portal-…`` is always a whole backup. A restore checks every file against the manifest
before it touches anything, goes only into an empty database and an empty MEDIA_ROOT, and
ends by recounting every model against the manifest. The management commands
``backup_portal`` and ``restore_portal`` are thin wrappers around ``create_backup`` and
``restore_backup``.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar.gz"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something the operator has to fix; the message says what and where."""


def _ignore(message):
    pass


# Row counts


def counted_models():
    """Every model with a table of its own: proxies share their concrete model's table."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and not model._meta.swapped
    ]


def count_rows(cursor, existing_tables, quote):
    """Rows per model, keyed "app_label.ModelName", for the models whose table exists.

    A model can lack a table on one vendor (Wagtail's SQLite full-text index on PostgreSQL);
    it is left out rather than counted as zero, and the restore compares the same keys.
    """
    counts = {}
    for model in counted_models():
        table = model._meta.db_table
        if table not in existing_tables:
            continue
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - a model's table
        counts[model._meta.label] = cursor.fetchone()[0]
    return dict(sorted(counts.items()))


def count_connection_rows(connection):
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        return count_rows(cursor, tables, connection.ops.quote_name)


def _sqlite_quote(name):
    return '"{}"'.format(name.replace('"', '""'))


def count_sqlite_file_rows(path):
    database = sqlite3.connect(path)
    try:
        cursor = database.cursor()
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        tables = {row[0] for row in cursor.fetchall()}
        return count_rows(cursor, tables, _sqlite_quote)
    finally:
        database.close()


def compare_counts(expected, actual):
    """The differences between two count maps, one readable line per model; empty if equal."""
    differences = []
    for label in sorted(set(expected) | set(actual)):
        want, got = expected.get(label), actual.get(label)
        if want == got:
            continue
        if want is None:
            differences.append(f"{label}: not in the manifest, {got} restored")
        elif got is None:
            differences.append(f"{label}: {want} in the manifest, no such table restored")
        else:
            differences.append(f"{label}: {want} in the manifest, {got} restored")
    return differences


# Files


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while block := stream.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def describe_files(folder):
    return {
        path.name: {"sha256": sha256_of(path), "size": path.stat().st_size}
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name != MANIFEST
    }


def _fsync(path):
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def media_files(media_root):
    """Every file under MEDIA_ROOT, as (absolute path, path relative to MEDIA_ROOT).

    Folders linked into MEDIA_ROOT are followed (a mounted volume for originals is common); a
    link that leads out of MEDIA_ROOT is refused rather than archived or silently left out.
    """
    media_root = Path(media_root)
    if not media_root.is_dir():
        return []
    real_root = media_root.resolve()
    found = []
    for directory, subdirectories, names in os.walk(media_root, followlinks=True):
        subdirectories.sort()
        for name in [*sorted(names), *subdirectories]:
            path = Path(directory) / name
            if path.is_symlink() and not path.resolve().is_relative_to(real_root):
                raise BackupError(
                    f"{path} links to {path.resolve()}, outside MEDIA_ROOT ({media_root}): "
                    "mount that folder inside MEDIA_ROOT instead, or copy it in."
                )
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file():
                found.append((path, path.relative_to(media_root).as_posix()))
    return found


def missing_media(media_root):
    """Uploads the database names whose file is not in MEDIA_ROOT (originals and documents:
    renditions can be made again). A backup of a wrong or unmounted MEDIA_ROOT would otherwise
    pass every check and hold no pictures."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    media_root = Path(media_root)
    missing = []
    for model in (get_image_model(), get_document_model()):
        for name in model.objects.values_list("file", flat=True).iterator():
            if name and not (media_root / name).is_file():
                missing.append(name)
    return missing


def archive_media(media_root, archive, log=_ignore):
    files = media_files(media_root)
    added = 0
    # Media is mostly JPEG/PNG/PDF, already compressed: a high gzip level costs time for nothing.
    with tarfile.open(archive, "w:gz", compresslevel=6, dereference=True) as tar:
        for path, name in files:
            try:
                tar.add(path, arcname=name, recursive=False)
            except FileNotFoundError:
                # Deleted while the backup ran (a replaced rendition): nothing left to keep.
                log(f"Left out {name}: it was deleted during the backup.")
                continue
            added += 1
    return added


def extract_media(archive, media_root):
    media_root = Path(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        # "data" refuses absolute paths, "..", links out of the folder and device files, so a
        # doctored archive cannot write outside MEDIA_ROOT.
        tar.extractall(media_root, filter="data")
    return len(media_files(media_root))


# PostgreSQL


def postgresql_environment(settings_dict):
    """libpq's environment for the configured database: no password on a command line."""
    options = settings_dict.get("OPTIONS") or {}
    variables = {
        "PGHOST": settings_dict.get("HOST"),
        "PGPORT": settings_dict.get("PORT"),
        "PGUSER": settings_dict.get("USER"),
        "PGPASSWORD": settings_dict.get("PASSWORD"),
        "PGSERVICE": options.get("service"),
        "PGPASSFILE": options.get("passfile"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSSLROOTCERT": options.get("sslrootcert"),
        "PGSSLCERT": options.get("sslcert"),
        "PGSSLKEY": options.get("sslkey"),
    }
    environment = dict(os.environ)
    environment.update({name: str(value) for name, value in variables.items() if value})
    return environment


def describe_postgresql(settings_dict):
    host = settings_dict.get("HOST") or "the local socket"
    port = settings_dict.get("PORT") or 5432
    return f"database {settings_dict.get('NAME')!r} on {host}:{port}"


def run_postgresql_tool(arguments, settings_dict, log=_ignore):
    """Run pg_dump or pg_restore against the configured database; its stderr is in the error."""
    program, *rest = arguments
    command = [program]
    if settings_dict.get("NAME"):
        command.append(f"--dbname={settings_dict['NAME']}")
    command += rest
    log("Running: " + " ".join(command))
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            command,
            env=postgresql_environment(settings_dict),
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} was not found on PATH: install the PostgreSQL client of the "
            "server's major version (Debian: postgresql-client-15)."
        ) from None
    if result.returncode != 0:
        raise BackupError(
            f"{command[0]} failed (exit status {result.returncode}) for "
            f"{describe_postgresql(settings_dict)}:\n{result.stderr.strip()}"
        )
    return result


def pg_dump(settings_dict, path, snapshot=None, log=_ignore):
    arguments = [
        "pg_dump",
        "--format=custom",
        "--no-owner",
        "--no-privileges",
        f"--file={path}",
    ]
    if snapshot:
        arguments.append(f"--snapshot={snapshot}")
    run_postgresql_tool(arguments, settings_dict, log)


def dump_postgresql(connection, path, log):
    """Dump the database and count its rows, both as of one moment.

    The counts and pg_dump share one exported snapshot, so a site that keeps writing
    (sessions, search hits, tasks) still gets counts that match the dump.
    """
    with transaction.atomic(using=connection.alias):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = count_connection_rows(connection)
        # The snapshot is importable only while this transaction stays open.
        pg_dump(connection.settings_dict, path, snapshot=snapshot, log=log)
    return counts


def postgresql_tables(connection):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
            "ORDER BY c.relname"
        )
        return [row[0] for row in cursor.fetchall()]


def restore_postgresql(connection, dump, log):
    pg_restore = [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        # All or nothing: a failed restore leaves the database empty, ready for another try.
        "--single-transaction",
    ]
    run_postgresql_tool([*pg_restore, str(dump)], connection.settings_dict, log)
    # Start afresh so nothing this connection learnt about the empty database lingers.
    connection.close()


# SQLite


def copy_sqlite(connection, path):
    """A consistent copy through SQLite's online backup API, on Django's own connection.

    The same connection works for a file under WAL (pages still in the -wal file are
    included) and for the in-memory database of the tests, which no second connection sees.
    """
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        # A self-contained file: no -wal beside it to forget when the backup is copied away.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
    return count_sqlite_file_rows(path)


def sqlite_file_tables(path):
    database = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = database.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"
        ).fetchall()
    finally:
        database.close()
    return [row[0] for row in rows]


def sqlite_target_problem(connection):
    """Why the configured SQLite database cannot be restored into, or None."""
    if connection.is_in_memory_db():
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        if tables:
            return _tables_problem("the in-memory database", tables)
        return "the database is an in-memory SQLite database, which vanishes when closed"
    path = Path(connection.settings_dict["NAME"])
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size:
        return f"{wal} holds changes not yet written to the database"
    if not path.exists() or not path.stat().st_size:
        return None
    # Django's first connection (its PRAGMA journal_mode=WAL) writes a 4 KiB database with no
    # tables: that one still counts as empty.
    try:
        tables = sqlite_file_tables(path)
    except sqlite3.DatabaseError as error:
        return f"{path} exists and is not an empty SQLite database ({error})"
    if tables:
        return _tables_problem(f"the database file {path}", tables)
    return None


def restore_sqlite(connection, source, log):
    target = Path(connection.settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    # Django reconnects on the next query and then opens the restored file, not the old one.
    connection.close()
    partial = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(source, partial)
    _fsync(partial)
    os.replace(partial, target)
    log(f"Copied {source.name} to {target}")


# Backup


def create_backup(destination, log=_ignore):
    """Write a complete backup folder under ``destination`` and return its path."""
    connection = connections[DEFAULT_DB_ALIAS]
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups cover PostgreSQL and SQLite; this database is {vendor}.")
    if connection.in_atomic_block:
        # pg_dump would not see the transaction's changes, PostgreSQL exports no snapshot from
        # the savepoint Django opens, and SQLite's backup waits forever on a pending write.
        raise BackupError("A backup cannot run inside a database transaction.")
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    created = timezone.localtime()
    name = f"portal-{created:%Y%m%d-%H%M%S}"
    final = destination / name
    if final.exists():
        raise BackupError(f"{final} already exists: wait a second and run the backup again.")
    # Hidden, and with a suffix no complete backup has; mkdtemp makes it private (0700), which
    # the renamed folder keeps: it holds password hashes and sessions.
    partial = Path(tempfile.mkdtemp(prefix=f".{name}-", suffix=".partial", dir=destination))
    try:
        database_file = partial / DATABASE_FILES[vendor]
        log(f"Backing up the {vendor} database into {final}")
        try:
            if vendor == "postgresql":
                counts = dump_postgresql(connection, database_file, log)
            else:
                counts = copy_sqlite(connection, database_file)
        except (DatabaseError, sqlite3.Error) as error:
            raise BackupError(f"Could not read the database: {error}") from error
        media_root = Path(settings.MEDIA_ROOT)
        missing = missing_media(media_root)
        if missing:
            raise BackupError(
                f"{len(missing)} uploaded files the database names are not in MEDIA_ROOT "
                f"({media_root}), e.g. {missing[0]}: is MEDIA_ROOT set and its volume mounted?"
            )
        log(f"Archiving MEDIA_ROOT ({media_root})")
        media_count = archive_media(media_root, partial / MEDIA_ARCHIVE, log)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": created.isoformat(timespec="seconds"),
            "database_vendor": vendor,
            "database_file": database_file.name,
            "counts": counts,
            "rows": sum(counts.values()),
            "media_files": media_count,
            "files": describe_files(partial),
        }
        manifest_path = partial / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        for path in partial.iterdir():
            _fsync(path)
        partial.rename(final)
        _fsync(destination)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    log(
        f"{len(counts)} models, {manifest['rows']} rows, {media_count} media files; "
        f"{sum(entry['size'] for entry in manifest['files'].values())} bytes in all."
    )
    return final


# Restore


def read_manifest(folder):
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupError(f"There is no backup folder at {folder}.")
    path = folder / MANIFEST
    if not path.is_file():
        raise BackupError(
            f"{folder} has no {MANIFEST}: it is not a complete backup (a backup still being "
            "written is a hidden folder ending in .partial)."
        )
    try:
        manifest = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path} is not valid JSON ({error}): the backup is damaged.") from None
    missing = {"format", "database_vendor", "database_file", "counts", "media_files", "files"}
    missing -= set(manifest) if isinstance(manifest, dict) else set()
    if missing:
        raise BackupError(f"{path} lacks {', '.join(sorted(missing))}: the backup is damaged.")
    if manifest["format"] != FORMAT_VERSION:
        raise BackupError(
            f"{path} is in backup format {manifest['format']}; this code reads {FORMAT_VERSION}."
        )
    return manifest


def verify_files(folder, manifest):
    """Refuse a backup whose files are missing, cut short or changed since it was written."""
    folder = Path(folder)
    files = manifest["files"]
    problems = [
        f"{name}: not listed in the manifest"
        for name in (manifest["database_file"], MEDIA_ARCHIVE)
        if name not in files
    ]
    for name, expected in sorted(files.items()):
        path = folder / name
        if Path(name).name != name:
            problems.append(f"{name}: not a plain file name")
        elif not path.is_file():
            problems.append(f"{name}: missing")
        elif (size := path.stat().st_size) != expected["size"]:
            problems.append(f"{name}: {size} bytes, the manifest says {expected['size']}")
        elif sha256_of(path) != expected["sha256"]:
            problems.append(f"{name}: SHA-256 checksum differs from the manifest")
    if problems:
        raise BackupError(
            f"The backup {folder} is damaged or incomplete; nothing was restored:\n  "
            + "\n  ".join(problems)
        )


def _tables_problem(where, tables):
    shown = ", ".join(tables[:3]) + (", …" if len(tables) > 3 else "")
    return f"{where} already has {len(tables)} tables ({shown})"


def target_problems(connection, vendor, media_root):
    """Why the configured database and MEDIA_ROOT cannot take a restore; empty if they can."""
    problems = []
    if vendor == "postgresql":
        try:
            tables = postgresql_tables(connection)
        except DatabaseError as error:
            raise BackupError(
                f"Cannot connect to the {describe_postgresql(connection.settings_dict)}: "
                f"{str(error).strip()}\nCreate it first (createdb "
                f"{connection.settings_dict.get('NAME') or 'NAME'}) or fix DATABASE_URL."
            ) from None
        if tables:
            problems.append(
                _tables_problem(f"the {describe_postgresql(connection.settings_dict)}", tables)
            )
    else:
        problem = sqlite_target_problem(connection)
        if problem:
            problems.append(problem)
    files = media_files(media_root)
    if files:
        problems.append(f"MEDIA_ROOT ({media_root}) already holds {len(files)} files")
    return problems


def forget_cached_pages():
    """The database changed under the caches: what they hold of the old one (the site, its
    homes and menus, whole pages) is never served again."""
    from portal.pagecache import store as page_store
    from portal.sitecache import store as site_store

    site_store.bump()
    try:
        page_store.bump({page_store.GLOBAL_TAG})
    except Exception as error:  # an unreachable cache holds nothing to serve either
        raise BackupError(
            f"The backup was restored, but the page cache could not be emptied ({error}): "
            "clear it (or restart Redis) before serving."
        ) from error


def restore_backup(folder, log=_ignore):
    """Restore ``folder`` into the configured, empty database and MEDIA_ROOT; return the counts.

    Raises BackupError before touching anything when the backup does not check out or the
    targets hold data, and after restoring when the recount differs from the manifest.
    """
    folder = Path(folder)
    if not hasattr(tarfile, "data_filter"):
        # Without it an archive could write outside MEDIA_ROOT (Python 3.11.4 and later).
        raise BackupError("Restoring needs Python 3.11.4 or later (tarfile's data filter).")
    manifest = read_manifest(folder)
    verify_files(folder, manifest)
    log(f"Checked {len(manifest['files'])} files of {folder} against the manifest.")

    connection = connections[DEFAULT_DB_ALIAS]
    vendor = manifest["database_vendor"]
    if connection.vendor != vendor:
        raise BackupError(
            f"This backup holds a {vendor} database, but the portal is configured for "
            f"{connection.vendor}: set DATABASE_URL to an empty {vendor} database."
        )
    media_root = Path(settings.MEDIA_ROOT)
    problems = target_problems(connection, vendor, media_root)
    if problems:
        raise BackupError(
            "Restore never overwrites data: "
            + "; ".join(problems)
            + ".\nTo restore, create an empty database (PostgreSQL: createdb portal_restored; "
            "SQLite: a new file name) and an empty media folder, point DATABASE_URL and "
            "MEDIA_ROOT at them, and run the restore again."
        )

    if connection.in_atomic_block:
        # Restoring closes the connection (SQLite's file is replaced, PostgreSQL's catalog
        # changes under it), which would break the caller's transaction.
        raise BackupError("A restore cannot run inside a database transaction.")

    database_file = folder / manifest["database_file"]
    if vendor == "postgresql":
        restore_postgresql(connection, database_file, log)
    else:
        restore_sqlite(connection, database_file, log)
    try:
        restored_media = extract_media(folder / MEDIA_ARCHIVE, media_root)
    except (tarfile.TarError, OSError) as error:
        raise BackupError(
            f"The database was restored, but extracting {MEDIA_ARCHIVE} into {media_root} "
            f"failed: {error}\nEmpty both again before the next try."
        ) from error
    log(f"Extracted {restored_media} media files into {media_root}")
    forget_cached_pages()

    counts = count_connection_rows(connection)
    differences = compare_counts(manifest["counts"], counts)
    if restored_media != manifest["media_files"]:
        differences.append(
            f"media files: {manifest['media_files']} in the manifest, {restored_media} restored"
        )
    width = max(map(len, counts), default=0)
    for label, count in counts.items():
        log(f"  {label:<{width}}  {count}")
    if differences:
        raise BackupError(
            "The restored data differs from the manifest:\n  " + "\n  ".join(differences)
        )
    log(
        f"{len(counts)} models and {sum(counts.values())} rows, {restored_media} media files: "
        "all match the manifest."
    )
    return counts
