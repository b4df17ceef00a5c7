"""A toolkit's materials zip is built once per set of document versions, in the background,
and served as a stored file: what a reader downloads, when it is rebuilt, how each file is
packed, the size cap, and the "being prepared" answer while the task queue has not built it."""

import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings

from wagtail.models import Collection, CollectionViewRestriction

import pytest
from django_tasks.signals import task_enqueued
from django_tasks_db.models import DBTaskResult

from resources.models import MaterialsArchive, ToolkitPageMaterial
from tests.factories.resources import ToolkitIndexPageFactory, ToolkitPageFactory, make_document

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
BUILD_TASK = "resources.tasks.build_materials_archive"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def builds():
    """The materials builds enqueued during the test (the immediate backend runs each at once)."""
    seen = []

    def record(sender, task_result, **kwargs):
        if task_result.task.module_path == BUILD_TASK:
            seen.append(task_result.args)

    task_enqueued.connect(record)
    yield seen
    task_enqueued.disconnect(record)


def unzip(response):
    assert response.status_code == 200, response
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def stored_archives(toolkit):
    folder = f"materials/{toolkit.pk}"
    if not default_storage.exists(folder):
        return []
    return sorted(default_storage.listdir(folder)[1])


@pytest.fixture
def toolkit(home):
    index = ToolkitIndexPageFactory(parent=home)
    checklist = make_document("Чек-лист", "checklist.txt", b"one\ntwo\n" * 100)
    plan = make_document("План", "plan.pdf", b"%PDF-1.7 plan" * 100)
    return ToolkitPageFactory(parent=index, title="Двор", documents=[checklist, plan])


def test_the_archive_is_built_once_and_then_served_as_stored(client, toolkit, builds):
    first = unzip(client.get(toolkit.url + "materials/"))
    (archive,) = MaterialsArchive.objects.filter(toolkit=toolkit)
    modified = default_storage.get_modified_time(archive.file_name)

    second = client.get(toolkit.url + "materials/")

    assert sorted(first.namelist()) == ["План.pdf", "Чек-лист.txt"]
    assert unzip(second).read("Чек-лист.txt") == b"one\ntwo\n" * 100
    assert len(builds) == 1
    assert MaterialsArchive.objects.get().built_at == archive.built_at
    assert default_storage.get_modified_time(archive.file_name) == modified
    assert stored_archives(toolkit) == [archive.file_name.rsplit("/", 1)[1]]
    assert second["Content-Disposition"].startswith('attachment; filename="dvor-materials.zip"')
    assert int(second["Content-Length"]) == archive.file_size


def test_the_same_version_answers_not_modified(client, toolkit):
    response = client.get(toolkit.url + "materials/")
    again = client.get(toolkit.url + "materials/", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304


def test_a_changed_document_title_or_list_gives_a_new_archive_and_drops_the_old(
    client, toolkit, builds, django_capture_on_commit_callbacks
):
    url = toolkit.url + "materials/"
    unzip(client.get(url))
    old = MaterialsArchive.objects.get()
    document = toolkit.materials.first().document

    with django_capture_on_commit_callbacks(execute=True):
        # Saving the document rebuilds the archives of the toolkits that list it.
        document.file.save("checklist-v2.txt", ContentFile(b"new version"), save=False)
        document.save()
    archive = unzip(client.get(url))
    assert archive.read("Чек-лист.txt") == b"new version"
    (current,) = MaterialsArchive.objects.all()
    assert current.key != old.key
    assert not default_storage.exists(old.file_name)
    assert stored_archives(toolkit) == [current.file_name.rsplit("/", 1)[1]]

    with django_capture_on_commit_callbacks(execute=True):
        document.title = "Чек-лист для двора"
        document.save()
    assert "Чек-лист для двора.txt" in unzip(client.get(url)).namelist()

    extra = make_document("Смета", "budget.txt", b"budget")
    ToolkitPageMaterial.objects.create(page=toolkit, document=extra, sort_order=5)
    assert "Смета.txt" in unzip(client.get(url)).namelist()
    assert len(builds) == 4
    assert MaterialsArchive.objects.count() == 1


def test_a_document_made_private_leaves_the_archive(client, toolkit):
    url = toolkit.url + "materials/"
    assert len(unzip(client.get(url)).namelist()) == 2
    private = Collection.get_first_root_node().add_child(name="Внутреннее")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="password")
    document = toolkit.materials.first().document
    document.collection = private
    document.save()

    assert unzip(client.get(url)).namelist() == ["План.pdf"]


def test_compressed_files_are_stored_and_others_deflated(client, home):
    names = {
        "photo.jpg": "Фото",
        "scheme.png": "Схема",
        "form.docx": "Анкета",
        "table.xlsx": "Таблица",
        "slides.pptx": "Слайды",
        "bundle.zip": "Архив",
        "guide.pdf": "Руководство",
        "notes.txt": "Заметки",
        "sheet.ods": "Лист",
    }
    documents = [
        make_document(title, filename, b"0123456789" * 1000) for filename, title in names.items()
    ]
    toolkit = ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home), documents=documents)

    archive = unzip(client.get(toolkit.url + "materials/"))
    packing = {info.filename: info.compress_type for info in archive.infolist()}

    stored, deflated = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
    assert packing == {
        "Фото.jpg": stored,
        "Схема.png": stored,
        "Анкета.docx": stored,
        "Таблица.xlsx": stored,
        "Слайды.pptx": stored,
        "Архив.zip": stored,
        "Лист.ods": stored,
        "Руководство.pdf": deflated,
        "Заметки.txt": deflated,
    }
    assert archive.read("Фото.jpg") == b"0123456789" * 1000
    assert archive.getinfo("Заметки.txt").compress_size < 1000
    assert archive.testzip() is None


def test_over_the_size_cap_the_documents_are_offered_one_by_one(client, home, home_en, settings):
    settings.PORTAL_MATERIALS_ZIP_MAX_BYTES = 1500
    documents = [make_document("Большой", "big.txt", b"x" * 1000) for _ in range(2)]
    ru = ToolkitPageFactory(parent=ToolkitIndexPageFactory(parent=home), documents=documents)
    en = ToolkitPageFactory(
        parent=ToolkitIndexPageFactory(parent=home_en, title="Formats", slug="formats"),
        documents=documents,
    )

    page_ru = client.get(ru.url).content.decode()
    page_en = client.get(en.url).content.decode()
    download = client.get(ru.url + "materials/")

    assert "Download" not in page_ru and "materials/" not in page_ru
    assert "Вместе эти материалы занимают 2,0\xa0КБ" in page_ru
    assert "скачайте их по одному" in page_ru
    assert page_ru.count("/documents/") == 2
    assert "Together these materials take 2.0\xa0KB" in page_en
    assert "download them one by one" in page_en
    assert download.status_code == 302
    assert download.url == ru.url + "#materials"
    assert not MaterialsArchive.objects.exists()

    settings.PORTAL_MATERIALS_ZIP_MAX_BYTES = 2000
    assert f'href="{ru.url}materials/"' in client.get(ru.url).content.decode()
    assert len(unzip(client.get(ru.url + "materials/")).namelist()) == 2


def test_publishing_a_toolkit_builds_its_archive_for_the_first_reader(
    toolkit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        toolkit.save_revision().publish()

    archive = MaterialsArchive.objects.get(toolkit=toolkit)
    assert archive.status == MaterialsArchive.READY
    assert default_storage.exists(archive.file_name)


def test_a_deleted_toolkit_takes_its_archive_along(
    client, toolkit, django_capture_on_commit_callbacks
):
    unzip(client.get(toolkit.url + "materials/"))
    name = MaterialsArchive.objects.get().file_name

    with django_capture_on_commit_callbacks(execute=True):
        toolkit.delete()

    assert not MaterialsArchive.objects.exists()
    assert not default_storage.exists(name)


def test_a_lost_archive_file_is_built_again(client, toolkit, builds):
    unzip(client.get(toolkit.url + "materials/"))
    default_storage.delete(MaterialsArchive.objects.get().file_name)

    assert len(unzip(client.get(toolkit.url + "materials/")).namelist()) == 2
    assert len(builds) == 2


def test_documents_served_by_redirect_send_the_archive_the_same_way(client, toolkit, settings):
    settings.WAGTAILDOCS_SERVE_METHOD = "redirect"
    response = client.get(toolkit.url + "materials/")
    archive = MaterialsArchive.objects.get()
    assert response.status_code == 302
    assert response.url == default_storage.url(archive.file_name)


@override_settings(TASKS=DB_QUEUE)
def test_with_the_task_queue_readers_wait_for_one_build(
    client,
    home,
    home_en,
    task_worker,
    caplog,
):
    documents = [
        make_document("Чек-лист", "checklist.txt", b"one"),
        make_document("План", "plan.txt", b"two"),
    ]
    ru = ToolkitPageFactory(
        parent=ToolkitIndexPageFactory(parent=home), title="Двор", documents=documents
    )
    en = ToolkitPageFactory(
        parent=ToolkitIndexPageFactory(parent=home_en, title="Formats", slug="formats"),
        title="Courtyard",
        documents=documents,
    )

    waiting = client.get(ru.url + "materials/")
    again = client.get(ru.url + "materials/")
    waiting_en = client.get(en.url + "materials/")

    html = waiting.content.decode()
    assert waiting.status_code == again.status_code == waiting_en.status_code == 503
    assert waiting["Retry-After"] == "5"
    assert waiting["Cache-Control"] == "no-store"
    # An expected wait: no error in the log, so no mail to ADMINS for each reader.
    assert not [record for record in caplog.records if record.levelname == "ERROR"]
    assert "Архив готовится" in html
    assert "Материалы «Двор» упаковываются в один архив" in html
    assert '<meta http-equiv="refresh" content="5">' in html
    assert html.count(f'href="{documents[0].url}"') == 1  # each document on its own meanwhile
    html_en = waiting_en.content.decode()
    assert "The archive is being prepared" in html_en
    assert "The materials of “Courtyard” are being packed into one archive" in html_en
    # One build per toolkit and version, however many readers asked.
    assert sorted(
        DBTaskResult.objects.filter(task_path=BUILD_TASK).values_list("args_kwargs", flat=True),
        key=str,
    ) == sorted([{"args": [ru.pk], "kwargs": {}}, {"args": [en.pk], "kwargs": {}}], key=str)

    task_worker()

    assert sorted(unzip(client.get(ru.url + "materials/")).namelist()) == [
        "План.txt",
        "Чек-лист.txt",
    ]
    assert unzip(client.get(en.url + "materials/")).read("Чек-лист.txt") == b"one"
    assert DBTaskResult.objects.filter(task_path=BUILD_TASK).count() == 2


@override_settings(TASKS=DB_QUEUE)
def test_a_reader_after_a_publish_waits_for_the_build_it_started(
    client, toolkit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        toolkit.save_revision().publish()
    response = client.get(toolkit.url + "materials/")

    assert response.status_code == 503
    assert DBTaskResult.objects.filter(task_path=BUILD_TASK).count() == 1
