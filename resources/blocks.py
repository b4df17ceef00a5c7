"""Blocks of the resources section: a centre's story and a toolkit's steps and risks.

Optional text blocks default to "" so that wagtail-localize can extract their segments.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from portal.blocks import ArticleStreamBlock


class KeyFiguresBlock(blocks.StructBlock):
    """A centre's scale in three numbers; any of them may be left empty."""

    visitors_per_year = blocks.IntegerBlock(label=_("Visitors a year"), required=False, min_value=0)
    events_per_year = blocks.IntegerBlock(label=_("Events a year"), required=False, min_value=0)
    residents = blocks.IntegerBlock(label=_("Residents"), required=False, min_value=0)
    note = blocks.CharBlock(
        label=_("Note"),
        required=False,
        default="",
        max_length=200,
        help_text=_("Where the figures come from and for which year."),
    )

    class Meta:
        icon = "table"
        template = "resources/blocks/key_figures.html"
        label = _("Key figures")
        description = _("Visitors and events a year and the number of residents.")
        preview_value = {"visitors_per_year": 120000, "events_per_year": 300, "residents": 40}

    def clean(self, value):
        value = super().clean(value)
        names = ("visitors_per_year", "events_per_year", "residents")
        if all(value.get(name) is None for name in names):
            error = ValidationError(_("Fill in at least one figure."))
            raise StructBlockValidationError(block_errors=dict.fromkeys(names, error))
        return value


class LessonsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, default="", max_length=120)
    lessons = blocks.ListBlock(blocks.TextBlock(label=_("Lesson")), label=_("Lessons"), min_num=1)

    class Meta:
        icon = "help"
        template = "resources/blocks/lessons.html"
        label = _("Lessons learned")
        description = _("What the team would tell someone starting a similar space.")
        preview_value = {
            "title": "Чему мы научились",
            "lessons": ["Начинайте с малого и открывайте двери каждый день."],
        }


class CentreStoryStreamBlock(ArticleStreamBlock):
    """A centre's story: the article blocks plus key figures and lessons learned."""

    key_figures = KeyFiguresBlock()
    lessons = LessonsBlock()


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=160)
    description = blocks.RichTextBlock(
        label=_("Description"), features=["bold", "italic", "link", "ol", "ul"]
    )
    duration = blocks.CharBlock(
        label=_("Duration"),
        required=False,
        default="",
        max_length=80,
        help_text=_("For example “two weeks” or “one evening”."),
    )
    checklist = blocks.ListBlock(
        blocks.CharBlock(label=_("Item"), max_length=200),
        label=_("Checklist"),
        default=[],
    )
    tips = blocks.TextBlock(label=_("Tips"), required=False, default="")

    class Meta:
        icon = "list-ol"
        template = "resources/blocks/step.html"
        label = _("Step")
        description = _("One step of the format: what to do, how long it takes, what to check.")
        preview_value = {
            "title": "Соберите команду",
            "description": "<p>Найдите трёх-четырёх человек, готовых вести проект.</p>",
            "duration": "две недели",
            "checklist": ["Координатор", "Дизайнер"],
            "tips": "Договоритесь о ролях письменно.",
        }


class StepsStreamBlock(blocks.StreamBlock):
    step = StepBlock()


class RiskBlock(blocks.StructBlock):
    risk = blocks.CharBlock(label=_("Risk"), max_length=200)
    mitigation = blocks.TextBlock(label=_("How to handle it"))

    class Meta:
        icon = "warning"
        template = "resources/blocks/risk.html"
        label = _("Risk")
        description = _("Something that can go wrong and how to handle it.")
        preview_value = {
            "risk": "Никто не пришёл",
            "mitigation": "Зовите лично и через соседские чаты за неделю и накануне.",
        }


class RisksStreamBlock(blocks.StreamBlock):
    risk = RiskBlock()


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Label"), max_length=60)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Link")
        description = _("A social network page or another site of the centre.")


class LinksStreamBlock(blocks.StreamBlock):
    link = LinkBlock()
