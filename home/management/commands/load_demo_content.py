"""Load the portal's demo content: Russian originals with English translations made through
wagtail-localize (the same machinery translators use). The content is data, in
``home/demo/data/``; ``home.demo.loader`` turns it into pages and snippets.

Idempotent: anything that already exists (matched by key or slug and language) is left as it is.
"""

from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone

from wagtail.models import Locale
from wagtail.search import index
from wagtail.search.signal_handlers import post_save_signal_handler

from home.demo.loader import DemoLoader
from home.models import HomePage


class Command(BaseCommand):
    help = "Load Russian demo content with English translations (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo administrator."
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
        if not options["no_admin"]:
            created += self.ensure_admin()
        if created:
            call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"Demo content in place ({created} objects created)."))

    def ensure_admin(self):
        """The documented demo login, unless the settings have none (production). Returns the
        number of users created."""
        password = getattr(settings, "DEMO_ADMIN_PASSWORD", None)
        if not password:
            return 0
        username = settings.DEMO_ADMIN_USERNAME
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            return 0
        user_model.objects.create_superuser(
            username=username, email="admin@example.org", password=password
        )
        self.stdout.write(f"Created the demo administrator: {username} / {password}")
        return 1


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
