"""The field values of each kind of demo page in one language, from its record.

Each builder is called as ``build(loader, record, lang, source)``: for ``"ru"`` it gives every
field of the new Russian page, facts included; for ``"en"`` only what wagtail-localize
translates, which ``translate_object`` reads from the unsaved English "shadow" page
(``source`` is then the Russian page).
"""

import datetime
import zoneinfo

from django.conf import settings

from news.models import EventPageTopic, NewsPageAuthor, NewsPageRelatedPage, NewsPageTopic
from resources.models import (
    CentrePageContact,
    CentrePageTopic,
    ToolkitPageCentre,
    ToolkitPageMaterial,
)

from . import materials
from .records import read


def plain_page(demo, record, lang, source):
    """A page with a title, an intro and perhaps a body: section indexes, plain pages."""
    texts = record[lang]
    fields = {
        "title": texts["title"],
        "slug": texts.get("slug", record["key"]),
        "intro": texts["intro"],
    }
    if "body" in texts:
        fields["body"] = texts["body"]
    if lang == "ru":
        fields["show_in_menus"] = record.get("show_in_menus", False)
    return fields


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def lead_image_alt(demo, record, lang, source):
    has_image = bool(source.lead_image_alt) if source else "lead_image" in record
    return demo.illustration_text(lang, "alt") if has_image else ""


def news_page(demo, record, lang, source):
    texts = record[lang]
    fields = {
        "title": texts["title"],
        "slug": texts.get("slug", record["key"]),
        "lead": texts["lead"],
        "lead_image_alt": lead_image_alt(demo, record, lang, source),
        "body": [paragraph(texts["text"])],
    }
    if lang == "ru":
        fields |= {
            "publication_date": datetime.datetime.combine(
                record["date"], datetime.time(10), zoneinfo.ZoneInfo(settings.TIME_ZONE)
            ),
            "lead_image": demo.images.get(record.get("lead_image")),
            "featured": record.get("featured", False),
            "authors": [NewsPageAuthor(person=demo.terms["people"][record["author"]])],
            "topics": [NewsPageTopic(topic=demo.terms["topics"][key]) for key in record["topics"]],
            "tags": texts.get("tags", []),
        }
    return fields


def related_page(page):
    return NewsPageRelatedPage(related=page)


def event_page(demo, record, lang, source):
    texts = record[lang]
    fields = {
        "title": texts["title"],
        "slug": texts.get("slug", record["key"]),
        "summary": texts["summary"],
        "place_name": texts.get("place", ""),
        "address": texts.get("address", ""),
        "price_note": texts.get("price", ""),
        "body": [paragraph(texts["summary"])],
    }
    if lang == "ru":
        organiser = record.get("organiser")
        fields |= {
            # The centre's page is the place; its city becomes the event's (EventPage.save).
            "venue": demo.centres[record["venue"]] if "venue" in record else None,
            "city": demo.terms["cities"][record["city"]],
            "event_format": demo.terms["formats"][record["format"]],
            "organiser": demo.terms["organisations"][organiser] if organiser else None,
            "status": record.get("status", "scheduled"),
            "online_url": record.get("online", ""),
            "is_free": record.get("is_free", True),
            "topics": [
                EventPageTopic(topic=demo.terms["topics"][key]) for key in record.get("topics", ())
            ],
            **schedule(record, demo.today),
        }
    return fields


def schedule(record, today):
    """The event's date fields, relative to ``today`` unless its start is a date."""
    days = datetime.timedelta
    start = record.get("start") or today + days(record["start_in_days"])
    fields = {"start_date": start}
    if record.get("days", 1) > 1:
        fields["end_date"] = start + days(record["days"] - 1)
    if "time" in record:
        fields["start_time"] = datetime.time(record["time"][0])
        fields["end_time"] = datetime.time(record["time"][1])
    if "frequency" in record:
        fields["frequency"] = record["frequency"]
        fields["weekdays"] = record.get("weekdays", "")
        if "count" in record:
            fields["count"] = record["count"]
        if "until_days_after_start" in record:
            fields["until"] = start + days(record["until_days_after_start"])
        excluded = [start + days(n) for n in record.get("excluded_days_after_start", ())]
        fields["excluded_dates"] = "\n".join(day.isoformat() for day in excluded)
    return fields


def centre_page(demo, record, lang, source):
    texts = record[lang]
    fields = {
        "title": texts["title"],
        "slug": texts.get("slug", record["key"]),
        "summary": texts["summary"],
        "address": texts.get("address", ""),
        "links": [
            {"type": "link", "value": {"label": label, "url": url}}
            for label, url in zip(texts.get("links", ()), record.get("links", ()), strict=True)
        ],
        "gallery": [
            {
                "type": "image",
                "value": {
                    "image": {
                        "image": demo.images[number].pk,
                        "alt_text": picture["alt"],
                        "decorative": False,
                    },
                    "caption": picture["caption"],
                    "credit": demo.illustration_text(lang, "credit"),
                },
            }
            for number, picture in zip(
                record.get("gallery", ()), texts.get("gallery", ()), strict=True
            )
        ],
        "body": centre_body(record, lang),
        "lead_image_alt": lead_image_alt(demo, record, lang, source),
    }
    if lang == "ru":
        terms = demo.terms
        operator, contact = record.get("operator"), record.get("contact")
        fields |= {
            "space_type": terms["space_types"][record["space_type"]],
            "sector": record["sector"],
            "city": terms["cities"][record["city"]],
            "website": record.get("website", ""),
            "latitude": record["latitude"],
            "longitude": record["longitude"],
            "year_founded": record.get("year_founded"),
            "floor_area": record.get("floor_area"),
            "operator": terms["organisations"][operator] if operator else None,
            "lead_image": demo.images.get(record.get("lead_image")),
            # Some demo centres were checked long ago, so the admin report has content.
            "checked_on": demo.today - datetime.timedelta(days=record["checked_days_ago"]),
            "topics": [CentrePageTopic(topic=terms["topics"][key]) for key in record["topics"]],
            "contacts": [CentrePageContact(person=terms["people"][contact])] if contact else [],
        }
    return fields


def centre_body(record, lang):
    """The centre's story: paragraphs, then its key figures and lessons when it has them."""
    texts = record[lang]
    body = [paragraph(text) for text in texts["story"]]
    if "figures" in record:
        figures = record["figures"]
        value = {name: figures.get(name) for name in ("visitors_per_year", "events_per_year")}
        value |= {"residents": figures.get("residents"), "note": texts["figures_note"]}
        body.append({"type": "key_figures", "value": value})
    if "lessons" in texts:
        title = read("centres")["texts"][lang]["lessons_title"]
        body.append({"type": "lessons", "value": {"title": title, "lessons": texts["lessons"]}})
    return body


def toolkit_page(demo, record, lang, source):
    texts = record[lang]
    fields = {
        "title": texts["title"],
        "slug": texts.get("slug", record["key"]),
        "promise": texts["promise"],
        "goal": texts["goal"],
        "duration": texts["duration"],
        "team_size": texts["team"],
        "steps": [
            {
                "type": "step",
                "value": {
                    "title": step["title"],
                    "description": step["description"],
                    "duration": step.get("duration", ""),
                    "checklist": step["checklist"],
                    "tips": step.get("tips", ""),
                },
            }
            for step in texts["steps"]
        ],
        "risks": [
            {"type": "risk", "value": {"risk": risk["risk"], "mitigation": risk["mitigation"]}}
            for risk in texts["risks"]
        ],
    }
    notes = dict(zip(record.get("applied", ()), texts.get("applied", ()), strict=True))
    if lang == "ru":
        low, high = record["budget"]
        fields |= {
            "format_type": demo.terms["formats"][record["format"]],
            "audience": record["audience"],
            "difficulty": record["difficulty"],
            "budget_min": low,
            "budget_max": high,
            "checked_on": demo.today - datetime.timedelta(days=record["checked_days_ago"]),
            "applied_at": [
                ToolkitPageCentre(centre=demo.centres[key], note=note)
                for key, note in notes.items()
            ],
            "materials": material_links(materials.documents(demo, record, "ru")),
        }
    else:
        # The English notes take the place of the Russian ones, link by link.
        fields["applied_at"] = [
            ToolkitPageCentre(
                translation_key=link.translation_key,
                centre=link.centre,
                note=notes[link.centre.slug],
            )
            for link in source.applied_at.select_related("centre")
        ]
    return fields


def material_links(documents):
    return [
        ToolkitPageMaterial(document=document, sort_order=number)
        for number, document in enumerate(documents)
    ]
