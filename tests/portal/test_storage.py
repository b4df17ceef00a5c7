"""Uploads on S3-compatible storage (portal.storage), against a real S3 server: moto's, started
on a loopback port and spoken to over HTTP, as a second app server would.

An image uploaded through the admin lands in the bucket, its renditions too (made by the task
that the upload queues), and the public page links them at the bucket's or the CDN's address;
originals and documents stay private, and a document downloads through the portal's view with
its security headers.
"""

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.models import Rendition

import pytest
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from portal.images import CARD, LEAD, UPLOAD_RENDITIONS
from portal.settings.base import media_origins
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory

pytestmark = pytest.mark.django_db

boto3 = pytest.importorskip("boto3")
MOTO_SERVER = Path(sys.executable).with_name("moto_server")
# The loopback ports tried for the server, first free one wins.
PORTS = range(int(os.environ.get("S3_TEST_PORT", "8161")), 8170)
REGION = "us-east-1"
KEYS = {"aws_access_key_id": "portal-test", "aws_secret_access_key": "portal-test-secret"}


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip(f"no free port in {PORTS.start}-{PORTS.stop - 1} for the S3 server")


@pytest.fixture(scope="module")
def s3_server():
    """moto's S3 server on a loopback port: its endpoint URL."""
    if not MOTO_SERVER.exists():
        pytest.skip("moto[server] is not installed (pip install -r requirements.lock)")
    port = free_port()
    server = subprocess.Popen(
        [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"moto_server did not start on port {port}")
            time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def public_renditions_policy(bucket_name):
    import json

    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket_name}/images/*",
                }
            ],
        }
    )


def client_for(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name=REGION, **KEYS)


@pytest.fixture
def bucket(s3_server, settings, tmp_path):
    """A fresh bucket, and the portal's default storage in it; ``custom_domain`` via
    ``bucket.use(custom_domain=...)``."""
    name = f"portal-{uuid.uuid4().hex[:12]}"
    s3 = client_for(s3_server)
    s3.create_bucket(Bucket=name)
    # What README's "Scaling out" asks of a bucket: anyone may read the renditions, and only them.
    s3.put_bucket_policy(Bucket=name, Policy=public_renditions_policy(name))
    settings.MEDIA_ROOT = tmp_path / "not-used"

    class Bucket:
        endpoint = s3_server
        client = s3

        local = tmp_path / "not-used"

        def __init__(self):
            self.name = name
            self.use()

        def use(self, **options):
            settings.STORAGES = {
                **settings.STORAGES,
                "default": {
                    "BACKEND": "portal.storage.MediaStorage",
                    "OPTIONS": {
                        "bucket_name": name,
                        "endpoint_url": s3_server,
                        "region_name": REGION,
                        "addressing_style": "path",
                        "access_key": KEYS["aws_access_key_id"],
                        "secret_key": KEYS["aws_secret_access_key"],
                        **options,
                    },
                },
            }

        def keys(self, prefix=""):
            listed = s3.list_objects_v2(Bucket=name, Prefix=prefix)
            return {item["Key"] for item in listed.get("Contents", [])}

        def read(self, key):
            return s3.get_object(Bucket=name, Key=key)

    yield Bucket()
    for key in Bucket().keys(prefix=""):
        s3.delete_object(Bucket=name, Key=key)
    s3.delete_bucket(Bucket=name)
    shutil.rmtree(tmp_path / "not-used", ignore_errors=True)


def jpeg(width=1600, height=1000, name="dvor.jpg"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (40, 120, 90)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def upload_image(client, capture, language="ru"):
    """An image through the admin's upload view, and the renditions its upload queues, run as
    the worker runs them once the upload is committed."""
    with capture(execute=True), translation.override(language):
        answer = client.post(
            reverse("wagtailimages:add"),
            {"title": "Двор", "file": jpeg(), "collection": 1},
            headers={"Accept-Language": language},
        )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    return get_image_model().objects.get()


def anonymous_get(url):
    """What a reader's browser gets from that address: no keys, no signature."""
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - a loopback test server
        return answer.status, answer.headers, answer.read()


@pytest.mark.parametrize("language", ["ru", "en"])
def test_an_uploaded_image_and_its_renditions_land_in_the_bucket_and_pages_link_them(
    admin_client, bucket, django_capture_on_commit_callbacks, home, home_en, language
):
    image = upload_image(admin_client, django_capture_on_commit_callbacks, language)

    assert image.file.name.startswith("original_images/")
    assert image.file.name in bucket.keys("original_images/")
    made = Rendition.objects.filter(image=image)
    assert set(made.values_list("filter_spec", flat=True)) == set(UPLOAD_RENDITIONS)
    assert {rendition.file.name for rendition in made} <= bucket.keys("images/")
    assert not bucket.local.exists()  # nothing written to MEDIA_ROOT instead

    index = NewsIndexPageFactory(parent=home if language == "ru" else home_en)
    page = NewsPageFactory(parent=index, lead_image=image, lead_image_alt="Двор центра")
    html = admin_client.get(page.url).content.decode()
    lead = BeautifulSoup(html, "html.parser").select_one(".article__lead-image picture")
    img = lead.find("img")
    assert img["alt"] == "Двор центра"
    addresses = [img["src"]] + [
        candidate.split()[0]
        for element in [img, *lead.find_all("source")]
        for candidate in element["srcset"].split(",")
    ]
    expected = {
        rendition.file.name for rendition in made if rendition.filter_spec in LEAD.renditions
    }
    prefix = f"{bucket.endpoint}/{bucket.name}/"
    assert {address.removeprefix(prefix) for address in addresses} == expected
    # Plain addresses anyone may read: no signature to expire in a cached page.
    status, headers, body = anonymous_get(img["src"])
    assert "X-Amz-Signature" not in img["src"] and status == 200
    assert body == bucket.read(img["src"].removeprefix(prefix))["Body"].read()
    assert PILImage.open(io.BytesIO(body)).format == "WEBP"
    assert headers["Cache-Control"] == "public, max-age=604800"

    listing = admin_client.get(index.url).content.decode()
    card = get_image_model().objects.get().get_rendition(CARD.fallback)
    assert card.url.startswith(prefix) and card.url in listing


def test_with_a_cdn_pictures_are_linked_at_its_address_and_private_files_stay_signed(
    admin_client, bucket, django_capture_on_commit_callbacks, home
):
    bucket.use(custom_domain="media.portal.test")
    image = upload_image(admin_client, django_capture_on_commit_callbacks)
    index = NewsIndexPageFactory(parent=home)
    page = NewsPageFactory(parent=index, lead_image=image)

    html = admin_client.get(page.url).content.decode()

    img = BeautifulSoup(html, "html.parser").select_one(".article__lead-image img")
    assert img["src"].startswith("https://media.portal.test/images/")
    assert img["src"].removeprefix("https://media.portal.test/") in bucket.keys("images/")
    # The original is not shown to readers: its address is the bucket's, signed, short-lived.
    original = image.file.url
    assert original.startswith(f"{bucket.endpoint}/{bucket.name}/original_images/")
    assert "X-Amz-Signature=" in original and "X-Amz-Expires=300" in original
    status, _headers, body = anonymous_get(original)
    assert status == 200 and body == bucket.read(image.file.name)["Body"].read()
    unsigned = original.split("?")[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        anonymous_get(unsigned)
    assert refused.value.code == 403


def test_two_uploads_of_the_same_name_keep_both_files(admin_client, bucket, home):
    for colour in ((255, 0, 0), (0, 0, 255)):
        buffer = io.BytesIO()
        PILImage.new("RGB", (64, 64), colour).save(buffer, "PNG")
        picture = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
        answer = admin_client.post(
            reverse("wagtailimages:add"), {"title": "Фото", "file": picture, "collection": 1}
        )
        assert answer.status_code == 302
    first, second = get_image_model().objects.order_by("pk")
    assert first.file.name != second.file.name
    assert {first.file.name, second.file.name} <= bucket.keys("original_images/")


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_document_uploaded_through_the_admin_downloads_with_its_security_headers(
    admin_client, client, bucket, language
):
    content = "Смета\nвторая строка\n".encode()
    with translation.override(language):
        answer = admin_client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "Смета",
                "file": SimpleUploadedFile("smeta.txt", content, content_type="text/plain"),
                "collection": 1,
            },
        )
    assert answer.status_code == 302
    document = get_document_model().objects.get()
    assert document.file.name in bucket.keys("documents/")

    download = client.get(document.url, headers={"Accept-Language": language})

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Security-Policy"] == "default-src 'none'"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "smeta.txt" in download["Content-Disposition"]
    assert download["Content-Length"] == str(len(content))
    assert client.get(document.url.replace("smeta", "other")).status_code == 404
    assert client.post(document.url).status_code == 405


def test_a_document_whose_file_is_gone_from_the_bucket_is_a_404_not_a_500(
    admin_client, client, bucket
):
    admin_client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Чек-лист",
            "file": SimpleUploadedFile("list.txt", b"one", content_type="text/plain"),
            "collection": 1,
        },
    )
    document = get_document_model().objects.get()
    bucket.client.delete_object(Bucket=bucket.name, Key=document.file.name)
    with override_settings(DEBUG_PROPAGATE_EXCEPTIONS=False):
        client.raise_request_exception = False
        answer = client.get(document.url)
    assert answer.status_code == 404


def test_pages_may_load_pictures_from_the_bucket_or_its_cdn():
    def storage(**options):
        return {"BACKEND": "portal.storage.MediaStorage", "OPTIONS": options}

    assert media_origins({"BACKEND": "django.core.files.storage.FileSystemStorage"}) == []
    assert media_origins(
        storage(bucket_name="m", custom_domain="cdn.example.org/portal", url_protocol="https:")
    ) == ["https://cdn.example.org"]
    assert media_origins(
        storage(
            bucket_name="m", endpoint_url="https://s3.example.org:9000", addressing_style="path"
        )
    ) == ["https://s3.example.org:9000"]
    assert media_origins(storage(bucket_name="m", endpoint_url="https://storage.example.org")) == [
        "https://storage.example.org",
        "https://m.storage.example.org",
    ]
    assert media_origins(storage(bucket_name="m", region_name="eu-west-1")) == [
        "https://m.s3.amazonaws.com",
        "https://m.s3.eu-west-1.amazonaws.com",
    ]
