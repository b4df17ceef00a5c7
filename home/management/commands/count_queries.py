"""The benchmark's pages and what each costs in-process: ``manage.py count_queries`` prints, as
JSON, every target the benchmark loads (``deploy/bench.py``) with its URL, its status and the
database queries one anonymous request makes, counted with Django's ``CaptureQueriesContext``
against the same database and settings the servers use. Each page is requested once first, so
the count is the steady state a server reaches (warm caches), not a cold start."""

import datetime
import json
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale

from home.models import HomePage
from news.models import EventIndexPage, EventPage, NewsIndexPage, NewsPage
from resources.models import CentreIndexPage, ToolkitPage

# The words a seeded title is made of (home.benchmark.texts), so searches find many pages.
SEARCHES = {"ru": "котельной", "en": "boiler"}


def first(queryset):
    return queryset.order_by("path").first()


def targets():
    """[(name, language, url)]: the pages the benchmark loads, as readers reach them."""
    month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).strftime("%Y-%m")
    found = [("static css", "", static("css/portal.css"))]
    for language in ("ru", "en"):
        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            continue
        live = {"live": True, "locale": locale}
        home = HomePage.objects.filter(**live).first()
        news = first(NewsIndexPage.objects.filter(**live))
        calendar = first(EventIndexPage.objects.filter(**live))
        centres = first(CentreIndexPage.objects.filter(**live))
        item = NewsPage.objects.filter(**live).order_by("-first_published_at", "-pk").first()
        event = EventPage.objects.filter(**live).order_by("-pk").first()
        toolkit = first(ToolkitPage.objects.filter(**live))
        pages = [
            ("home", home and home.url),
            ("news index", news and news.url),
            ("news item", item and item.url),
            ("calendar", calendar and calendar.url),
            ("month grid", calendar and f"{calendar.url}?month={month}"),
            ("calendar .ics", calendar and f"{calendar.url}ics/"),
            ("event", event and event.url),
            ("centres ?sector", centres and f"{centres.url}?sector=ngo"),
            ("toolkit", toolkit and toolkit.url),
            ("search", f"/{language}/search/?q={SEARCHES[language]}"),
        ]
        # Percent-encoded as a browser sends them (the load generators send bytes as given).
        found += [(name, language, quote(url, safe="/?=&%:-._~")) for name, url in pages if url]
    found.append(("sitemap", "", "/sitemap.xml"))
    return found


class Command(BaseCommand):
    help = "Print the benchmark's targets with the queries one request to each makes (JSON)."

    def handle(self, *args, **options):
        host = next((h for h in settings.ALLOWED_HOSTS if h not in {"*", ""}), "localhost")
        client = Client(HTTP_HOST=host.lstrip("."))
        found = []
        for name, language, url in targets():
            headers = {"Accept-Language": language} if language else {}
            client.get(url, secure=True, headers=headers)  # warm: templates, caches
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, secure=True, headers=headers)
            found.append(
                {
                    "name": name,
                    "language": language,
                    "url": url,
                    "status": response.status_code,
                    "queries": len(queries),
                    "bytes": len(response.content) if not response.streaming else None,
                }
            )
        self.stdout.write(json.dumps(found, ensure_ascii=False))
