"""Helpers the tests share."""

import contextlib
import json
import re

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import icalendar


@contextlib.contextmanager
def rolled_back_after(django_db_blocker):
    """A transaction around data built once for several tests (a module's, say), rolled back
    when they are done. Each test's own transaction is a savepoint inside it, so a test still
    sees the data as built and leaves it so. Build the data in ``django_db_blocker.unblock()``.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def count_queries(client, url):
    """Queries of a warm request (Wagtail caches site root paths on the first one)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html):
    """The one JSON-LD object of ``html`` (text, or a BeautifulSoup tree or tag).

    Its script holds no markup characters: an editor's ``</script>`` in a title cannot end it.
    """
    (text,) = JSON_LD.findall(str(html))
    assert "<" not in text and ">" not in text, text
    return json.loads(text)


def parse_ics(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(cal):
    return list(cal.walk("VEVENT"))
