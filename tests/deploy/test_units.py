"""deploy/systemd/: what a server would otherwise be the first to find out.

The units assume the checkout at /srv/portal/app; the tests map that onto this repository.
"""

import importlib.util
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from django.core.management import get_commands

import pytest

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "deploy" / "systemd"
NGINX_SITE = REPO / "deploy" / "nginx" / "portal.conf"
APP = "/srv/portal/app"
VENV_BIN = f"{APP}/.venv/bin/"
MEDIA_ROOT = "/srv/portal/media"

# Every service runs the same Django, so every service gets the same sandbox.
HARDENING = {
    "NoNewPrivileges": "yes",
    "PrivateTmp": "yes",
    "PrivateDevices": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "CapabilityBoundingSet": "",
    "RestrictSUIDSGID": "yes",
}


def parse_unit(path):
    """Sections of a unit file as {section: {key: [values in order]}}: systemd repeats keys."""
    sections, current, pending = {}, None, ""
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not pending and (not line or line.startswith(("#", ";"))):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, sep, value = line.partition("=")
        assert sep and current is not None, f"{path.name}:{number}: cannot read {raw!r}"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def unit_files(suffix):
    return sorted(UNITS.glob(f"*.{suffix}"))


SERVICES = {path.name: parse_unit(path) for path in unit_files("service")}
TIMERS = {path.name: parse_unit(path) for path in unit_files("timer")}


def one(unit, section, key):
    values = unit.get(section, {}).get(key, [])
    assert len(values) == 1, f"{section}/{key}: expected one value, found {values}"
    return values[0]


def commands(unit):
    """Each Exec* line of a service as an argument list, without systemd's prefixes (-@+!:)."""
    for key in ("ExecStartPre", "ExecStart", "ExecStartPost", "ExecReload", "ExecStop"):
        for value in unit["Service"].get(key, []):
            yield shlex.split(value.lstrip("-@+!:"))


def manage_commands():
    for name, unit in SERVICES.items():
        for argv in commands(unit):
            if len(argv) > 2 and argv[1] == f"{APP}/manage.py":
                yield name, argv[2]


def repository_paths():
    """Every /srv/portal/app/… path the services name, except the virtualenv and var/."""
    found = set()
    for name, unit in SERVICES.items():
        for values in unit["Service"].values():
            for value in values:
                for word in re.findall(rf"{re.escape(APP)}/[^\s\"']+", value):
                    relative = word.removeprefix(f"{APP}/")
                    if not relative.startswith((".venv/", "var")):
                        found.add((name, relative))
    return sorted(found)


def test_there_are_units_to_check():
    assert {"portal-web.service", "portal-worker.service"} <= SERVICES.keys()
    assert TIMERS


@pytest.mark.parametrize(("unit", "command"), sorted(set(manage_commands())))
def test_every_management_command_exists(unit, command):
    assert command in get_commands(), f"{unit} runs `manage.py {command}`, which does not exist"


def test_the_management_commands_are_the_expected_ones():
    assert {command for _unit, command in manage_commands()} == {
        "db_worker",
        "publish_scheduled",
        "refresh_event_occurrences",
        "prune_db_task_results",
        "searchpromotions_garbage_collect",
        "clearsessions",
        "backup_portal",
    }


@pytest.mark.parametrize(("unit", "relative"), sorted(repository_paths()))
def test_every_file_in_the_checkout_exists(unit, relative):
    assert (REPO / relative).exists(), f"{unit} names {APP}/{relative}, not in the repository"


def test_the_virtualenv_programs_are_installed_by_requirements():
    # The tests run in a virtualenv built from requirements.lock, as the server's is.
    programs = {
        argv[0].removeprefix(VENV_BIN)
        for unit in SERVICES.values()
        for argv in commands(unit)
        if argv[0].startswith(VENV_BIN)
    }
    assert programs == {"gunicorn", "python"}
    for program in programs:
        assert (Path(sys.prefix) / "bin" / program).exists(), program


def test_gunicorn_serves_the_wsgi_module():
    argv = next(commands(SERVICES["portal-web.service"]))
    assert argv[0] == f"{VENV_BIN}gunicorn"
    assert importlib.util.find_spec(argv[-1]) is not None, argv[-1]
    assert argv[argv.index("--config") + 1] == f"{APP}/deploy/gunicorn.conf.py"


def timer_service(timer):
    """The unit a timer starts: its Unit=, else the service of the same name."""
    unit = TIMERS[timer]
    if "Unit" in unit["Timer"]:
        return one(unit, "Timer", "Unit")
    return timer.removesuffix(".timer") + ".service"


@pytest.mark.parametrize("timer", sorted(TIMERS))
def test_every_timer_starts_an_existing_service(timer):
    unit = TIMERS[timer]
    service = timer_service(timer)
    assert service in SERVICES, f"{timer} starts {service}, which is not in deploy/systemd/"
    assert SERVICES[service]["Service"]["Type"] == ["oneshot"]
    assert one(unit, "Install", "WantedBy") == "timers.target"
    assert one(unit, "Timer", "Persistent") == "true"


def test_every_service_is_enabled_or_timed():
    timed = {timer_service(timer) for timer in TIMERS}
    for name, unit in SERVICES.items():
        if name in timed:
            # Enabling a timed service as well would start it at boot too.
            assert "Install" not in unit, f"{name} is started by its timer; enable that"
        else:
            assert one(unit, "Install", "WantedBy") == "multi-user.target", name


def test_publish_scheduled_runs_every_minute_on_the_minute():
    timer = TIMERS["portal-publish-scheduled.timer"]
    assert one(timer, "Timer", "OnCalendar") == "*-*-* *:*:00"
    assert one(timer, "Timer", "AccuracySec") == "1s"


@pytest.mark.parametrize("key", ["User", "Group", "EnvironmentFile", "WorkingDirectory"])
def test_every_service_runs_in_the_same_place_as_the_same_user(key):
    values = {name: one(unit, "Service", key) for name, unit in SERVICES.items()}
    expected = {
        "User": "portal",
        "Group": "portal",
        "EnvironmentFile": "/etc/portal/portal.env",
        "WorkingDirectory": APP,
    }[key]
    assert set(values.values()) == {expected}, values


def test_every_service_runs_production_settings_unless_the_file_says_otherwise():
    # manage.py falls back to dev settings (DEBUG, a fixed key): a copy of .env.example left as
    # it is must still run production, so the units name it and the example leaves it unset
    # (EnvironmentFile= wins over Environment=, so an operator can still choose).
    for name, unit in SERVICES.items():
        environment = " ".join(unit["Service"].get("Environment", [])).split()
        assert "DJANGO_SETTINGS_MODULE=portal.settings.production" in environment, name
    example = (REPO / ".env.example").read_text()
    assert not re.search(r"^DJANGO_SETTINGS_MODULE=", example, re.M)
    # Nor does the example pre-fill what production must be told.
    for required in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "WAGTAILADMIN_BASE_URL",
        "MEDIA_ROOT",
    ):
        assert re.search(rf"^{required}=$", example, re.M), required


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_is_sandboxed_alike(name):
    service = SERVICES[name]["Service"]
    for key, value in HARDENING.items():
        assert service.get(key) == [value], f"{name}: {key}"
    writable = one(SERVICES[name], "Service", "ReadWritePaths").split()
    assert {MEDIA_ROOT, f"{APP}/var"} <= set(writable), name
    assert all(path.startswith("/srv/portal/") for path in writable), writable


def test_only_the_backup_writes_backups():
    for name, unit in SERVICES.items():
        writable = one(unit, "Service", "ReadWritePaths").split()
        assert ("/srv/portal/backups" in writable) == (name == "portal-backup.service"), name
    argv = next(commands(SERVICES["portal-backup.service"]))
    assert argv[argv.index("--output") + 1] == "/srv/portal/backups"


def test_the_worker_is_given_time_to_finish_its_task():
    worker = SERVICES["portal-worker.service"]["Service"]
    assert worker["Restart"] == ["always"]
    assert worker["KillMode"] == ["mixed"]  # one SIGTERM, to the worker itself
    assert int(worker["TimeoutStopSec"][0]) >= 60


def test_the_web_service_reloads_gracefully():
    web = SERVICES["portal-web.service"]["Service"]
    assert web["ExecReload"] == ["/bin/kill -s HUP $MAINPID"]
    assert web["Restart"] == ["on-failure"]
    unit = SERVICES["portal-web.service"]["Unit"]
    after = one(SERVICES["portal-web.service"], "Unit", "After").split()
    assert {"network-online.target", "postgresql.service", "redis-server.service"} <= set(after)
    assert unit["Wants"] == ["network-online.target"]


def test_nginx_serves_renditions_from_the_media_root_the_services_write():
    site = NGINX_SITE.read_text()
    assert re.search(rf"alias {re.escape(MEDIA_ROOT)}/images/;", site)


def test_nginx_proxies_to_where_gunicorn_binds(monkeypatch):
    import runpy

    monkeypatch.delenv("GUNICORN_BIND", raising=False)
    config = runpy.run_path(str(REPO / "deploy" / "gunicorn.conf.py"))
    bind = config["bind"]
    binds = [bind] if isinstance(bind, str) else list(bind)
    upstream = re.search(r"upstream portal_app \{\s*server ([^;\s]+);", NGINX_SITE.read_text())
    assert upstream
    assert binds == [upstream[1]] == ["127.0.0.1:8000"]


SYSTEMD_ANALYZE = shutil.which("systemd-analyze")


@pytest.mark.skipif(not SYSTEMD_ANALYZE, reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_accepts_the_units(tmp_path):
    """systemd's own reading: unknown keys, bad values, calendar specs, missing programs.

    It needs no running systemd. Paths are rewritten to ones that exist here, so that its
    check that each program is executable means something.
    """
    state = tmp_path / "srv"
    for folder in ("media", "backups"):
        (state / folder).mkdir(parents=True)
    replacements = [
        (f"{APP}/.venv", sys.prefix),
        (APP, str(REPO)),
        ("/etc/portal/portal.env", str(REPO / ".env.example")),
        ("/srv/portal/", f"{state}/"),
    ]
    copies = []
    for path in unit_files("service") + unit_files("timer"):
        text = path.read_text()
        for old, new in replacements:
            text = text.replace(old, new)
        copy = tmp_path / path.name
        copy.write_text(text)
        copies.append(str(copy))

    result = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", "--man=no", *copies],
        capture_output=True,
        text=True,
        timeout=30,
    )

    # An unknown key is only a warning, with exit status 0: any output at all is a finding.
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr
