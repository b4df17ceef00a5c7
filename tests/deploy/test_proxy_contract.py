"""What the app makes of the requests deploy/nginx/portal.conf passes on."""

from wagtail.models import Site

import pytest

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
