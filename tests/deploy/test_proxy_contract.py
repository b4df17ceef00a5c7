"""What the app makes of the requests deploy/nginx/portal.conf passes on."""

from pathlib import Path

from wagtail.models import Site

import pytest
import time_machine
from dotenv import dotenv_values

ROOT = Path(__file__).resolve().parents[2]
HOST = "portal.example.org"


@pytest.fixture
def behind_nginx(settings):
    # Production's default; the test settings turn it off. Set before the client's first
    # request, since SecurityMiddleware reads it when the handler is built.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = [HOST]


# /healthz itself is exempt from the redirect (tests/portal/test_health.py).
def test_pages_over_plain_http_are_sent_to_https(behind_nginx, client):
    response = client.get("/robots.txt", headers={"Host": HOST, "X-Forwarded-Proto": "http"})

    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/robots.txt"


@pytest.mark.django_db
def test_the_public_address_is_the_configured_site_whatever_the_host_port(behind_nginx, client):
    # setup_portal makes the Wagtail site from WAGTAILADMIN_BASE_URL (https://portal.example.org:
    # port 443); nginx sends Host without a port and X-Forwarded-Proto: https. A port a client
    # puts in Host (Django checks only the name) changes nothing.
    Site.objects.filter(is_default_site=True).update(hostname=HOST, port=443)
    for host in (HOST, f"{HOST}:8443"):
        response = client.get("/robots.txt", headers={"Host": host, "X-Forwarded-Proto": "https"})

        assert response.status_code == 200
        assert f"Sitemap: https://{HOST}/sitemap.xml".encode() in response.content


def test_env_example_trusts_the_header_in_which_nginx_names_the_client():
    # Every location that proxies replaces X-Forwarded-For with the one address nginx saw (never
    # appends to what the client sent), so the client is its only entry: TRUSTED_PROXY_COUNT=1.
    site = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    proxied = site.count("proxy_pass http://portal_app;")
    assert proxied >= 2
    assert site.count("proxy_set_header X-Forwarded-For $remote_addr;") == proxied
    assert "$proxy_add_x_forwarded_for" not in site
    example = dotenv_values(ROOT / ".env.example")
    assert example["TRUSTED_PROXY_HEADER"] == "X-Forwarded-For"
    assert example["TRUSTED_PROXY_COUNT"] == "1"
    assert set(example["TRUSTED_PROXIES"].split(",")) == {"127.0.0.1", "::1"}  # nginx is local


@pytest.mark.django_db
def test_behind_nginx_each_reader_is_counted_apart(client, settings):
    settings.PORTAL_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "search": "1/m"}
    # What nginx passes on for two readers: its own address as the peer, theirs in the header.
    with time_machine.travel("2026-12-02 12:30:15Z", tick=False):  # mid-window
        answers = [
            client.get("/ru/search/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=reader)
            for reader in ("203.0.113.7", "203.0.113.8", "203.0.113.7")
        ]
    first, second, again = answers

    assert (first.status_code, second.status_code, again.status_code) == (200, 200, 429)
