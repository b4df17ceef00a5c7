"""Keep the stored occurrences of events ahead of the calendar (run daily, see deploy/systemd).

Publishing an event writes its occurrences over a window of about 18 months; every day the
window moves on, and the events that repeat without end (or end beyond it) need rows further
ahead. ``--all`` rewrites every live event's rows: after a bulk import that bypassed ``save``,
or a change to how occurrences are worked out.
"""

import time

from django.core.management.base import BaseCommand

from news.events import stored


class Command(BaseCommand):
    help = "Write the occurrences of events whose stored dates end too soon (--all: every event)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="Rewrite the occurrences of every live event."
        )

    def handle(self, *args, **options):
        began = time.monotonic()
        events, rows = stored.refresh(rebuild_all=options["all"])
        seconds = time.monotonic() - began
        if options["verbosity"]:
            self.stdout.write(
                f"Event occurrences: {events} events refreshed, {rows} rows written"
                f" in {seconds:.1f} s."
            )
