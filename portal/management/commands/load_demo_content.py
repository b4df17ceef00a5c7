"""Load the portal's demo content: Russian originals with English translations made through
wagtail-localize (the same machinery translators use).

Idempotent: anything that already exists (matched by slug and language) is left as it is.
"""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.models import Locale

from home.models import HomePage, StandardPage
from portal.demo import pages, taxonomies
from portal.localize import translate_object
from portal.models import City, Format, Organisation, Person, SpaceType, Topic

RU, EN = 0, 1
BLOCK_NAMESPACE = uuid.UUID("3f1c9a52-7a51-4d36-9d8e-6c1a0f0c2b11")


def stream_data(key, spec, lang):
    """StreamField data for one language; block ids depend on ``key`` only, so the Russian and
    English versions line up segment by segment."""
    data = []
    for index, (block_type, fixed, translated) in enumerate(spec):
        if isinstance(translated, tuple):
            value = translated[lang]
        else:
            value = {**fixed, **{name: text[lang] for name, text in translated.items()}}
        block_id = str(uuid.uuid5(BLOCK_NAMESPACE, f"{key}:{index}"))
        data.append({"type": block_type, "value": value, "id": block_id})
    return data


class Command(BaseCommand):
    help = "Load Russian demo content with English translations (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo administrator."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        try:
            self.ru = Locale.objects.get(language_code="ru")
            self.en = Locale.objects.get(language_code="en")
            self.home = HomePage.objects.get(locale=self.ru)
        except (Locale.DoesNotExist, HomePage.DoesNotExist):
            raise CommandError("Run `manage.py setup_portal` first.") from None
        self.created = 0

        self.load_taxonomies()
        self.load_pages()
        if not options["no_admin"]:
            self.ensure_admin()
        if self.created:
            call_command("update_index", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content in place ({self.created} objects created).")
        )

    # Snippets

    def term(self, model, slug, names, descriptions=None, **synced):
        original = model.objects.filter(slug=slug, locale=self.ru).first()
        if original is None:
            original = model.objects.create(
                locale=self.ru,
                slug=slug,
                name=names[RU],
                **({"description": descriptions[RU]} if descriptions else {}),
                **synced,
            )
            self.created += 1
        if not model.objects.filter(
            translation_key=original.translation_key, locale=self.en
        ).exists():
            shadow = model(
                slug=slug,
                name=names[EN],
                **({"description": descriptions[EN]} if descriptions else {}),
                **synced,
            )
            translate_object(original, self.en, shadow)
            self.created += 1
        return original

    def load_taxonomies(self):
        for slug, names, descriptions in taxonomies.TOPICS:
            self.term(Topic, slug, names, descriptions)
        for slug, names in taxonomies.FORMATS:
            self.term(Format, slug, names)
        for slug, names in taxonomies.SPACE_TYPES:
            self.term(SpaceType, slug, names)
        for slug, names, regions, zone, lat, lon in taxonomies.CITIES:
            original = City.objects.filter(slug=slug, locale=self.ru).first()
            if original is None:
                original = City.objects.create(
                    locale=self.ru,
                    slug=slug,
                    name=names[RU],
                    region=regions[RU],
                    time_zone=zone,
                    latitude=lat,
                    longitude=lon,
                )
                self.created += 1
            if not City.objects.filter(
                translation_key=original.translation_key, locale=self.en
            ).exists():
                shadow = City(
                    slug=slug,
                    name=names[EN],
                    region=regions[EN],
                    time_zone=zone,
                    latitude=lat,
                    longitude=lon,
                )
                translate_object(original, self.en, shadow)
                self.created += 1
        for _key, names, descriptions, website in taxonomies.ORGANISATIONS:
            self.named(Organisation, names, description=descriptions, website=(website, website))
        for _key, names, roles in taxonomies.PEOPLE:
            self.named(Person, names, role=roles)

    def named(self, model, names, **fields):
        original = model.objects.filter(name=names[RU], locale=self.ru).first()
        if original is None:
            original = model.objects.create(
                locale=self.ru, name=names[RU], **{key: value[RU] for key, value in fields.items()}
            )
            self.created += 1
        if not model.objects.filter(
            translation_key=original.translation_key, locale=self.en
        ).exists():
            shadow = model(name=names[EN], **{key: value[EN] for key, value in fields.items()})
            translate_object(original, self.en, shadow)
            self.created += 1
        return original

    # Pages

    def page(self, model, parent, content, show_in_menus=False):
        slug_ru, slug_en = content["slug"]
        page = model.objects.child_of(parent).filter(slug=slug_ru).first()
        if page is None:
            page = parent.add_child(
                instance=model(
                    title=content["title"][RU],
                    slug=slug_ru,
                    intro=content["intro"][RU],
                    body=stream_data(slug_ru, content["body"], RU),
                    show_in_menus=show_in_menus,
                )
            )
            page.save_revision().publish()
            self.created += 1
        if not model.objects.filter(translation_key=page.translation_key, locale=self.en).exists():
            shadow = model(
                title=content["title"][EN],
                slug=slug_en,
                intro=content["intro"][EN],
                body=stream_data(slug_ru, content["body"], EN),
            )
            translate_object(page, self.en, shadow)
            self.created += 1
        return page

    def load_pages(self):
        if not self.home.body:
            self.home.body = stream_data("home", pages.HOME_BODY, RU)
            self.home.save_revision().publish()
            en_home = HomePage.objects.get(
                translation_key=self.home.translation_key, locale=self.en
            )
            shadow = HomePage(
                title=en_home.title,
                slug=en_home.slug,
                intro=en_home.intro,
                body=stream_data("home", pages.HOME_BODY, EN),
            )
            translate_object(self.home, self.en, shadow)
            self.created += 1
        self.page(StandardPage, self.home, pages.ABOUT, show_in_menus=True)
        self.page(StandardPage, self.home, pages.PARTICIPATE, show_in_menus=True)

    # People

    def ensure_admin(self):
        password = getattr(settings, "DEMO_ADMIN_PASSWORD", None)
        if not password:
            return
        username = settings.DEMO_ADMIN_USERNAME
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            return
        user_model.objects.create_superuser(
            username=username, email="admin@example.org", password=password
        )
        self.created += 1
        self.stdout.write(f"Created the demo administrator: {username} / {password}")
