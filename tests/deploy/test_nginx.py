"""deploy/nginx/portal.conf under the real nginx binary.

The site file is copied with only its ports and paths changed (certificates, media, the ACME
webroot, the upstream), wrapped in a main nginx.conf that sets what Debian's does at http level,
and started in front of a small upstream that answers with the request it received.
"""

import http.client
import http.server
import json
import os
import pwd
import re
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SITE_CONF = REPO / "deploy" / "nginx" / "portal.conf"
NGINX = os.environ.get("NGINX_PATH") or shutil.which("nginx") or "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl")
HOST = "portal.example.org"

# Longer than gzip_min_length, so a gzip_types mistake would show.
RENDITION = b"RIFF\x10\x00\x00\x00WEBPVP8 rendition bytes" * 100
DOCUMENT = b"%PDF-1.4 private document bytes"
ORIGINAL = b"\xff\xd8\xff original image bytes"

pytestmark = [
    pytest.mark.skipif(
        not os.path.exists(NGINX),
        reason="nginx is not installed (apt-get install nginx-light; .ci/run installs it)",
    ),
    pytest.mark.skipif(not OPENSSL, reason="openssl is needed for a self-signed certificate"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ipv6_loopback_free(port):
    try:
        with socket.socket(socket.AF_INET6) as sock:
            sock.bind(("::1", port))
    except OSError:
        return False
    return True


def rewrite(text, old, new):
    # A replacement that finds nothing means the site file changed under the test: say so.
    assert old in text, f"{old!r} is no longer in {SITE_CONF.name}"
    return text.replace(old, new)


class Upstream(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), UpstreamHandler)
        self.seen = []


class UpstreamHandler(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers with the path and headers it was sent, as JSON."""

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        remaining = length
        while remaining:
            remaining -= len(self.rfile.read(min(remaining, 1 << 20)))
        self.server.seen.append(self.path)
        body = json.dumps(
            {
                "path": self.path,
                "headers": {name.lower(): value for name, value in self.headers.items()},
                "body_length": length,
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, format, *args):
        pass


class Site:
    def __init__(self, http_port, https_port, upstream, media):
        self.http_port = http_port
        self.https_port = https_port
        self.upstream = upstream
        self.media = media
        self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self.tls.check_hostname = False
        self.tls.verify_mode = ssl.CERT_NONE  # the certificate is self-signed

    def request(self, method, path, *, tls=True, headers=None, body=None, tls_context=None):
        if tls:
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.https_port, context=tls_context or self.tls, timeout=5
            )
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=5)
        try:
            # http.client sends the path as given: no dot-segment removal, no slash merging.
            conn.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
            response = conn.getresponse()
            return response, response.read()
        finally:
            conn.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def reaches_upstream(self, path, **kwargs):
        before = len(self.upstream.seen)
        response, body = self.get(path, **kwargs)
        return response, body, len(self.upstream.seen) > before


def self_signed_certificate(directory):
    directory.mkdir()
    subprocess.run(
        [
            OPENSSL, "req", "-x509", "-nodes", "-days", "2",
            "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-keyout", str(directory / "privkey.pem"), "-out", str(directory / "fullchain.pem"),
            "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip


def media_folder(root):
    for name in ("images", "documents", "original_images"):
        (root / name).mkdir(parents=True)
    (root / "images" / "photo.2e16d0ba.fill-800x600.webp").write_bytes(RENDITION)
    (root / "images" / "notes.html").write_bytes(DOCUMENT)
    (root / "documents" / "a.pdf").write_bytes(DOCUMENT)
    (root / "original_images" / "a.jpg").write_bytes(ORIGINAL)
    # What a careless script or an attacker with a shell might leave among the renditions.
    (root / "images" / "leak.webp").symlink_to(root / "original_images" / "a.jpg")
    (root / "images" / "leak-doc.jpg").symlink_to(root / "documents" / "a.pdf")


def main_conf(tmp, site_conf):
    """What Debian's nginx.conf sets around sites-enabled/, with every path inside tmp."""
    user = ""
    if os.geteuid() == 0:  # workers would otherwise drop to nobody and not read tmp_path
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};"
    mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
    temp = " ".join(
        f"{kind}_temp_path {tmp / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
        daemon off;
        {user}
        worker_processes 1;
        pid {tmp / "nginx.pid"};
        error_log {tmp / "error.log"} warn;
        events {{ worker_connections 64; }}
        http {{
            sendfile on;
            tcp_nopush on;
            types_hash_max_size 2048;
            {mime}
            default_type application/octet-stream;
            ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
            ssl_prefer_server_ciphers on;
            access_log {tmp / "access.log"};
            gzip on;
            {temp}
            include {site_conf};
        }}
    """


def wait_for_port(port, process, deadline):
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return True
        except OSError:
            time.sleep(0.02)
    return False


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nginx")
    self_signed_certificate(tmp / "certs")
    media = tmp / "media"
    media_folder(media)
    acme = tmp / "acme"
    (acme / ".well-known" / "acme-challenge").mkdir(parents=True)
    (acme / ".well-known" / "acme-challenge" / "token-1").write_text("token-1.key")

    upstream = Upstream()
    threading.Thread(target=upstream.serve_forever, args=(0.05,), daemon=True).start()
    http_port, https_port = free_port(), free_port()
    v6 = ipv6_loopback_free(http_port) and ipv6_loopback_free(https_port)

    text = SITE_CONF.read_text()
    text = rewrite(text, "/etc/letsencrypt/live/portal.example.org/", f"{tmp / 'certs'}/")
    text = rewrite(text, "/srv/portal/media", str(media))
    text = rewrite(text, "/var/www/letsencrypt", str(acme))
    text = rewrite(text, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream.server_port};")
    ports = {"80": http_port, "443": https_port}

    def listen(match):
        port = ports[match["port"]]
        if not match["v6"]:
            return f"listen 127.0.0.1:{port}{match['rest']};"
        # Without IPv6 here the IPv4 listen carries the same server.
        return f"listen [::1]:{port}{match['rest']};" if v6 else "# no IPv6 loopback"

    text, count = re.subn(
        r"listen (?P<v6>\[::\]:)?(?P<port>80|443)\b(?P<rest>[^;]*);", listen, text
    )
    assert count == 8, (
        "listen 80, [::]:80, 443 and [::]:443 expected, for the site and the catch-all"
    )
    site_conf = tmp / "portal.conf"
    site_conf.write_text(text)
    conf = tmp / "nginx.conf"
    conf.write_text(main_conf(tmp, site_conf))

    command = [NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=10)
    assert checked.returncode == 0, checked.stderr
    warnings = [line for line in checked.stderr.splitlines() if "[warn]" in line]
    # nginx 1.25+ prefers `http2 on;`, which the 1.22 this file is written for does not know.
    warnings = [line for line in warnings if "listen ... http2" not in line]
    assert not warnings, warnings

    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 5
        started = wait_for_port(http_port, process, deadline) and wait_for_port(
            https_port, process, deadline
        )
        if not started:
            process.kill()
            _, stderr = process.communicate(timeout=5)
            log = (tmp / "error.log").read_text() if (tmp / "error.log").exists() else ""
            pytest.fail(f"nginx did not start:\n{stderr.decode()}\n{log}")
        yield Site(http_port, https_port, upstream, media)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        upstream.shutdown()
        upstream.server_close()


def test_plain_http_redirects_to_https_keeping_the_path(site):
    response, _, reached = site.reaches_upstream("/ru/novosti/?topic=parki&page=2", tls=False)

    assert response.status == 301
    assert response.getheader("Location") == f"https://{HOST}/ru/novosti/?topic=parki&page=2"
    assert not reached


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
@pytest.mark.parametrize("host", ["evil.example", "127.0.0.1", "portal.example.org.evil.example"])
def test_another_host_name_is_dropped_before_the_app(site, tls, host):
    before = len(site.upstream.seen)
    with pytest.raises(http.client.RemoteDisconnected):
        site.get("/healthz" if not tls else "/ru/", tls=tls, headers={"Host": host})
    assert len(site.upstream.seen) == before


def test_healthz_over_plain_http_reaches_the_app_and_says_so(site):
    response, body, reached = site.reaches_upstream("/healthz", tls=False)

    assert response.status == 200
    assert reached
    seen = json.loads(body)
    assert seen["path"] == "/healthz"
    assert seen["headers"]["host"] == HOST
    # Not https: the app exempts /healthz from its redirect instead of being told a lie.
    assert seen["headers"]["x-forwarded-proto"] == "http"


def test_acme_challenge_is_served_over_plain_http(site):
    response, body, reached = site.reaches_upstream(
        "/.well-known/acme-challenge/token-1", tls=False
    )

    assert response.status == 200
    assert body == b"token-1.key"
    assert not reached


def test_https_reaches_the_app_with_forwarded_headers(site):
    response, body, reached = site.reaches_upstream(
        "/ru/afisha/?month=2026-05",
        headers={
            # What a client may try, to pass for someone else or for another site.
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-Host": "evil.example",
            "X-Forwarded-Proto": "http",
            "Proxy": "http://evil.example:3128",
        },
    )

    assert response.status == 200
    assert reached
    seen = json.loads(body)
    assert seen["path"] == "/ru/afisha/?month=2026-05"
    headers = seen["headers"]
    assert headers["host"] == HOST
    assert headers["x-forwarded-proto"] == "https"
    assert headers["x-forwarded-for"] == "127.0.0.1"
    assert headers["x-forwarded-host"] == HOST
    assert headers["x-forwarded-port"] == str(site.https_port)
    assert "proxy" not in headers


def test_tls_1_2_and_1_3_are_offered(site):
    for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        context.minimum_version = context.maximum_version = version
        with (
            socket.create_connection(("127.0.0.1", site.https_port), timeout=5) as raw,
            context.wrap_socket(raw, server_hostname=HOST) as tls,
        ):
            assert tls.version() == version.name.replace("_", ".")


def test_renditions_are_served_by_nginx_with_long_caching(site):
    response, body, reached = site.reaches_upstream(
        "/media/images/photo.2e16d0ba.fill-800x600.webp", headers={"Accept-Encoding": "gzip"}
    )

    assert response.status == 200
    assert body == RENDITION
    assert not reached
    cache_control = response.getheader("Cache-Control")
    assert "max-age=31536000" in cache_control
    assert "immutable" in cache_control
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Content-Type") == "image/webp"
    assert response.getheader("Content-Encoding") is None  # already compressed


def test_a_missing_rendition_is_a_404_from_nginx_not_the_app(site):
    response, _, reached = site.reaches_upstream("/media/images/gone.2e16d0ba.fill-80x80.webp")

    assert response.status == 404
    assert not reached
    assert "max-age" not in (response.getheader("Cache-Control") or "")


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/a.pdf",
        "/media/original_images/a.jpg",
        "/media/images/../documents/a.pdf",
        "/media/images/../original_images/a.jpg",
        "/media/images/%2e%2e/documents/a.pdf",
        "/media/images/%2E%2E/original_images/a.jpg",
        "/media/images/..%2fdocuments%2fa.pdf",
        "/media/images/%2e%2e%2f%2e%2e%2fmedia/documents/a.pdf",
        "//media/documents/a.pdf",
        "/media//documents/a.pdf",
        "/media/%64ocuments/a.pdf",
        "/%6dedia/original_images/a.jpg",
        "/media/images/notes.html",
        "/media/images/",
        "/media/",
    ],
)
def test_private_media_is_never_served(site, path):
    response, body, reached = site.reaches_upstream(path)

    assert response.status == 404
    assert DOCUMENT not in body
    assert ORIGINAL not in body
    assert not reached


@pytest.mark.parametrize("path", ["/media/images/leak.webp", "/media/images/leak-doc.jpg"])
def test_symlinks_among_the_renditions_are_not_followed(site, path):
    response, body, reached = site.reaches_upstream(path)

    assert response.status in {403, 404}
    assert DOCUMENT not in body
    assert ORIGINAL not in body
    assert not reached


def test_an_upload_at_the_document_limit_reaches_the_app(site):
    # A 20 MB document plus its multipart envelope.
    body = b"x" * (20 * 1024 * 1024 + 64 * 1024)
    response, answer = site.request(
        "POST", "/admin/documents/multiple/add/", body=body, headers={"Content-Type": "text/plain"}
    )

    assert response.status == 200
    assert json.loads(answer)["body_length"] == len(body)


def test_a_body_over_the_limit_is_refused_with_413(site):
    before = len(site.upstream.seen)
    conn = http.client.HTTPSConnection("127.0.0.1", site.https_port, context=site.tls, timeout=5)
    try:
        # nginx answers from Content-Length alone, so the body need not be sent.
        conn.putrequest("POST", "/admin/documents/multiple/add/", skip_host=True)
        conn.putheader("Host", HOST)
        conn.putheader("Content-Length", str(30 * 1024 * 1024))
        conn.endheaders()
        response = conn.getresponse()
    finally:
        conn.close()

    assert response.status == 413
    assert len(site.upstream.seen) == before
