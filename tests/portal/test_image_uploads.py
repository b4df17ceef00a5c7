"""Uploads through the admin's own image views: a picture above the pixel limit is refused
with a clear message, and an accepted one gets its renditions from the task worker, so that no
reader's or editor's request decodes the original."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wagtail.images import get_image_model
from wagtail.images.models import Rendition
from wagtail.users.models import UserProfile

import pytest
from PIL import Image as PILImage

from portal.images import UPLOAD_RENDITIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def png(width, height, name="picture.png"):
    buffer = io.BytesIO()
    PILImage.new("1", (width, height)).save(buffer, "PNG")  # a few KB, whatever its size
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def upload(client, picture, language="ru"):
    with translation.override(language):
        return client.post(
            reverse("wagtailimages:add"),
            {"title": "Двор", "file": picture, "collection": 1},
            headers={"Accept-Language": language},
        )


@pytest.mark.parametrize(
    ("language", "words"),
    [("ru", "слишком много пикселей"), ("en", "too many pixels")],
)
def test_a_picture_above_40_megapixels_is_refused_in_the_editors_language(
    admin_client, admin_user, media, language, words
):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = language
    profile.save()
    answer = upload(admin_client, png(7000, 6000), language)  # 42 MP
    assert answer.status_code == 200
    assert words in answer.content.decode()
    assert not get_image_model().objects.exists()


def test_a_picture_just_within_the_limit_is_accepted(admin_client, media):
    assert upload(admin_client, png(6300, 6300)).status_code == 302  # 39.7 MP
    assert get_image_model().objects.get().width == 6300


def test_an_accepted_upload_gets_its_renditions_in_the_background(
    admin_client, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        answer = upload(admin_client, png(1600, 1000))
    assert answer.status_code == 302
    image = get_image_model().objects.get()
    assert not Rendition.objects.exists()  # nothing decoded in the request
    for callback in queued:
        callback()  # what the worker runs once the upload is committed
    assert set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True)) == set(
        UPLOAD_RENDITIONS
    )
