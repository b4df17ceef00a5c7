"""Backup and restore of a whole portal: portal.backup, backup_portal and restore_portal.

Everything runs for real on the configured vendor: pg_dump and pg_restore against the test
server, SQLite's backup API on the test database. A restore goes into a second, empty database
(a new file, or a database created on the server) that replaces Django's "default" connection
for the duration; the test database's own connection is never closed or reconfigured, since
the in-memory SQLite test database would vanish with it.
"""

import copy
import io
import json
import shutil
import sqlite3
import tarfile
import uuid
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.db.utils import load_backend
from django.test import override_settings

from wagtail.documents.models import Document
from wagtail.images.models import Image, Rendition
from wagtail.models import Locale

import psycopg
import pytest
import wagtail_factories

from home.models import HomePage, StandardPage
from news.models import NewsIndexPage, NewsPage
from portal.backup import (
    BackupError,
    archive_media,
    copy_sqlite,
    media_files,
    missing_media,
    pg_dump,
    postgresql_tables,
)
from portal.translation.translate import translate_object
from tests.factories.home import StandardPageFactory
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory
from tests.factories.resources import make_document

KEY_MODELS = [
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtail_localize.TranslationSource",
    "wagtail_localize.Translation",
    "wagtail_localize.String",
    "wagtailimages.Image",
    "wagtailimages.Rendition",
    "wagtaildocs.Document",
    "auth.User",
]


def run(command, *args):
    out = io.StringIO()
    call_command(command, *[str(arg) for arg in args], stdout=out)
    return out.getvalue()


def orm_counts():
    """Rows per model through the ORM: a second opinion on the SQL counts of portal.backup."""
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.db_table in tables
    }


def server_sql(settings_dict, statement):
    """Run a statement outside any transaction (CREATE/DROP DATABASE), on its own connection."""
    with psycopg.connect(
        dbname=settings_dict["NAME"],
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
        autocommit=True,
    ) as server:
        server.execute(statement)


@contextmanager
def default_database(settings_dict):
    """Make Django's "default" alias a new connection with ``settings_dict`` until the end."""
    original = connections["default"]
    target = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias="default")
    connections["default"] = target
    cache.clear()  # Wagtail's cached site root paths belong to the other database
    try:
        yield target
    finally:
        target.close()
        connections["default"] = original
        cache.clear()


@contextmanager
def empty_database(tmp_path):
    """Point Django's "default" alias at a new, empty database until the block ends."""
    original = connections["default"].settings_dict
    settings_dict = copy.deepcopy(original)
    if settings_dict["ENGINE"] != "django.db.backends.postgresql":
        settings_dict["NAME"] = str(tmp_path / f"restored-{uuid.uuid4().hex[:8]}.sqlite3")
        with default_database(settings_dict) as target:
            yield target
        return
    name = settings_dict["NAME"] = f"portal_restore_{uuid.uuid4().hex[:12]}"
    server_sql(original, f'CREATE DATABASE "{name}"')
    try:
        with default_database(settings_dict) as target:
            yield target
    finally:
        server_sql(original, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_is_empty(target):
    if target.vendor == "postgresql":
        return postgresql_tables(target) == []
    path = Path(target.settings_dict["NAME"])
    return not path.exists() or path.stat().st_size == 0


def only_folder(parent):
    (folder,) = Path(parent).iterdir()
    return folder


@pytest.fixture(scope="module")
def backup_template(django_db_setup, django_db_blocker, tmp_path_factory):
    """A backup of the test database's site tree and one media file, made once per module.

    It is made between tests, outside any test's transaction, as a backup must be; each test
    gets its own copy to damage or edit.
    """
    root = tmp_path_factory.mktemp("backup")
    note = root / "media" / "documents" / "note.txt"
    note.parent.mkdir(parents=True)
    note.write_bytes("Заметка\n".encode())
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=root / "media", PORTAL_BACKUP_DIR=root / "backups"),
    ):
        run("backup_portal")  # into the default folder
    return only_folder(root / "backups")


@pytest.fixture
def backup(db, backup_template, tmp_path):
    return Path(shutil.copytree(backup_template, tmp_path / backup_template.name))


def test_a_backup_is_one_complete_folder_with_checksums(backup):
    database_file = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
    manifest = json.loads((backup / "manifest.json").read_text())

    assert backup.name.startswith("portal-") and len(backup.name) == len("portal-20260101-120000")
    assert backup.stat().st_mode & 0o777 == 0o700  # password hashes and sessions inside
    assert sorted(path.name for path in backup.iterdir()) == sorted(
        ["manifest.json", "media.tar.gz", database_file[connection.vendor]]
    )
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["counts"] == orm_counts()
    assert manifest["counts"]["wagtailcore.Page"] == 3  # root, ru home, en home
    assert manifest["media_files"] == 1
    assert set(manifest["files"]) == {"media.tar.gz", database_file[connection.vendor]}
    for name, entry in manifest["files"].items():
        assert entry["size"] == (backup / name).stat().st_size
    with tarfile.open(backup / "media.tar.gz") as tar:
        assert tar.getnames() == ["documents/note.txt"]


def test_a_missing_media_root_gives_an_empty_archive(tmp_path):
    assert archive_media(tmp_path / "no-media-yet", tmp_path / "media.tar.gz") == 0

    with tarfile.open(tmp_path / "media.tar.gz") as tar:
        assert tar.getnames() == []


def test_links_inside_media_root_are_followed_and_links_out_of_it_refused(tmp_path):
    media = tmp_path / "media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "a.webp").write_bytes(b"a")
    mounted = media / "volume"
    mounted.mkdir()
    (mounted / "original.jpg").write_bytes(b"o")
    (media / "original_images").symlink_to(mounted)
    names = [name for _path, name in media_files(media)]
    assert "original_images/original.jpg" in names
    assert "images/a.webp" in names

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.txt").write_text("not media")
    (media / "documents").symlink_to(outside)
    with pytest.raises(BackupError, match="outside MEDIA_ROOT"):
        media_files(media)


def test_uploads_missing_from_media_root_are_named(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    image = wagtail_factories.ImageFactory()
    document = make_document("Устав", "ustav.pdf", b"%PDF-1.4 test")
    assert missing_media(settings.MEDIA_ROOT) == []

    (tmp_path / "media" / image.file.name).unlink()
    (tmp_path / "media" / document.file.name).unlink()
    assert sorted(missing_media(settings.MEDIA_ROOT)) == sorted(
        [image.file.name, document.file.name]
    )
    # A MEDIA_ROOT that points at the wrong folder misses everything.
    assert len(missing_media(tmp_path / "wrong")) == 2


def test_a_backup_refuses_to_run_inside_a_transaction(db, tmp_path):
    with pytest.raises(CommandError, match="cannot run inside a database transaction"):
        run("backup_portal", "--output", tmp_path / "out")

    assert not (tmp_path / "out").exists()


def test_restore_refuses_a_database_that_has_tables(backup, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "restored-media"
    before = orm_counts()

    with pytest.raises(CommandError) as refused:
        run("restore_portal", backup)

    message = str(refused.value)
    assert "Restore never overwrites data" in message
    assert "already has" in message and "tables" in message
    assert "create an empty database" in message and "DATABASE_URL" in message
    assert orm_counts() == before
    assert not (tmp_path / "restored-media").exists()


def test_restore_refuses_a_media_folder_that_holds_files(backup, tmp_path, settings):
    media = tmp_path / "busy-media"
    (media / "images").mkdir(parents=True)
    (media / "images" / "kept.png").write_bytes(b"not to be overwritten")
    settings.MEDIA_ROOT = media

    with empty_database(tmp_path) as target:
        with pytest.raises(CommandError) as refused:
            run("restore_portal", backup)
        assert database_is_empty(target)

    assert f"MEDIA_ROOT ({media}) already holds 1 files" in str(refused.value)
    assert "empty media folder" in str(refused.value)
    assert [path.name for path in media.rglob("*") if path.is_file()] == ["kept.png"]


@pytest.mark.parametrize("damage", ["database", "media", "missing media"])
def test_restore_refuses_a_damaged_backup_before_touching_anything(
    backup, tmp_path, settings, damage
):
    manifest = json.loads((backup / "manifest.json").read_text())
    name = manifest["database_file"] if damage == "database" else "media.tar.gz"
    path = backup / name
    if damage == "missing media":
        path.unlink()
    else:
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0x01
        path.write_bytes(bytes(data))
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    with empty_database(tmp_path) as target:
        with pytest.raises(CommandError) as refused:
            run("restore_portal", backup)
        assert database_is_empty(target)

    message = str(refused.value)
    assert "damaged or incomplete; nothing was restored" in message
    expected = "missing" if damage == "missing media" else "SHA-256 checksum differs"
    assert f"{name}: {expected}" in message
    assert not (tmp_path / "restored-media").exists()


def test_restore_names_a_backup_folder_that_does_not_exist(db, tmp_path):
    missing = tmp_path / "portal-20260101-000000"

    with pytest.raises(CommandError, match=f"There is no backup folder at {missing}"):
        run("restore_portal", missing)


def test_restore_names_a_folder_without_manifest(db, tmp_path):
    (tmp_path / "half").mkdir()

    with pytest.raises(CommandError, match="has no manifest.json: it is not a complete backup"):
        run("restore_portal", tmp_path / "half")


def test_restore_fails_when_a_count_differs_from_the_manifest(backup, tmp_path, settings):
    manifest_path = backup / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    pages = manifest["counts"]["wagtailcore.Page"]
    manifest["counts"]["wagtailcore.Page"] = pages + 1  # not covered by the checksums
    manifest_path.write_text(json.dumps(manifest))
    settings.MEDIA_ROOT = tmp_path / "restored-media"

    with empty_database(tmp_path):
        with pytest.raises(CommandError) as mismatch:
            run("restore_portal", backup)
        restored = orm_counts()

    assert str(mismatch.value).splitlines() == [
        "The restored data differs from the manifest:",
        f"  wagtailcore.Page: {pages + 1} in the manifest, {pages} restored",
    ]
    assert restored["wagtailcore.Page"] == pages
    assert (tmp_path / "restored-media" / "documents" / "note.txt").is_file()


@pytest.mark.postgres
def test_a_failing_pg_dump_stops_with_its_own_message(db, tmp_path):
    settings_dict = {**connection.settings_dict, "NAME": "portal_no_such_database"}

    with pytest.raises(BackupError) as failed:
        pg_dump(settings_dict, tmp_path / "database.dump")

    message = str(failed.value)
    assert message.startswith("pg_dump failed (exit status 1)")
    assert 'database "portal_no_such_database" does not exist' in message


@pytest.mark.postgres
def test_backup_of_an_unreachable_database_leaves_no_folder(db, tmp_path):
    settings_dict = {**copy.deepcopy(connection.settings_dict), "NAME": "portal_no_such_database"}
    with (
        default_database(settings_dict),
        pytest.raises(CommandError, match='database "portal_no_such_database" does not exist'),
    ):
        run("backup_portal", "--output", tmp_path / "out")

    assert list((tmp_path / "out").iterdir()) == []


def test_sqlite_copy_includes_changes_still_in_the_wal(db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write-ahead log")

    with empty_database(tmp_path) as target:
        with target.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("CREATE TABLE notes (text TEXT)")
            cursor.executemany("INSERT INTO notes VALUES (%s)", [("один",), ("два",)])
        assert Path(target.settings_dict["NAME"] + "-wal").stat().st_size > 0
        copy_sqlite(target, tmp_path / "copy.sqlite3")

    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert copy.execute("SELECT text FROM notes ORDER BY rowid").fetchall() == [
        ("один",),
        ("два",),
    ]
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()


def build_portal():
    """Russian pages, their English translations, revisions, an image, a rendition, a document."""
    call_command("setup_portal", stdout=io.StringIO())
    home = HomePage.objects.get(locale__language_code="ru")
    english = Locale.objects.get(language_code="en")
    editor = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "pass-word-1"
    )

    image = wagtail_factories.ImageFactory(title="Двор", file__width=640, file__height=400)
    image.get_rendition("fill-160x100")
    index = NewsIndexPageFactory(parent=home)
    news = NewsPageFactory(
        parent=index,
        title="Во дворе открыли клуб",
        slug="klub-vo-dvore",
        lead="Соседи собрались вместе.",
        lead_image=image,
        lead_image_alt="Двор после ремонта",
    )
    about = StandardPageFactory(
        parent=home, title="О проекте", slug="o-proekte", intro="Кто мы и зачем."
    )
    news.lead = "Соседи собрались вместе и открыли клуб."
    news.save_revision(user=editor).publish(user=editor)
    about.intro = "Кто мы, зачем и как с нами связаться."
    about.save_revision(user=editor).publish(user=editor)

    index_en = translate_object(index, english, NewsIndexPage(title="News", slug="news"))
    news_en = translate_object(
        news,
        english,
        NewsPage(
            title="A club opened in a courtyard",
            slug="club-in-a-courtyard",
            lead="Neighbours came together and opened a club.",
            lead_image_alt="The courtyard after repairs",
        ),
    )
    about_en = translate_object(
        about,
        english,
        StandardPage(title="About", slug="about", intro="Who we are, why, and how to reach us."),
    )
    about.intro = "Черновик, который ещё не опубликован."
    about.save_revision(user=editor)  # a draft stays a draft

    document = make_document("Отчёт за год", "report.txt", "Годовой отчёт\n".encode())
    pages = {"index": index, "news": news, "about": about}
    pages |= {"index_en": index_en, "news_en": news_en, "about_en": about_en}
    urls = {"home": "/ru/", "home_en": "/en/"} | {name: page.url for name, page in pages.items()}
    return urls, document.url


def render(client, urls):
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        pages[name] = response.content.decode()
    return pages


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_round_trip_restores_every_row_page_and_file(transactional_db, client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    urls, document_url = build_portal()
    pages = render(client, urls)  # renditions the templates ask for are made here
    document = download(client, document_url)
    counts = orm_counts()

    output = run("backup_portal", "--output", tmp_path / "backups")
    folder = only_folder(tmp_path / "backups")
    manifest = json.loads((folder / "manifest.json").read_text())

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    with empty_database(tmp_path) as target:
        target.ensure_connection()  # an open connection is no obstacle
        if target.vendor == "sqlite":  # and connecting wrote an empty 4 KiB database
            assert Path(target.settings_dict["NAME"]).stat().st_size > 0
        restore_output = run("restore_portal", folder)
        restored_counts = orm_counts()
        restored_pages = render(client, urls)
        restored_document = download(client, document_url)
        counts_after_rendering = orm_counts()
        media_files = [
            Path(settings.MEDIA_ROOT) / row.file.name
            for model in (Image, Rendition, Document)
            for row in model.objects.all()
        ]
        # Sequences came back too: new rows get fresh ids.
        news = NewsPage.objects.get(slug="klub-vo-dvore")
        news.save_revision().publish()

    assert f"Backup complete: {folder}" in output
    assert manifest["counts"] == counts
    for label in KEY_MODELS:
        assert counts[label] > 0, label
    assert restored_counts == counts
    assert counts_after_rendering == counts  # nothing re-made: every rendition was restored
    assert f"{len(counts)} models and {sum(counts.values())} rows" in restore_output
    assert "all match the manifest" in restore_output
    assert restored_pages == pages
    assert "Neighbours came together" in pages["news_en"]
    assert "Соседи собрались вместе и открыли клуб." in pages["news"]
    assert "/media/images/" in pages["news"]
    assert restored_document == document == "Годовой отчёт\n".encode()
    assert (
        len(media_files)
        == counts["wagtailimages.Image"]
        + counts["wagtailimages.Rendition"]
        + counts["wagtaildocs.Document"]
    )
    assert all(path.is_file() for path in media_files), media_files
