"""Measure the public pages on a seeded database: time per request and queries per request.

``make bench`` runs it on its own database (var/bench.sqlite3, or BENCH_DATABASE_URL): the demo
content plus news items up to --news and events up to --events (a tenth of them repeating
daily, so the month grid holds hundreds of occurrences). Every URL is requested --repeat times
after a warm-up; the command prints median and 95th percentile times and the query count, and
exits with status 1 when a page misses its target or the search index misses a live page.
"""

import datetime
import statistics
import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale, Page, get_page_models
from wagtail.search.models import IndexEntry

from home.models import HomePage
from news.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage, NewsPageTopic
from portal.models import City, Topic
from resources.models import CentreIndexPage, CentrePage, ToolkitIndexPage, ToolkitPage

PAGE_TARGET_MS = 250
SEARCH_TARGET_MS = 400


class Command(BaseCommand):
    help = "Seed extra content if needed and time the public pages (see `make bench`)."

    def add_arguments(self, parser):
        parser.add_argument("--news", type=int, default=500, help="News items to have in all.")
        parser.add_argument("--events", type=int, default=120, help="Events to have in all.")
        parser.add_argument("--repeat", type=int, default=20, help="Timed requests per URL.")

    def handle(self, *args, **options):
        if not Locale.objects.filter(language_code="ru").exists():
            raise CommandError("Run `manage.py setup_portal` and `load_demo_content` first.")
        created = self.seed(options["news"]) + self.seed_events(options["events"])
        if created:
            call_command("update_index", verbosity=0)
        failures = self.check_index()
        failures += self.measure(options["repeat"])
        if failures:
            for failure in failures:
                self.stderr.write(self.style.ERROR(failure))
            raise CommandError(f"{len(failures)} benchmark target(s) missed.")
        self.stdout.write(self.style.SUCCESS("Every page met its target."))

    @transaction.atomic
    def seed(self, wanted):
        index = NewsIndexPage.objects.filter(locale__language_code="ru").first()
        if index is None:
            raise CommandError("No Russian news index: run `load_demo_content` first.")
        have = NewsPage.objects.child_of(index).count()
        topics = list(Topic.objects.filter(locale=index.locale))
        start = timezone.now() - datetime.timedelta(days=wanted)
        for number in range(have, wanted):
            page = NewsPage(
                title=f"Заметка для замера № {number}: клуб, двор, кластер",
                slug=f"bench-{number}",
                lead="Жители квартала открыли клуб в бывшей котельной и проводят там встречи.",
                publication_date=start + datetime.timedelta(days=number),
                live=True,
            )
            page.topics = [NewsPageTopic(topic=topics[number % len(topics)])] if topics else []
            index.add_child(instance=page)
        created = max(0, wanted - have)
        self.stdout.write(f"News items: {max(have, wanted)} ({created} created now).")
        return created

    @transaction.atomic
    def seed_events(self, wanted):
        index = EventIndexPage.objects.filter(locale__language_code="ru").first()
        if index is None:
            raise CommandError("No Russian calendar: run `load_demo_content` first.")
        have = EventPage.objects.child_of(index).count()
        cities = list(City.objects.filter(locale=index.locale).exclude(slug=""))
        today = timezone.localdate()
        for number in range(have, wanted):
            page = EventPage(
                title=f"Встреча для замера № {number}",
                slug=f"bench-event-{number}",
                summary="Открытая встреча жителей о будущем бывшего цеха.",
                start_date=today + datetime.timedelta(days=number % 60),
                start_time=datetime.time(18 + number % 3),
                end_time=datetime.time(20 + number % 3),
                city=cities[number % len(cities)] if cities else None,
                place_name="Клуб в бывшей котельной",
                is_free=bool(number % 2),
                price_note="" if number % 2 else "300 ₽, для студентов бесплатно",
                live=True,
            )
            if number % 10 == 0:
                page.frequency = "daily"
                page.until = page.start_date + datetime.timedelta(days=30)
            index.add_child(instance=page)
        created = max(0, wanted - have)
        self.stdout.write(f"Events: {max(have, wanted)} ({created} created now).")
        return created

    def check_index(self):
        """Every live page must be in the search index (bulk loads bypass the tasks: §4)."""
        page_types = ContentType.objects.get_for_models(*get_page_models()).values()
        live = {
            str(pk) for pk in Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True)
        }
        indexed = set(
            IndexEntry.objects.filter(content_type__in=page_types).values_list(
                "object_id", flat=True
            )
        )
        missing = live - indexed
        self.stdout.write(f"Search index: {len(live) - len(missing)} of {len(live)} live pages.")
        if missing:
            return [f"The search index misses {len(missing)} live pages: run update_index."]
        return []

    def urls(self):
        ru_news = NewsIndexPage.objects.filter(locale__language_code="ru").first()
        item = NewsPage.objects.live().filter(locale__language_code="ru").order_by("-pk").first()
        pages = [
            (HomePage.objects.get(locale__language_code="ru").url, PAGE_TARGET_MS),
            (HomePage.objects.get(locale__language_code="en").url, PAGE_TARGET_MS),
            (ru_news.url, PAGE_TARGET_MS),
            (ru_news.url + "?page=20", PAGE_TARGET_MS),
            (ru_news.url + "?year=2026", PAGE_TARGET_MS),
            (ru_news.url + "rss/", PAGE_TARGET_MS),
            (item.url, PAGE_TARGET_MS),
            ("/sitemap.xml", PAGE_TARGET_MS),
            ("/ru/search/?q=кластеров", SEARCH_TARGET_MS),
            ("/ru/search/?q=клуб&type=news&page=3", SEARCH_TARGET_MS),
            ("/en/search/?q=spaces", SEARCH_TARGET_MS),
            ("/ru/search/suggest/?q=кла", SEARCH_TARGET_MS),
        ]
        english_news = NewsIndexPage.objects.filter(locale__language_code="en").first()
        if english_news is not None:
            pages.append((english_news.url, PAGE_TARGET_MS))
        return pages + self.section_urls()

    def section_urls(self):
        """The calendar, the centres and the toolkits, in both languages where they exist."""
        today = timezone.localdate()
        month = (today.replace(day=1) + datetime.timedelta(days=32)).strftime("%Y-%m")  # full
        urls = []
        for index in EventIndexPage.objects.live():
            urls += [index.url, f"{index.url}?month={month}", index.url + "past/"]
            urls += [index.url + "ics/", index.url + "?free=on&q=встреча"]
        event = EventPage.objects.live().filter(locale__language_code="ru").order_by("-pk").first()
        if event is not None:
            urls += [event.url, event.url + "ics/"]
        for index in CentreIndexPage.objects.live():
            urls += [index.url, index.url + "?sort=founded", index.url + "map/"]
        centre = CentrePage.objects.live().order_by("pk").first()
        if centre is not None:
            urls.append(centre.url)
        for index in ToolkitIndexPage.objects.live():
            urls.append(index.url)
        toolkit = ToolkitPage.objects.live().order_by("pk").first()
        if toolkit is not None:
            urls += [toolkit.url, toolkit.url + "print/"]
        return [(url, PAGE_TARGET_MS) for url in urls]

    def measure(self, repeat):
        host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        client = Client(HTTP_HOST=host if host != "*" else "localhost")
        failures = []
        header = f"{'url':58} {'status':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}"
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for url, target in self.urls():
            for _ in range(2):  # warm-up: renditions, caches, templates
                client.get(url)
            timings = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            p50 = statistics.median(timings)
            p95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
            self.stdout.write(
                f"{url[:58]:58} {response.status_code:>6} {p50:>8.1f} {p95:>8.1f} {len(queries):>8}"
            )
            if response.status_code != 200:
                failures.append(f"{url} answered {response.status_code}.")
            elif p95 > target:
                failures.append(f"{url}: p95 {p95:.0f} ms is over the {target} ms target.")
        return failures
