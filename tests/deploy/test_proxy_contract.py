"""What the app makes of the requests deploy/nginx/portal.conf passes on."""

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


def test_host_and_scheme_from_nginx_make_the_public_address(behind_nginx, client):
    # nginx sends Host without a port and X-Forwarded-Proto: https; nothing else is needed.
    response = client.get("/robots.txt", headers={"Host": HOST, "X-Forwarded-Proto": "https"})

    assert response.status_code == 200
    assert f"Sitemap: https://{HOST}/sitemap.xml".encode() in response.content
