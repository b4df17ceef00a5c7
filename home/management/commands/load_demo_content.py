"""Load the portal's demo content: Russian originals with English translations made through
wagtail-localize (the same machinery translators use). The content is data, in
``home/demo/data/``; ``home.demo.loader`` turns it into pages and snippets.

Idempotent: anything that already exists (matched by key or slug and language) is left as it is.
"""

from contextlib import contextmanager

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from wagtail.models import Locale
from wagtail.search import index
from wagtail.search.signal_handlers import post_save_signal_handler

from home.demo.loader import DemoLoader
from home.demo.users import ensure_demo_team
from home.editorial import ensure_roles, ensure_workflows
from home.models import HomePage


class Command(BaseCommand):
    help = "Load Russian demo content with English translations (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo logins."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        try:
            ru = Locale.objects.get(language_code="ru")
            en = Locale.objects.get(language_code="en")
            home = HomePage.objects.get(locale=ru)
        except (Locale.DoesNotExist, HomePage.DoesNotExist):
            raise CommandError("Run `manage.py setup_portal` first.") from None

        with search_index_deferred():
            created = DemoLoader(ru, en, home, timezone.localdate()).load()
        groups, changes = ensure_roles()  # the sections exist now: scope the roles to them
        changes += ensure_workflows(groups)
        for change in changes:
            self.stdout.write(change)
        logins = [] if options["no_admin"] else ensure_demo_team(groups)
        if created:
            call_command("update_index", verbosity=0)
        # Events saved before their table existed, or loaded a while ago, get their dates.
        call_command("refresh_event_occurrences", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Demo content in place ({created} objects created)."))
        if logins:
            self.stdout.write("Demo logins (development only):")
            for login, password, role in logins:
                self.stdout.write(f"  {login:<11} {password:<12} {role}")


@contextmanager
def search_index_deferred():
    """Objects saved inside are not added to the search index one by one, each save again: the
    command rebuilds the index once at the end (a quarter of the load's time otherwise)."""
    models = [
        model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)
    ]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
