"""The Content-Security-Policy and Permissions-Policy as sent, and the violation reports."""

import json
import logging

from django.core.cache import cache
from django.urls import reverse

import pytest
import time_machine

from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/ru/", "/en/", "/ru/search/?q=кластер"])
def test_public_pages_allow_only_their_own_scripts(client, url):
    answer = client.get(url)
    assert answer.status_code == 200
    policy = directives(answer)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no inline script, no nonce
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert "https://tile.openstreetmap.org" in policy["img-src"]
    assert policy["report-uri"] == ["/csp-report/"]
    assert "nonce-" not in answer["Content-Security-Policy"]
    features = answer["Permissions-Policy"]
    assert "camera=()" in features and "geolocation=()" in features


def test_the_admin_has_its_own_policy(admin_client):
    answer = admin_client.get("/admin/")
    assert answer.status_code == 200
    policy = directives(answer)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in directives(admin_client.get("/ru/"))["script-src"]


def test_page_previews_take_the_admin_policy(admin_client, home):
    """A preview is the public template served inside the admin: it gets the admin's policy,
    both the draft view and the side panel's live preview."""
    home.save_revision()
    draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=(home.pk,)))
    assert draft.status_code == 200
    assert directives(draft)["script-src"] == ["'self'", "'unsafe-inline'"]

    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=(home.pk,)))
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=(home.pk,))
    posted = admin_client.post(preview_url, form_data(edit))
    assert posted.json()["is_valid"] is True
    preview = admin_client.get(preview_url)
    assert preview.status_code == 200
    assert home.title in preview.content.decode()
    assert directives(preview)["script-src"] == ["'self'", "'unsafe-inline'"]

    # the public page itself keeps the strict policy
    assert directives(admin_client.get(home.url))["script-src"] == ["'self'"]


REPORT = {
    "csp-report": {
        "document-uri": "https://portal.example.org/ru/",
        "violated-directive": "script-src-elem",
        "blocked-uri": "inline",
    }
}


def test_a_violation_report_is_logged_and_a_flood_is_cut_off(client, caplog):
    cache.clear()
    with caplog.at_level(logging.WARNING, logger="portal.csp"):
        answer = client.post("/csp-report/", json.dumps(REPORT), "application/csp-report")
    assert answer.status_code == 204
    (record,) = [record for record in caplog.records if record.name == "portal.csp"]
    assert "script-src-elem" in record.getMessage()

    with time_machine.travel("2026-12-02 12:30:00Z", tick=False):  # a window's first second
        for _ in range(20):
            client.post("/csp-report/", json.dumps(REPORT), "application/csp-report")
        flooded = client.post("/csp-report/", json.dumps(REPORT), "application/csp-report")
    assert flooded.status_code == 429 and flooded["Retry-After"] == "60"


def test_a_broken_report_is_refused(client):
    cache.clear()
    assert client.post("/csp-report/", "{not json", "application/csp-report").status_code == 400
    assert client.get("/csp-report/").status_code == 405
    huge = json.dumps({"csp-report": {"x": "a" * 100_000}})
    assert client.post("/csp-report/", huge, "application/csp-report").status_code == 400


def test_an_answer_that_changes_the_policy_or_uses_a_nonce_gets_its_own(rf):
    """The settings' policy is written once per process; an answer that changes it
    (``@csp_update``) still gets a policy of its own, and the plain answers after it the
    settings' one. A page that asks for a nonce gets none: the public policy has no place for
    one (a cached copy would freeze it), as django-csp itself would write it."""
    from django.http import HttpResponse

    from portal.security import PortalCSPMiddleware

    def view(request):
        answer = HttpResponse("ok")
        if request.GET.get("widen"):
            answer._csp_update = {"img-src": ["https://maps.example.org"]}
        if request.GET.get("nonce"):
            answer.content = f"<script nonce='{request.csp_nonce}'></script>".encode()
        return answer

    middleware = PortalCSPMiddleware(view)

    def policy(query=""):
        return middleware(rf.get(f"/ru/{query}"))["Content-Security-Policy"]

    plain = policy()
    widened = policy("?widen=1")
    with_nonce = policy("?nonce=1")
    assert "https://maps.example.org" in widened and "https://maps.example.org" not in plain
    assert with_nonce == plain and "'nonce-" not in plain
    assert policy() == plain
    assert "'unsafe-inline'" in middleware(rf.get("/admin/"))["Content-Security-Policy"]
    assert policy() == plain
