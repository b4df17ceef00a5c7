"""Seed the benchmark's corpus in bulk: ``--scale`` news items (default 10,000) with a fifth as
many events (one in ten repeating), a twentieth as many centres and a fiftieth as many toolkits,
each in Russian and in English (linked translations). Skips the work when the corpus is already
there at that scale; ``--reset`` removes the seeded pages first. See ``home.benchmark``."""

import json

from django.core.management.base import BaseCommand, CommandError

from home.benchmark.seeder import MAX_SCALE, Seeder


class Command(BaseCommand):
    help = "Seed the benchmark's news, events, centres and toolkits in bulk (both languages)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=10_000, help="News items (Russian).")
        parser.add_argument("--reset", action="store_true", help="Remove seeded pages first.")
        parser.add_argument(
            "--no-index", action="store_true", help="Leave the search index as it is."
        )
        parser.add_argument("--json", action="store_true", help="Print the timings as JSON.")

    def handle(self, *args, **options):
        scale = options["scale"]
        if not 1 <= scale <= MAX_SCALE:
            raise CommandError(f"--scale must be between 1 and {MAX_SCALE}.")
        seeder = Seeder(
            scale, stdout=self.stdout, stderr=self.stderr, index=not options["no_index"]
        )
        try:
            if options["reset"]:
                seeder.reset()
            seeder.run()
        except RuntimeError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps({k: round(v, 2) for k, v in seeder.timings.items()}))
