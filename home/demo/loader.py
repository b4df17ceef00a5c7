"""Load the demo content from the data files in ``home/demo/data/`` (see ``records``).

Russian originals are created first; English versions are made through wagtail-localize's own
machinery (``portal.translation.translate.translate_object``), as a translator's would be.
Idempotent: a page is found by its slug under its parent (a section index, of which there is
one per parent, by its type), a taxonomy term by its slug (organisations and people, which have
none, by their Russian name), a picture or document by its title; only what is missing is made.
"""

import io

from django.core.files.images import ImageFile

from wagtail.images.models import Image

from PIL import Image as PILImage
from PIL import ImageDraw

from home.models import HomePage, StandardPage
from news.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from portal.models import City, Format, Organisation, Person, SpaceType, Topic
from portal.translation.translate import translate_object
from resources.models import CentreIndexPage, CentrePage, ToolkitIndexPage, ToolkitPage

from . import builders, materials
from .records import facts, read, stream_fields, with_ids


class DemoLoader:
    """Creates what is missing, translates what should be translated; never duplicates."""

    def __init__(self, ru, en, home, today):
        self.ru, self.en, self.home, self.today = ru, en, home, today
        self.created = 0

    def load(self):
        """Everything, in the order the pages appear in the site tree. Returns the number of
        objects created."""
        self.load_taxonomies()
        self.load_home()
        for record in read("pages")["pages"]:
            self.page(self.home, StandardPage, record, builders.plain_page)

        news = read("news")
        self.news_index = self.page(self.home, NewsIndexPage, news["index"], builders.plain_page)
        self.images = self.illustrations()
        for record in news["news"]:
            self.page(self.news_index, NewsPage, record, builders.news_page)

        centres, toolkits = read("centres"), read("toolkits")
        centre_index = self.page(self.home, CentreIndexPage, centres["index"], builders.plain_page)
        toolkit_index = self.page(
            self.home, ToolkitIndexPage, toolkits["index"], builders.plain_page
        )
        self.centres = {}
        for record in centres["centres"]:
            self.centres[record["key"]] = self.page(
                centre_index,
                CentrePage,
                record,
                builders.centre_page,
                on_create=self.mention_in_news,
            )
        for record in toolkits["toolkits"]:
            self.toolkit(toolkit_index, record)

        events = read("events")
        event_index = self.page(self.home, EventIndexPage, events["index"], builders.plain_page)
        for record in events["events"]:
            self.page(event_index, EventPage, record, builders.event_page)
        return self.created

    # Snippets

    def load_taxonomies(self):
        data = read("taxonomies")
        models = {
            "topics": Topic,
            "formats": Format,
            "space_types": SpaceType,
            "cities": City,
            "organisations": Organisation,
            "people": Person,
        }
        self.terms = {}
        for group, model in models.items():
            self.terms[group] = {
                record["key"]: self.snippet(model, record) for record in data[group]
            }

    def snippet(self, model, record):
        """The Russian original (by slug, else by name) and its English translation."""
        synced = facts(record)
        if any(field.name == "slug" for field in model._meta.fields):
            synced["slug"] = record["key"]
            lookup = {"slug": record["key"]}
        else:
            lookup = {"name": record["ru"]["name"]}
        original = model.objects.filter(locale=self.ru, **lookup).first()
        if original is None:
            original = model.objects.create(locale=self.ru, **record["ru"], **synced)
            self.created += 1
        if (
            "en" in record
            and not model.objects.filter(
                translation_key=original.translation_key, locale=self.en
            ).exists()
        ):
            translate_object(original, self.en, model(**record["en"], **synced))
            self.created += 1
        return original

    # Pages

    def page(self, parent, model, record, build, on_create=None):
        """The Russian page of ``record`` under ``parent`` and its English translation, each
        made once. ``build(loader, record, lang, source)`` gives the model's field values in a
        language (``source``: the Russian page, for the English version);
        ``on_create(page, record)`` runs once, after the Russian page is first published."""
        children = model.objects.child_of(parent)
        if model.max_count_per_parent == 1:
            page = children.first()
        else:
            page = children.filter(slug=record["key"]).first()
        if page is None:
            page = self.instance(model, record, build(self, record, "ru", None))
            parent.add_child(instance=page)
            page.save_revision().publish()
            self.created += 1
            if on_create:
                on_create(page, record)
        if (
            "en" in record
            and not model.objects.filter(
                translation_key=page.translation_key, locale=self.en
            ).exists()
        ):
            shadow = self.instance(model, record, build(self, record, "en", page))
            translate_object(page, self.en, shadow)
            self.created += 1
        return page

    def instance(self, model, record, fields):
        """An unsaved ``model`` with ``fields``; stream data gets its ids, ``tags`` are added."""
        tags = fields.pop("tags", ())
        for name, field in stream_fields(model).items():
            if name in fields:
                fields[name] = with_ids(field.stream_block, fields[name], f"{record['key']}:{name}")
        instance = model(**fields)
        if tags:
            instance.tags.add(*tags)
        return instance

    def load_home(self):
        """The home page exists (setup_portal); the demo gives it a body once."""
        if self.home.body:
            return
        record = read("pages")["home"]
        self.home.body = with_ids(
            HomePage.body.field.stream_block, record["ru"]["body"], f"{record['key']}:body"
        )
        self.home.save_revision().publish()
        en_home = HomePage.objects.get(translation_key=self.home.translation_key, locale=self.en)
        shadow = HomePage(
            title=en_home.title,
            slug=en_home.slug,
            intro=en_home.intro,
            body=with_ids(
                HomePage.body.field.stream_block, record["en"]["body"], f"{record['key']}:body"
            ),
        )
        translate_object(self.home, self.en, shadow)
        self.created += 1

    def mention_in_news(self, centre, record):
        """Link the news items a centre figures in to its page (as an editor would)."""
        for key in record.get("news", ()):
            news = NewsPage.objects.child_of(self.news_index).filter(slug=key).first()
            if news is None or news.related_pages.filter(related=centre).exists():
                continue
            news = news.get_latest_revision_as_object()
            news.related_pages.add(builders.related_page(centre))
            news.save_revision().publish()

    def toolkit(self, index, record):
        """A toolkit page and its translation, each offering its own language's documents."""
        page = self.page(index, ToolkitPage, record, builders.toolkit_page)
        # A toolkit loaded before the demo had materials gets them now (and its translation
        # is synchronised again below).
        attached = self.attach(page, materials.documents(self, record, "ru"))
        translated = ToolkitPage.objects.filter(
            translation_key=page.translation_key, locale=self.en
        ).first()
        if attached and translated is not None:
            english = builders.toolkit_page(self, record, "en", page)
            translated = translate_object(
                page, self.en, self.instance(ToolkitPage, record, english)
            )
            self.created += 1
        if translated is not None:
            # The English version offers English documents (materials may be overridden).
            self.attach(translated, materials.documents(self, record, "en"))

    def attach(self, page, documents):
        """Make ``documents`` the page's materials, in a new published revision, unless they
        already are. True if the page changed."""
        wanted = [document.pk for document in documents]
        if list(page.materials.values_list("document_id", flat=True)) == wanted:
            return False
        latest = page.get_latest_revision_as_object()
        latest.materials = builders.material_links(documents)
        latest.save_revision().publish()
        page.refresh_from_db()
        self.created += 1
        return True

    # Pictures

    def illustrations(self):
        """The demo's pictures, drawn once (the repository holds no binary files)."""
        record = read("illustrations")["illustrations"]
        images = {}
        for number, (background, shape) in enumerate(record["palette"], start=1):
            title = record["ru"]["title"].format(number=number)
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
            images[number] = image
        return images

    def illustration_text(self, lang, name):
        return read("illustrations")["illustrations"][lang][name]
