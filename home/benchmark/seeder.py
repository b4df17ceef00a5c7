"""The benchmark's corpus: news, events, centres and toolkits in Russian with their English
translations, written in bulk (``home.benchmark.tree``) under each language's section index.

Seeded pages are told apart by their slugs (``bench-…``), so ``reset`` removes exactly them and
a second run adds only what is missing. Each batch is put into the search index as soon as it is
in, with the indexer ``update_index`` uses, so that no more than a batch is held in memory.
"""

import copy
import datetime
import functools
import sys
import time
import uuid
from contextlib import contextmanager

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.management import call_command, get_commands
from django.db import connection, models, transaction
from django.db.models import prefetch_related_objects
from django.db.models.signals import post_delete, pre_delete
from django.utils import timezone

from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from home.benchmark import texts, tree
from home.models import HomePage
from news.events import recurrence
from news.models import (
    EventIndexPage,
    EventPage,
    EventPageTopic,
    NewsIndexPage,
    NewsPage,
    NewsPageTopic,
)
from portal.models import City, Format, Organisation, SpaceType, Topic
from resources.models import (
    Audience,
    CentreIndexPage,
    CentrePage,
    CentrePageTopic,
    Difficulty,
    Sector,
    ToolkitIndexPage,
    ToolkitPage,
)

PREFIX = "bench-"
MAX_SCALE = 100_000
LANGUAGES = ("ru", "en")
# Per 10,000 news items: the calendar, the centres and the toolkits grow with the news.
SHARES = {"events": 0.2, "centres": 0.05, "toolkits": 0.02}
RECURRING_EVERY = 10  # one event in ten repeats
SECTIONS = {
    # model: (ru title, ru slug, en title, en slug)
    NewsIndexPage: ("Новости", "novosti", "News", "news"),
    EventIndexPage: ("Афиша", "afisha", "Events", "events"),
    CentreIndexPage: ("Пространства", "prostranstva", "Spaces", "spaces"),
    ToolkitIndexPage: ("Форматы", "formaty", "Formats", "formats"),
}
# Snippets made when the database has none (a bare `setup_portal`): name ru, name en, slug.
TOPICS = [("Городская среда", "Urban environment", "gorod"), ("НКО", "NGOs", "nko")]
CITIES = [
    ("Самара", "Samara", "samara", "Europe/Samara"),
    ("Екатеринбург", "Yekaterinburg", "ekaterinburg", "Asia/Yekaterinburg"),
    ("Владивосток", "Vladivostok", "vladivostok", "Asia/Vladivostok"),
]


def counts_for(scale):
    """How many Russian items of each kind a corpus of ``scale`` news items has."""
    return {"news": scale, **{kind: max(1, round(scale * share)) for kind, share in SHARES.items()}}


class Progress:
    """A one-line progress bar with items per second, on stderr."""

    def __init__(self, label, total, stream=None):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.started = time.perf_counter()

    def advance(self, count):
        self.done += count
        elapsed = max(time.perf_counter() - self.started, 1e-6)
        width = 30
        filled = int(width * self.done / self.total) if self.total else width
        self.stream.write(
            f"\r  {self.label:<14} [{'#' * filled}{'.' * (width - filled)}] "
            f"{self.done:>7}/{self.total:<7} {self.done / elapsed:8.0f}/s"
        )
        self.stream.flush()

    def finish(self):
        elapsed = time.perf_counter() - self.started
        self.stream.write(
            f"\r  {self.label:<14} {self.done} in {elapsed:.1f} s "
            f"({self.done / max(elapsed, 1e-6):.0f}/s){' ' * 40}\n"
        )
        self.stream.flush()
        return elapsed


class Seeder:
    def __init__(self, scale, counts=None, stdout=None, stderr=None, index=True):
        self.scale = scale
        self.wanted = {**counts_for(scale), **(counts or {})}
        self.stdout = stdout or sys.stdout
        self.stderr = stderr or sys.stderr
        self.index = index
        self.timings = {}
        self.indexing = 0.0  # seconds spent on the search index
        self.taxonomy_names = {}
        self.today = timezone.localdate()

    # -- what is there -------------------------------------------------------------------

    def seeded(self, model):
        return model.objects.filter(slug__startswith=PREFIX, locale__language_code="ru")

    def present(self):
        return {
            "news": self.seeded(NewsPage).count(),
            "events": self.seeded(EventPage).count(),
            "centres": self.seeded(CentrePage).count(),
            "toolkits": self.seeded(ToolkitPage).count(),
        }

    def is_seeded(self):
        return self.present() == self.wanted

    # -- reset ---------------------------------------------------------------------------

    def reset(self):
        """Remove every seeded page (and what hangs off them: topics, index entries …)."""
        started = time.perf_counter()
        pages = Page.objects.filter(slug__startswith=PREFIX, depth__gt=3)
        parent_paths = {path[: -Page.steplen] for path in pages.values_list("path", flat=True)}
        parents = list(Page.objects.filter(path__in=parent_paths))
        total = pages.count()
        with transaction.atomic(), delete_signals_muted():
            # Django's collector follows every foreign key (occurrences, topic links …) whatever
            # other apps add; without the per-object delete signals it deletes in bulk. What
            # those signals would have done for pages without revisions or translations of
            # their own: their search index entries and reference index rows go too.
            seeded = (NewsPage, EventPage, CentrePage, ToolkitPage)
            page_types = ContentType.objects.get_for_models(Page, *seeded)
            for model in seeded:
                ids = list(
                    model.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True)
                )
                for start in range(0, len(ids), tree.BATCH * 5):
                    chunk = ids[start : start + tree.BATCH * 5]
                    Page.objects.filter(pk__in=chunk).delete()
                    object_ids = [str(pk) for pk in chunk]
                    IndexEntry.objects.filter(
                        content_type__in=page_types.values(), object_id__in=object_ids
                    ).delete()
                    ReferenceIndex.objects.filter(
                        base_content_type=ContentType.objects.get_for_model(Page),
                        object_id__in=object_ids,
                    ).delete()
            tree.fix_numchild(parents)
        self.stdout.write(
            f"Removed {total} seeded pages in {time.perf_counter() - started:.1f} s.\n"
        )

    # -- the skeleton: sections and snippets ---------------------------------------------

    def locales(self):
        found = {locale.language_code: locale for locale in Locale.objects.all()}
        missing = [code for code in LANGUAGES if code not in found]
        if missing:
            raise RuntimeError(f"Locales {missing} are missing: run `manage.py setup_portal`.")
        return found

    def sections(self, locales):
        """Each section's index in each language, made (live, linked) when it is missing."""
        homes = {code: HomePage.objects.get(locale=locale) for code, locale in locales.items()}
        found = {}
        for model, (ru_title, ru_slug, en_title, en_slug) in SECTIONS.items():
            ru = model.objects.filter(locale=locales["ru"]).first()
            if ru is None:
                ru = homes["ru"].add_child(instance=model(title=ru_title, slug=ru_slug, live=True))
            en = model.objects.filter(locale=locales["en"]).first()
            if en is None:
                en = homes["en"].add_child(
                    instance=model(
                        title=en_title,
                        slug=en_slug,
                        live=True,
                        locale=locales["en"],
                        translation_key=ru.translation_key,
                    )
                )
            found[model] = {"ru": ru, "en": en}
        return found

    def snippets(self, model, locales, rows):
        """{language: [snippet]} aligned by position: the English one translates the Russian
        one (or is the Russian one when it has no translation)."""
        ru = list(model.objects.filter(locale=locales["ru"]).order_by("pk"))
        if not ru and rows:
            for row in rows:
                key = uuid.uuid4()
                for code, name in (("ru", row[0]), ("en", row[1])):
                    extra = {"time_zone": row[3]} if model is City else {}
                    model.objects.create(
                        name=name,
                        slug=row[2],
                        locale=locales[code],
                        translation_key=key,
                        **extra,
                    )
            ru = list(model.objects.filter(locale=locales["ru"]).order_by("pk"))
        english = {
            snippet.translation_key: snippet
            for snippet in model.objects.filter(locale=locales["en"])
        }
        return {"ru": ru, "en": [english.get(item.translation_key, item) for item in ru]}

    # -- the run -------------------------------------------------------------------------

    def run(self):
        started = time.perf_counter()
        locales = self.locales()
        have = self.present()
        if have == self.wanted:
            self.stdout.write(f"Already seeded at scale {self.scale}: {have}.\n")
            return False
        if any(have.values()):
            self.reset()
        # One transaction: a run that fails half-way leaves no half corpus behind.
        with transaction.atomic():
            self.sections_by_model = self.sections(locales)
            self.topics = self.snippets(Topic, locales, TOPICS)
            self.cities = self.snippets(City, locales, CITIES)
            self.formats = self.snippets(Format, locales, [])
            self.space_types = self.snippets(SpaceType, locales, [])
            self.organisations = self.snippets(Organisation, locales, [])
            self.locale_objects = locales
            made = {}
            for kind, builder in (
                ("news", self.news),
                ("events", self.events),
                ("centres", self.centres),
                ("toolkits", self.toolkits),
            ):
                made[kind] = self.build(kind, builder)
            tree.fix_numchild(
                [page for pair in self.sections_by_model.values() for page in pair.values()]
            )
            self.after_seeding(made)
        self.timings["total"] = time.perf_counter() - started
        self.stdout.write(
            f"Seeded {sum(made.values())} pages "
            f"({', '.join(f'{count} {kind}' for kind, count in made.items())}) "
            f"in {self.timings['total']:.1f} s.\n"
        )
        return True

    def build(self, kind, builder):
        """Build, insert and index ``kind`` in both languages; returns the number of pages (the
        progress bar's rate counts both the rows and the index)."""
        count = self.wanted[kind]
        progress = Progress(kind, count * len(LANGUAGES), self.stderr)
        made, indexed_before = 0, self.indexing
        index_model = builder.index_model
        placers = {
            code: tree.Placer(self.sections_by_model[index_model][code]) for code in LANGUAGES
        }
        for start in range(0, count, tree.BATCH // 2):
            batch = {code: [] for code in LANGUAGES}
            links = []
            for number in range(start, min(start + tree.BATCH // 2, count)):
                key = uuid.uuid5(uuid.NAMESPACE_OID, f"{PREFIX}{kind}-{number}")
                published = self.published_at(number, count)
                for code in LANGUAGES:
                    page, page_links = builder(number, code)
                    tree.prepare(page, placers[code], self.locale_objects[code], key, published)
                    fill_display_date(page)
                    batch[code].append(page)
                    links += [(page, link) for link in page_links]
            for code in LANGUAGES:
                tree.insert(batch[code])
            self.insert_links(links)
            for code in LANGUAGES:
                if self.index:
                    indexing = time.perf_counter()
                    self.index_batch(batch[code])
                    self.indexing += time.perf_counter() - indexing
                progress.advance(len(batch[code]))
                made += len(batch[code])
        # Each batch is indexed as soon as it is in (the pages are not all kept in memory).
        self.timings[kind] = progress.finish() - (self.indexing - indexed_before)
        return made

    def published_at(self, number, count):
        """Spread over the last years: the newest item is the highest number."""
        days = (count - number) * 3 * 365 // max(count, 1)
        return timezone.now() - datetime.timedelta(days=days, minutes=number % 600)

    def insert_links(self, links):
        by_model = {}
        for page, link in links:
            link.page_id = page.id
            by_model.setdefault(type(link), []).append(link)
        for model, rows in by_model.items():
            model.objects.bulk_create(rows, batch_size=tree.BATCH)

    def pick(self, snippets, code, number):
        items = snippets[code]
        return items[number % len(items)] if items else None

    def topic_links(self, model, code, number):
        links = []
        topic = self.pick(self.topics, code, number)
        if topic is not None:
            links.append(model(topic=topic, sort_order=0))
            second = self.pick(self.topics, code, number // 3 + 1)
            if second is not None and second.pk != topic.pk:
                links.append(model(topic=second, sort_order=1))
        return links

    # -- one item of each kind -----------------------------------------------------------

    def title(self, code, number):
        subject = texts.SUBJECTS[code][number % len(texts.SUBJECTS[code])]
        action = texts.ACTIONS[code][number // 8 % len(texts.ACTIONS[code])]
        place = texts.PLACES[code][number // 32 % len(texts.PLACES[code])]
        return f"{subject} {action} {place} ({'№' if code == 'ru' else 'no.'} {number})"

    def news(self, number, code):
        page = NewsPage(
            title=self.title(code, number),
            slug=f"{PREFIX}{number}",
            lead=texts.LEADS[code],
            body=texts.article_body(code, number),
            publication_date=None,
            featured=number % 500 == 0,
        )
        links = self.topic_links(NewsPageTopic, code, number)
        page.topics = links
        return page, links

    news.model, news.index_model = NewsPage, NewsIndexPage

    def events(self, number, code):
        title = texts.EVENTS[code][number % len(texts.EVENTS[code])]
        place = texts.PLACES[code][number // 5 % len(texts.PLACES[code])]
        start = self.today + datetime.timedelta(days=(number * 7) % 540 - 180)
        page = EventPage(
            title=f"{title}: {place} ({'№' if code == 'ru' else 'no.'} {number})",
            slug=f"{PREFIX}event-{number}",
            summary=texts.LEADS[code],
            body=texts.article_body(code, number),
            start_date=start,
            start_time=datetime.time(10 + number % 10),
            end_time=datetime.time(12 + number % 10),
            city=self.pick(self.cities, code, number),
            event_format=self.pick(self.formats, code, number),
            organiser=self.pick(self.organisations, code, number),
            place_name=place,
            is_free=bool(number % 3),
            price_note="" if number % 3 else ("300 ₽" if code == "ru" else "300 roubles"),
        )
        if number % RECURRING_EVERY == 0:
            page.frequency = ("weekly", "daily", "monthly")[number // RECURRING_EVERY % 3]
            page.until = start + datetime.timedelta(days=90)
            if page.frequency == "weekly":
                page.excluded_dates = (start + datetime.timedelta(days=14)).isoformat()
        # What EventPage.save derives: the first start and the end of the last occurrence.
        first, _end = recurrence.naive_bounds(page)
        page.starts_at = first.replace(tzinfo=page.zone)
        page.ends_at = recurrence.series_end(page)
        links = self.topic_links(EventPageTopic, code, number)
        page.topics = links
        return page, links

    events.model, events.index_model = EventPage, EventIndexPage

    def centres(self, number, code):
        name = texts.CENTRES[code][number % len(texts.CENTRES[code])]
        city = self.pick(self.cities, code, number)
        page = CentrePage(
            title=f"{name} {number}",
            slug=f"{PREFIX}centre-{number}",
            summary=texts.LEADS[code],
            body=texts.article_body(code, number),
            space_type=self.pick(self.space_types, code, number),
            operator=self.pick(self.organisations, code, number),
            city=city,
            sector=Sector.values[number % len(Sector.values)],
            address=f"{'ул. Заводская' if code == 'ru' else 'Zavodskaya St'}, {number % 90 + 1}",
            year_founded=1990 + number % 35,
            floor_area=200 + number % 3000,
            latitude=getattr(city, "latitude", None),
            longitude=getattr(city, "longitude", None),
        )
        links = self.topic_links(CentrePageTopic, code, number)
        page.topics = links
        return page, links

    centres.model, centres.index_model = CentrePage, CentreIndexPage

    def toolkits(self, number, code):
        name = texts.TOOLKITS[code][number % len(texts.TOOLKITS[code])]
        steps = [
            texts.block(
                "step",
                {
                    "title": step,
                    "description": f"<p>{texts.PARAGRAPHS[code][position % 3]}</p>",
                    "duration": "",
                    "checklist": [],
                    "tips": "",
                },
                number,
                position,
            )
            for position, step in enumerate(texts.STEPS[code])
        ]
        page = ToolkitPage(
            title=f"{name} {number}",
            slug=f"{PREFIX}toolkit-{number}",
            promise=texts.LEADS[code][:190],
            goal=texts.PARAGRAPHS[code][number % 3],
            audience=Audience.values[number % len(Audience.values)],
            difficulty=Difficulty.values[number % len(Difficulty.values)],
            format_type=self.pick(self.formats, code, number),
            budget_min=10_000 * (number % 5),
            budget_max=10_000 * (number % 5) + 50_000,
            steps=steps,
        )
        return page, []

    toolkits.model, toolkits.index_model = ToolkitPage, ToolkitIndexPage

    # -- after the rows: derived tables, the search index, the planner's statistics ------

    def after_seeding(self, made):
        if self.index:
            self.timings["search index"] = self.indexing
        if "refresh_event_occurrences" in get_commands():
            started = time.perf_counter()
            call_command("refresh_event_occurrences", "--all", stdout=self.stdout)
            self.timings["occurrences"] = time.perf_counter() - started
        if connection.vendor == "postgresql":
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.timings["analyze"] = time.perf_counter() - started

    def index_batch(self, batch):
        """Pages of one type into every search backend, as ``update_index`` would index them."""
        if not batch:
            return
        model = type(batch[0])
        # Tags are indexed through a manager: one query per batch, not five a page (the
        # indexer reads every field once per vector it builds).
        if hasattr(model, "tags"):
            prefetch_related_objects(batch, "tags")
        fields = memoised(model.get_search_fields())
        for page in batch:
            remember_taxonomy(page, self.taxonomy_names)
            page.get_search_fields = lambda fields=fields: fields
        for backend_name in settings.WAGTAILSEARCH_BACKENDS:
            get_search_backend(backend_name).get_index_for_model(model).add_items(model, batch)


def remember_taxonomy(page, names):
    """The page's taxonomy text for the index, computed once per distinct set of terms: the
    corpus repeats a few combinations thousands of times, each costing a query or two."""
    key = (
        type(page),
        page.locale_id,
        tuple(link.topic_id for link in page.topics.all()) if hasattr(page, "topics") else (),
        *(getattr(page, f"{name}_id", None) for name in TAXONOMY_FIELDS),
    )
    if key not in names:
        names[key] = page.taxonomy_names()
    value = names[key]
    page.taxonomy_names = lambda: value


TAXONOMY_FIELDS = ("event_format", "organiser", "city", "space_type", "operator", "format_type")


def fill_display_date(page):
    """A stored listing date (``display_date``), on the models that have one: the editor's
    date, else the first publication, as the model's own save would set it."""
    try:
        field = type(page)._meta.get_field("display_date")
    except FieldDoesNotExist:
        return
    moment = page.publication_date or page.first_published_at
    if isinstance(field, models.DateTimeField) or not isinstance(field, models.DateField):
        page.display_date = moment
    else:
        page.display_date = timezone.localdate(moment)


def memoised(search_fields):
    """The model's search fields, each reading a page's value once: the database backend's
    indexer reads every field again for each of the five texts it builds from them."""
    found = []
    for field in search_fields:
        clone = copy.copy(field)
        clone.get_value = functools.lru_cache(maxsize=None)(field.get_value)
        found.append(clone)
    return found


@contextmanager
def delete_signals_muted():
    """Django's delete signals without receivers for a while (the collector then deletes in
    bulk instead of loading and announcing every row)."""
    saved = {signal: signal.receivers for signal in (pre_delete, post_delete)}
    for signal in saved:
        signal.receivers = []
        signal.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for signal, receivers in saved.items():
            signal.receivers = receivers
            signal.sender_receivers_cache.clear()
