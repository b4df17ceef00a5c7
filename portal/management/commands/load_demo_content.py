"""Load the portal's demo content: Russian originals with English translations made through
wagtail-localize (the same machinery translators use).

Idempotent: anything that already exists (matched by slug and language) is left as it is.
"""

import datetime
import io
import uuid
import zoneinfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from wagtail.images.models import Image
from wagtail.models import Locale

from PIL import Image as PILImage
from PIL import ImageDraw

from home.models import HomePage, StandardPage
from news import demo as news_demo
from news import events_demo
from news.models import NewsIndexPage, NewsPage, NewsPageAuthor, NewsPageTopic
from portal.demo import pages, taxonomies
from portal.localize import translate_object
from portal.models import City, Format, Organisation, Person, SpaceType, Topic
from portal.models.mixins import transliterated_slug
from resources import demo as resources_demo

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
        self.load_news()
        resources_demo.load(self)
        events_demo.load(self, stream_data, translate_object)
        if not options["no_admin"]:
            self.ensure_admin()
        if self.created:
            call_command("update_index", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content in place ({self.created} objects created).")
        )

    # Snippets

    def snippet(self, model, key, translated, **synced):
        """The Russian original (found by ``key``) and its English translation, each made once.

        ``translated`` maps field names to (Russian, English) pairs; ``synced`` fields are the
        same in both languages.
        """
        ru = {name: pair[RU] for name, pair in translated.items()}
        en = {name: pair[EN] for name, pair in translated.items()}
        lookup = {key: synced[key] if key in synced else ru[key]}
        original = model.objects.filter(locale=self.ru, **lookup).first()
        if original is None:
            original = model.objects.create(locale=self.ru, **ru, **synced)
            self.created += 1
        if not model.objects.filter(
            translation_key=original.translation_key, locale=self.en
        ).exists():
            translate_object(original, self.en, model(**en, **synced))
            self.created += 1
        return original

    def load_taxonomies(self):
        for slug, names, descriptions in taxonomies.TOPICS:
            self.snippet(Topic, "slug", {"name": names, "description": descriptions}, slug=slug)
        for model, terms in ((Format, taxonomies.FORMATS), (SpaceType, taxonomies.SPACE_TYPES)):
            for slug, names in terms:
                self.snippet(model, "slug", {"name": names}, slug=slug)
        for slug, names, regions, zone, lat, lon in taxonomies.CITIES:
            self.snippet(
                City,
                "slug",
                {"name": names, "region": regions},
                slug=slug,
                time_zone=zone,
                latitude=lat,
                longitude=lon,
            )
        for _key, names, descriptions, website in taxonomies.ORGANISATIONS:
            self.snippet(
                Organisation, "name", {"name": names, "description": descriptions}, website=website
            )
        for _key, names, roles in taxonomies.PEOPLE:
            self.snippet(Person, "name", {"name": names, "role": roles})

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

    # News

    def demo_images(self):
        """A few generated pictures (no binary files in the repository)."""
        images = []
        palette = [
            ("#1f4e5f", "#f4b942"),
            ("#c2571a", "#fbfaf7"),
            ("#3c6e47", "#e9efe9"),
            ("#5b3a6e", "#f6ecd9"),
            ("#2d3a8c", "#f4b942"),
            ("#7a2e2e", "#eef3f4"),
        ]
        for number, (background, shape) in enumerate(palette, start=1):
            title = f"Демо-иллюстрация {number}"
            image = Image.objects.filter(title=title).first()
            if image is None:
                canvas = PILImage.new("RGB", (1600, 1000), background)
                draw = ImageDraw.Draw(canvas)
                for step in range(number + 2):
                    x = 120 + step * 230
                    draw.rectangle([x, 1000 - 180 - step * 90, x + 180, 1000], fill=shape)
                draw.ellipse([1250, 120, 1450, 320], fill=shape)
                buffer = io.BytesIO()
                canvas.save(buffer, "JPEG", quality=85)
                image = Image(title=title, file=ImageFile(buffer, name=f"demo-{number}.jpg"))
                image.save()
                self.created += 1
            images.append(image)
        return images

    def load_news(self):
        index = NewsIndexPage.objects.child_of(self.home).first()
        if index is None:
            index = self.home.add_child(
                instance=NewsIndexPage(
                    title=news_demo.INDEX["title"][RU],
                    slug=news_demo.INDEX["slug"][RU],
                    intro=news_demo.INDEX["intro"][RU],
                    show_in_menus=True,
                )
            )
            index.save_revision().publish()
            self.created += 1
        if not NewsIndexPage.objects.filter(
            translation_key=index.translation_key, locale=self.en
        ).exists():
            translate_object(
                index,
                self.en,
                NewsIndexPage(
                    title=news_demo.INDEX["title"][EN],
                    slug=news_demo.INDEX["slug"][EN],
                    intro=news_demo.INDEX["intro"][EN],
                ),
            )
            self.created += 1

        images = self.demo_images()
        people = list(Person.objects.filter(locale=self.ru).order_by("pk"))
        topics = {topic.slug: topic for topic in Topic.objects.filter(locale=self.ru)}
        alt = (
            "Иллюстрация: силуэты зданий и солнце",
            "Illustration: building silhouettes and a sun",
        )
        moscow = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        for number, entry in enumerate(news_demo.NEWS):
            title, lead, text = entry["ru"]
            page = NewsPage.objects.child_of(index).filter(title=title).first()
            block_key = f"news:{entry['date']}:{number}"
            if page is None:
                page = NewsPage(
                    title=title,
                    lead=lead,
                    body=stream_data(block_key, [("paragraph", {}, (f"<p>{text}</p>", ""))], RU),
                    publication_date=datetime.datetime.combine(
                        entry["date"], datetime.time(10), moscow
                    ),
                    lead_image=images[number % len(images)] if number % 4 else None,
                    lead_image_alt=alt[RU] if number % 4 else "",
                    featured=entry["featured"],
                )
                page.authors = (
                    [NewsPageAuthor(person=people[number % len(people)])] if people else []
                )
                page.topics = [NewsPageTopic(topic=topics[slug]) for slug in entry["topics"]]
                if not entry["en"]:
                    page.tags.add(*entry["tags"])
                index.add_child(instance=page)
                page.save_revision().publish()
                self.created += 1
            if (
                entry["en"]
                and not NewsPage.objects.filter(
                    translation_key=page.translation_key, locale=self.en
                ).exists()
            ):
                title_en, lead_en, text_en = entry["en"]
                shadow = NewsPage(
                    title=title_en,
                    slug=transliterated_slug(title_en),
                    lead=lead_en,
                    lead_image_alt=alt[EN] if page.lead_image_alt else "",
                    body=stream_data(block_key, [("paragraph", {}, ("", f"<p>{text_en}</p>"))], EN),
                )
                translate_object(page, self.en, shadow)
                self.created += 1

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
