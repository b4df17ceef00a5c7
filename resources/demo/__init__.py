"""Load the demo centres and toolkits: Russian first, then English through wagtail-localize.

Called by ``load_demo_content``; idempotent (pages are found by slug under their index).
"""

import datetime
import uuid

from django.utils import timezone

from news.models import NewsPage, NewsPageRelatedPage
from portal.localize import translate_object
from portal.models import City, Format, Organisation, Person, SpaceType, Topic
from resources.models import (
    CentreIndexPage,
    CentrePage,
    CentrePageContact,
    CentrePageTopic,
    ToolkitIndexPage,
    ToolkitPage,
    ToolkitPageCentre,
    ToolkitPageMaterial,
)

from . import materials
from .centres import CENTRE_INDEX, CENTRES, TOOLKIT_INDEX
from .toolkits import TOOLKITS

RU, EN = 0, 1
NAMESPACE = uuid.UUID("9b8e2f0c-3c55-4c1e-9a57-2f4f0c1d7a21")


def block_id(key, *path):
    return str(uuid.uuid5(NAMESPACE, ":".join([key, *map(str, path)])))


def items(key, pairs, lang):
    """ListBlock items with stable ids, so that both languages line up."""
    return [
        {"type": "item", "value": pair[lang], "id": block_id(key, "item", number)}
        for number, pair in enumerate(pairs)
    ]


def centre_body(spec, lang):
    key = spec["slug"]
    body = [
        {"type": "paragraph", "value": f"<p>{text[lang]}</p>", "id": block_id(key, "story", n)}
        for n, text in enumerate(spec["story"])
    ]
    figures = spec["figures"]
    if figures:
        value = {
            name: figures[name] for name in ("visitors_per_year", "events_per_year", "residents")
        }
        value["note"] = figures["note"][lang]
        body.append({"type": "key_figures", "value": value, "id": block_id(key, "figures")})
    if spec["lessons"]:
        title = ("Чему научилась команда", "What the team learned")[lang]
        lessons = items(f"{key}:lessons", spec["lessons"], lang)
        body.append(
            {
                "type": "lessons",
                "value": {"title": title, "lessons": lessons},
                "id": block_id(key, "lessons"),
            }
        )
    return body


def centre_links(spec, lang):
    return [
        {
            "type": "link",
            "id": block_id(spec["slug"], "link", number),
            "value": {"label": label[lang], "url": url},
        }
        for number, (label, url) in enumerate(spec["links"])
    ]


def centre_gallery(spec, lang, images):
    return [
        {
            "type": "image",
            "id": block_id(spec["slug"], "gallery", number),
            "value": {
                "image": {"image": images[image].pk, "alt_text": alt[lang], "decorative": False},
                "caption": caption[lang],
                "credit": ("Демо-иллюстрация", "Demo illustration")[lang],
            },
        }
        for number, (image, alt, caption) in enumerate(spec["gallery"])
    ]


def toolkit_steps(spec, lang):
    key = spec["slug"]
    return [
        {
            "type": "step",
            "id": block_id(key, "step", number),
            "value": {
                "title": s["title"][lang],
                "description": s["description"][lang],
                "duration": s["duration"][lang],
                "checklist": items(f"{key}:step{number}", s["checklist"], lang),
                "tips": s["tips"][lang],
            },
        }
        for number, s in enumerate(spec["steps"])
    ]


def toolkit_risks(spec, lang):
    return [
        {
            "type": "risk",
            "id": block_id(spec["slug"], "risk", n),
            "value": {"risk": risk[lang], "mitigation": mitigation[lang]},
        }
        for n, (risk, mitigation) in enumerate(spec["risks"])
    ]


class ResourcesLoader:
    """Creates what is missing, translates what should be translated; never duplicates."""

    def __init__(self, command):
        self.command = command
        self.ru, self.en, self.home = command.ru, command.en, command.home
        self.today = timezone.localdate()

    def created(self):
        self.command.created += 1

    def load(self):
        self.centre_index = self.index(CentreIndexPage, CENTRE_INDEX)
        self.toolkit_index = self.index(ToolkitIndexPage, TOOLKIT_INDEX)
        self.images = self.command.demo_images()
        terms = {
            model: {t.slug: t for t in model.objects.filter(locale=self.ru)}
            for model in (SpaceType, City, Format, Topic)
        }
        self.space_types, self.cities, self.formats, self.topics = terms.values()
        self.operators = {o.name: o for o in Organisation.objects.filter(locale=self.ru)}
        self.people = list(Person.objects.filter(locale=self.ru).order_by("pk"))
        self.centres = {}
        for number, spec in enumerate(CENTRES):
            self.centres[spec["slug"]] = self.centre(number, spec)
        for number, spec in enumerate(TOOLKITS):
            self.toolkit(number, spec)

    def index(self, model, content):
        page = model.objects.child_of(self.home).first()
        if page is None:
            page = self.home.add_child(
                instance=model(
                    title=content["title"][RU],
                    slug=content["slug"][RU],
                    intro=content["intro"][RU],
                    show_in_menus=True,
                )
            )
            page.save_revision().publish()
            self.created()
        if not model.objects.filter(translation_key=page.translation_key, locale=self.en).exists():
            shadow = model(
                title=content["title"][EN], slug=content["slug"][EN], intro=content["intro"][EN]
            )
            translate_object(page, self.en, shadow)
            self.created()
        return page

    def centre(self, number, spec):
        page = CentrePage.objects.child_of(self.centre_index).filter(slug=spec["slug"]).first()
        if page is None:
            image = self.images[spec["image"]] if spec["image"] is not None else None
            page = CentrePage(
                title=spec["title"][RU],
                slug=spec["slug"],
                summary=spec["summary"][RU],
                space_type=self.space_types.get(spec["space_type"]),
                sector=spec["sector"],
                city=self.cities.get(spec["city"]),
                address=spec["address"][RU],
                website=spec["website"],
                links=centre_links(spec, RU),
                gallery=centre_gallery(spec, RU, self.images),
                latitude=spec["lat"],
                longitude=spec["lon"],
                year_founded=spec["year"],
                floor_area=spec["area"],
                operator=self.operators.get(spec["operator"]),
                lead_image=image,
                lead_image_alt="Иллюстрация: силуэты зданий и солнце" if image else "",
                body=centre_body(spec, RU),
                # Some demo centres were checked long ago, so the admin report has content.
                checked_on=self.today - datetime.timedelta(days=90 + 60 * number),
            )
            page.topics = [CentrePageTopic(topic=self.topics[slug]) for slug in spec["topics"]]
            if spec["operator"] is None and self.people:
                page.contacts = [CentrePageContact(person=self.people[number % len(self.people)])]
            self.centre_index.add_child(instance=page)
            page.save_revision().publish()
            self.created()
            self.mention_in_news(page, spec["news"])
        if (
            spec["translated"]
            and not CentrePage.objects.filter(
                translation_key=page.translation_key, locale=self.en
            ).exists()
        ):
            shadow = CentrePage(
                title=spec["title"][EN],
                slug=spec["slug"],
                summary=spec["summary"][EN],
                address=spec["address"][EN],
                links=centre_links(spec, EN),
                gallery=centre_gallery(spec, EN, self.images),
                body=centre_body(spec, EN),
                lead_image_alt="Illustration: building silhouettes and a sun"
                if page.lead_image_alt
                else "",
            )
            translate_object(page, self.en, shadow)
            self.created()
        return page

    def mention_in_news(self, centre, news_numbers):
        """Link the 2017 demo news to the centres they are about (as an editor would)."""
        from news import demo as news_demo

        for number in news_numbers:
            title = news_demo.NEWS[number]["ru"][0]
            news = NewsPage.objects.filter(title=title, locale=self.ru).first()
            if news is None or news.related_pages.filter(related=centre).exists():
                continue
            news = news.get_latest_revision_as_object()
            news.related_pages.add(NewsPageRelatedPage(related=centre))
            news.save_revision().publish()

    def toolkit(self, number, spec):
        page = ToolkitPage.objects.child_of(self.toolkit_index).filter(slug=spec["slug"]).first()
        if page is None:
            low, high = spec["budget"]
            page = ToolkitPage(
                title=spec["title"][RU],
                slug=spec["slug"],
                promise=spec["promise"][RU],
                goal=spec["goal"][RU],
                format_type=self.formats.get(spec["format"]),
                audience=spec["audience"],
                difficulty=spec["difficulty"],
                duration=spec["duration"][RU],
                team_size=spec["team"][RU],
                budget_min=low,
                budget_max=high,
                steps=toolkit_steps(spec, RU),
                risks=toolkit_risks(spec, RU),
                checked_on=self.today - datetime.timedelta(days=200 * number),
            )
            page.applied_at = [
                ToolkitPageCentre(centre=self.centres[slug], note=note[RU])
                for slug, note in spec["applied"]
            ]
            page.materials = material_links(materials.documents(spec, RU, self.command))
            self.toolkit_index.add_child(instance=page)
            page.save_revision().publish()
            self.created()
        # A toolkit loaded before the demo had materials gets them now (and its translation
        # is synchronised again below).
        attached = self.attach(page, materials.documents(spec, RU, self.command))
        translated = ToolkitPage.objects.filter(
            translation_key=page.translation_key, locale=self.en
        ).first()
        if spec["translated"] and (translated is None or attached):
            notes = dict(spec["applied"])
            shadow = ToolkitPage(
                title=spec["title"][EN],
                slug=spec["slug"],
                promise=spec["promise"][EN],
                goal=spec["goal"][EN],
                duration=spec["duration"][EN],
                team_size=spec["team"][EN],
                steps=toolkit_steps(spec, EN),
                risks=toolkit_risks(spec, EN),
                applied_at=[
                    ToolkitPageCentre(
                        translation_key=link.translation_key,
                        centre=link.centre,
                        note=notes[link.centre.slug][EN],
                    )
                    for link in page.applied_at.select_related("centre")
                ],
            )
            translated = translate_object(page, self.en, shadow)
            self.created()
        if translated is not None:
            # The English version offers English documents (materials may be overridden).
            self.attach(translated, materials.documents(spec, EN, self.command))

    def attach(self, page, documents):
        """Make ``documents`` the page's materials, in a new published revision, unless they
        already are. True if the page changed."""
        wanted = [document.pk for document in documents]
        if list(page.materials.values_list("document_id", flat=True)) == wanted:
            return False
        latest = page.get_latest_revision_as_object()
        latest.materials = material_links(documents)
        latest.save_revision().publish()
        page.refresh_from_db()
        self.created()
        return True


def material_links(documents):
    return [
        ToolkitPageMaterial(document=document, sort_order=number)
        for number, document in enumerate(documents)
    ]


def load(command):
    ResourcesLoader(command).load()
