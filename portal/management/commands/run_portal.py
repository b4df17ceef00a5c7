"""Serve the portal for development with the background work production's timers and worker do.

``make run`` uses it: Django's development server, ``publish_scheduled`` every minute (so a
page approved with a go-live time goes live on time, as under the production timer) and, when
tasks go through the database rather than running at once, a task worker. Everything stops
with the server: Ctrl-C ends the lot.
"""

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

MANAGE = Path(settings.BASE_DIR) / "manage.py"
IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


def manage(*args, **kwargs):
    """Run manage.py in a fresh interpreter: each run sees the code as it is now."""
    return subprocess.run([sys.executable, str(MANAGE), *args], check=False, **kwargs)  # noqa: S603 (our own manage.py)


class Scheduler(threading.Thread):
    """Runs ``publish_scheduled`` now and then every ``every`` seconds until stopped."""

    def __init__(self, every, stdout):
        super().__init__(name="publish_scheduled", daemon=True)
        self.every, self.stdout = every, stdout
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.is_set():
            result = manage("publish_scheduled", capture_output=True, text=True)
            if result.returncode:
                self.stdout.write(f"publish_scheduled failed:\n{result.stderr}")
            self.stopped.wait(self.every)

    def stop(self):
        self.stopped.set()


class Command(BaseCommand):
    help = (
        "Serve the portal for development, publishing scheduled pages every minute (and running "
        "the task worker when tasks are queued in the database); all of it stops with the server."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument(
            "--publish-every", type=int, default=60, help="Seconds between scheduled publishing."
        )
        parser.add_argument("--noreload", action="store_true", help="Do not reload on changes.")

    def handle(self, *args, **options):
        serve = {"addrport": options["addrport"], "use_reloader": not options["noreload"]}
        if os.environ.get("RUN_MAIN") == "true":
            # The autoreloader's child process only serves; its parent runs the rest.
            call_command("runserver", **serve)
            return
        # A SIGTERM (a supervisor, a test) ends the run as Ctrl-C does: through ``finally``.
        signal.signal(signal.SIGTERM, lambda _signal, _frame: sys.exit(0))
        scheduler = Scheduler(options["publish_every"], self.stdout)
        scheduler.start()
        worker = None
        if settings.TASKS["default"]["BACKEND"] != IMMEDIATE:
            worker = subprocess.Popen([sys.executable, str(MANAGE), "db_worker"])  # noqa: S603
        self.stdout.write(
            f"Scheduled publishing every {options['publish_every']} s"
            + (", task worker started." if worker else "; tasks run at once.")
        )
        try:
            call_command("runserver", **serve)
        finally:
            scheduler.stop()
            if worker is not None:
                worker.terminate()
                try:
                    worker.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    worker.kill()
            scheduler.join(timeout=30)
