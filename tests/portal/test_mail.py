"""Mail leaves through the task queue: a request that sends mail only records a task, and the
worker delivers it (in the recipient's language, with its parts intact)."""

from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import override_settings

import pytest
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def production_mail(settings):
    """Django's test set-up puts its memory backend in EMAIL_BACKEND; production's is ours,
    delivering to EMAIL_DELIVERY_BACKEND (the memory backend in the test settings)."""
    settings.EMAIL_BACKEND = "portal.mail.TaskEmailBackend"


@pytest.fixture
def member(django_user_model):
    user = django_user_model.objects.create_user("anna", "anna@portal.test", "old-password")
    user.groups.add(Group.objects.get_or_create(name="Редакторы")[0])
    return user


def reset(client, address):
    answer = client.post("/admin/password_reset/", {"email": address})
    assert answer.status_code == 302
    return answer


@override_settings(TASKS=DB_QUEUE)
def test_the_password_reset_mail_is_sent_by_the_worker_not_in_the_request(
    client, member, task_worker
):
    reset(client, "anna@portal.test")
    assert mail.outbox == []  # the request only queued it
    (queued,) = DBTaskResult.objects.all()
    assert queued.task_path == "portal.mail.deliver"
    unknown = reset(client, "nobody@portal.test")
    assert DBTaskResult.objects.count() == 1  # nothing to send: the same answer all the same
    assert unknown.url == "/admin/password_reset/done/"

    task_worker()
    (message,) = mail.outbox
    assert message.to == ["anna@portal.test"]
    assert "/admin/password_reset/confirm/" in message.body
    DBTaskResult.objects.get(pk=queued.pk, status="SUCCESSFUL")


def test_a_message_keeps_its_parts_through_the_queue():
    message = EmailMultiAlternatives(
        "Тема письма",
        "Текст письма",
        "portal@portal.test",
        ["anna@portal.test"],
        cc=["boris@portal.test"],
        reply_to=["editors@portal.test"],
        headers={"X-Portal": "проверка"},
    )
    message.attach_alternative("<p>Текст письма</p>", "text/html")
    message.attach("plan.txt", "План: раз, два", "text/plain")
    message.attach("photo.bin", b"\x00\xffbytes", "application/octet-stream")
    assert message.send() == 1

    (sent,) = mail.outbox
    assert (sent.subject, sent.body, sent.from_email) == (
        "Тема письма",
        "Текст письма",
        "portal@portal.test",
    )
    assert (sent.to, sent.cc, sent.reply_to) == (
        ["anna@portal.test"],
        ["boris@portal.test"],
        ["editors@portal.test"],
    )
    assert sent.extra_headers["X-Portal"] == "проверка"
    assert sent.alternatives[0][:2] == ("<p>Текст письма</p>", "text/html")
    assert [attachment[:3] for attachment in sent.attachments] == [
        ("plan.txt", "План: раз, два", "text/plain"),
        ("photo.bin", b"\x00\xffbytes", "application/octet-stream"),
    ]
