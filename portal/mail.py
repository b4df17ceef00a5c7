"""Every e-mail the portal sends leaves through a background task, never inside a request.

``EMAIL_BACKEND`` is ``portal.mail.TaskEmailBackend``: sending a message in a view (a password
reset, a moderation notice) only records a task, and the task worker hands the message to the
backend that really delivers it, ``EMAIL_DELIVERY_BACKEND`` (SMTP in production). A request
then costs the same whether the address exists or not, and a slow or absent mail server never
holds a reader's request.
"""

import base64

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend

from django_tasks import task


def _attachment(item):
    filename, content, mimetype = item
    if isinstance(content, str):
        content = content.encode()
    return [filename, base64.b64encode(content).decode("ascii"), mimetype]


def serialise(message):
    """A message as the task's JSON arguments."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(key): str(value) for key, value in message.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [_attachment(item) for item in message.attachments],
    }


def deserialise(data):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


@task()
def deliver(data):
    """Hand one message to the delivering backend (SMTP in production)."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    connection.send_messages([deserialise(data)])


class TaskEmailBackend(BaseEmailBackend):
    """Records a delivery task per message; the worker sends it."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            deliver.enqueue(serialise(message))
            count += 1
        return count
