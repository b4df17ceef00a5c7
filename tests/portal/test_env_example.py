""".env.example documents exactly the variables the settings and gunicorn's config read."""

import json
import os
import re
from pathlib import Path

from tests.processes import run_python

ROOT = Path(__file__).resolve().parents[2]
READERS = re.compile(
    r"""\b(?:env|env_bool|env_list|env_int|env_addresses|env_rate|env_networks|os\.environ\.get)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
DOCUMENTED = re.compile(r"^#?\s*([A-Z][A-Z0-9_]+)=", re.MULTILINE)
# Read by the settings for the test suite and the tools around it, not by a deployment.
NOT_FOR_DEPLOYMENT = {"REQUIRE_POSTGRES"}


def read_variables():
    sources = [
        *sorted((ROOT / "portal" / "settings").glob("*.py")),
        ROOT / "deploy" / "gunicorn.conf.py",
    ]
    names = set()
    for source in sources:
        names |= set(READERS.findall(source.read_text()))
    return names - NOT_FOR_DEPLOYMENT


def test_env_example_matches_what_is_read():
    documented = set(DOCUMENTED.findall((ROOT / ".env.example").read_text()))
    read = read_variables()
    assert read - documented == set(), "read but not in .env.example"
    assert documented - read - {"DJANGO_SETTINGS_MODULE"} == set(), "in .env.example but never read"
    assert {"SECRET_KEY", "DATABASE_URL", "ADMINS", "SENTRY_DSN", "GUNICORN_BIND"} <= read


def test_a_copy_of_env_example_left_as_it_is_gives_the_development_defaults():
    """Empty values (``MEDIA_ROOT=``) mean the default, never the project root or ''."""
    copied = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            copied[name] = value
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    env.update(copied)
    script = (
        "import json; from portal.settings import dev as s; print(json.dumps({"
        "'media': str(s.MEDIA_ROOT), 'static': str(s.STATIC_ROOT),"
        "'backups': str(s.PORTAL_BACKUP_DIR),"
        "'database': str(s.DATABASES['default']['NAME']), 'hosts': s.ALLOWED_HOSTS,"
        "'cache': s.CACHES['default']['BACKEND']}))"
    )
    result = run_python("-c", script, env=env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    var = str(ROOT / "var")
    assert values["media"] == f"{var}/media"
    assert values["static"] == f"{var}/static"
    assert values["backups"] == f"{var}/backups"
    assert values["database"] == f"{var}/db.sqlite3"
    assert values["hosts"] == ["127.0.0.1", "localhost", "[::1]"]
    assert values["cache"].endswith("LocMemCache")
