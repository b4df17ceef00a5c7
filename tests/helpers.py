"""Helpers the tests share."""

import contextlib
import json
import re
import socket

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import icalendar
from bs4 import BeautifulSoup, SoupStrainer


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


def form_data(response, form_id=None):
    """The fields of the admin's edit form in ``response`` (or of the form ``form_id``) with
    their current values, as the browser would send them: checked boxes only, selected
    options, no button, nothing of the ``<template>`` elements the page keeps for later (the
    empty forms of inline panels).
    A StreamField's inputs are built by the admin's JavaScript: its stream is posted as a
    count of nothing, so use it on pages whose streams are empty."""
    # Only the forms are built into a tree: an editor page is a quarter of a megabyte.
    soup = BeautifulSoup(response.content, "html.parser", parse_only=SoupStrainer("form"))
    form = soup.find("form", id=form_id) if form_id else _page_form(soup)
    assert form is not None, "no form in the response"
    data = {}
    for element in form.find_all(["input", "select", "textarea"]):
        name = element.get("name")
        if not name or element.has_attr("disabled") or not _in_the_page(element):
            continue
        if element.name == "select":
            values = [option.get("value", option.text) for option in element.find_all("option")]
            chosen = [
                option.get("value", option.text)
                for option in element.find_all("option")
                if option.has_attr("selected")
            ]
            if element.has_attr("multiple"):
                data[name] = chosen
            else:
                data[name] = (chosen or values[:1] or [""])[0]
            continue
        if element.name == "textarea":
            data[name] = element.text.removeprefix("\n")
            continue
        kind = element.get("type", "text")
        if kind in ("submit", "button", "image", "file"):
            continue
        if kind in ("checkbox", "radio"):
            if element.has_attr("checked"):
                value = element.get("value", "on")
                if kind == "checkbox" and name in data:  # several boxes of one field
                    data[name] = [*always_list(data[name]), value]
                else:
                    data[name] = value
            continue
        data[name] = element.get("value", "")
    for block in form.find_all(attrs={"data-controller": "w-block"}):
        if not _in_the_page(block):
            continue
        data.setdefault(f"{block['id']}-count", "0")
    return data


def _in_the_page(element):
    """Whether the browser has ``element`` in its form: not in a ``<template>``, unless the
    admin moves that template's content into the page as it loads (its dialogs, such as the
    publishing schedule)."""
    template = element.find_parent("template")
    return template is None or template.get("data-controller") == "w-teleport"


def always_list(value):
    return value if isinstance(value, list) else [value]


def _page_form(soup):
    return soup.find("form", attrs={"data-edit-form": True}) or soup.find(
        "form", id="page-edit-form"
    )


class Committing:
    """The test client, each request followed by what would run once it is committed (the
    tests run in a transaction that never is): wagtail-localize publishes a translation then."""

    def __init__(self, client, capture_on_commit_callbacks):
        self._client, self._capture = client, capture_on_commit_callbacks

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if name not in ("get", "post", "put"):
            return attribute

        def request(*args, **kwargs):
            with self._capture(execute=True):
                return attribute(*args, **kwargs)

        return request


def refused(response):
    """The admin's ways of saying no: 403, or back to the dashboard with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def redis_is_up():
    """Whether a Redis answers on 127.0.0.1:6379 (tests that need one skip without it)."""
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False
