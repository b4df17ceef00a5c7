"""Demo events, written for the portal. The first is the real 2017 conference «Фабрика
пространств» (facts from the seed article); the others are invented but plausible and dated
relative to the day the demo is loaded, so the calendar is never empty. ``load`` is idempotent.
"""

import datetime

from django.utils import timezone

from portal.demo import taxonomies

from . import season, showcase

INDEX = {
    "slug": ("afisha", "events"),
    "title": ("Афиша", "Events"),
    "intro": (
        "Конференции, лекции, мастерские и фестивали новых общественных пространств по всей России.",
        "Conferences, talks, workshops and festivals of new public spaces across Russia.",
    ),
}
EVENTS = [*showcase.EVENTS, *season.EVENTS]


def organiser_names():
    return {key: names[0] for key, names, _descriptions, _site in taxonomies.ORGANISATIONS}


def schedule(entry, today):
    """Model fields for the entry's dates, relative to ``today`` unless fixed."""
    day = entry["day"]
    start = day if isinstance(day, datetime.date) else today + datetime.timedelta(days=day)
    fields = {"start_date": start}
    if entry.get("days", 1) > 1:
        fields["end_date"] = start + datetime.timedelta(days=entry["days"] - 1)
    if entry.get("time"):
        fields["start_time"] = datetime.time(entry["time"][0])
        fields["end_time"] = datetime.time(entry["time"][1])
    if entry.get("frequency"):
        fields["frequency"] = entry["frequency"]
        fields["weekdays"] = entry.get("weekdays", "")
        if entry.get("count"):
            fields["count"] = entry["count"]
        if entry.get("until"):
            fields["until"] = start + datetime.timedelta(days=entry["until"])
        excluded = [start + datetime.timedelta(days=offset) for offset in entry.get("exclude", [])]
        fields["excluded_dates"] = "\n".join(day.isoformat() for day in excluded)
    return fields


def load(command, stream_data, translate_object):
    """Create the calendar and its events under the Russian home, with English translations."""
    from news.models import EventIndexPage, EventPage, EventPageTopic
    from portal.models import City, Format, Organisation, Topic
    from portal.models.mixins import transliterated_slug
    from resources.models import CentrePage

    ru, en = command.ru, command.en
    index = EventIndexPage.objects.child_of(command.home).first()
    if index is None:
        index = command.home.add_child(
            instance=EventIndexPage(
                title=INDEX["title"][0], slug=INDEX["slug"][0], intro=INDEX["intro"][0],
                show_in_menus=True,
            )
        )  # fmt: skip
        index.save_revision().publish()
        command.created += 1
    if not EventIndexPage.objects.filter(translation_key=index.translation_key, locale=en).exists():
        shadow = EventIndexPage(
            title=INDEX["title"][1], slug=INDEX["slug"][1], intro=INDEX["intro"][1]
        )
        translate_object(index, en, shadow)
        command.created += 1

    cities = {city.slug: city for city in City.objects.filter(locale=ru)}
    formats = {item.slug: item for item in Format.objects.filter(locale=ru)}
    topics = {topic.slug: topic for topic in Topic.objects.filter(locale=ru)}
    names = organiser_names()
    today = timezone.localdate()
    # Events held at a centre described on the portal get it as their venue.
    centres = list(CentrePage.objects.filter(locale=ru).only("pk", "title"))
    for entry in EVENTS:
        title, summary, place, address = entry["ru"]
        page = EventPage.objects.child_of(index).filter(title=title).first()
        block_key = f"event:{entry['key']}"
        if page is None:
            organiser = None
            if entry.get("organiser"):
                organiser = Organisation.objects.filter(
                    locale=ru, name=names[entry["organiser"]]
                ).first()
            page = EventPage(
                title=title,
                slug=entry["key"],
                summary=summary,
                body=stream_data(block_key, [("paragraph", {}, (f"<p>{summary}</p>", ""))], 0),
                place_name=place,
                address=address,
                venue=next((c for c in centres if c.title in place), None),
                city=cities.get(entry["city"]),
                event_format=formats.get(entry["format"]),
                organiser=organiser,
                status=entry.get("status", "scheduled"),
                online_url=entry.get("online", ""),
                is_free=entry.get("is_free", True),
                price_note=entry.get("price", ""),
                **schedule(entry, today),
            )
            page.topics = [EventPageTopic(topic=topics[slug]) for slug in entry.get("topics", [])]
            index.add_child(instance=page)
            page.save_revision().publish()
            command.created += 1
        if (
            entry["en"]
            and not EventPage.objects.filter(
                translation_key=page.translation_key, locale=en
            ).exists()
        ):
            title_en, summary_en, place_en, address_en = entry["en"]
            shadow = EventPage(
                title=title_en,
                slug=transliterated_slug(title_en),
                summary=summary_en,
                place_name=place_en,
                address=address_en,
                price_note=entry.get("price_en", ""),
                body=stream_data(block_key, [("paragraph", {}, ("", f"<p>{summary_en}</p>"))], 1),
            )
            translate_object(page, en, shadow)
            command.created += 1
    return index
