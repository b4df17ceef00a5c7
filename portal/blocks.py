"""StreamField blocks shared by every section. Section-only blocks live in ``<app>/blocks.py``.

Stream child names (``heading``, ``paragraph`` …) are stored in the database forever: rename
with a data migration only. Optional text blocks default to "" (never None) so that
wagtail-localize can extract their segments.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import blocks as image_blocks
from wagtail_localize.segments.ingest import StreamFieldSegmentsWriter

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = _("Heading")
        description = _("A heading that structures a long text.")
        preview_value = {"text": "Как устроено пространство", "level": "h2"}


class ImageBlock(image_blocks.ImageBlock):
    """Wagtail's image with its alt text. Wagtail names the chooser inside it after its field
    ("Image *" in the Russian editor): it gets a translated label. It deconstructs as Wagtail's
    block, so migrations do not change."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        self.child_blocks["image"].label = _("Image")


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, default="", max_length=300)
    credit = blocks.CharBlock(label=_("Credit"), required=False, default="", max_length=200)

    class Meta:
        icon = "image"
        template = "blocks/figure.html"
        label = _("Image")
        description = _("An image with alt text, an optional caption and credit.")

    def restore_translated_segments(self, value, segments):
        """The translation of a figure (wagtail-localize calls this when it builds the English
        page): the translated alt text and caption, and the image the translator chose instead
        of the Russian one, if any.

        For a chosen image wagtail-localize loads it afresh and sets on it only the alt text it
        translated: in place of a decorative image (no alt text, nothing to translate) the
        English page showed an ordinary one, with the library's title as its alt text. Whether
        a figure is decorative is the source's to say, and is kept here.
        """
        decorative = bool(value["image"] and value["image"].decorative)
        # Images and texts need neither the field nor the locales (only translatable snippets
        # do, and a figure holds none).
        value = StreamFieldSegmentsWriter(None, None, None).handle_struct_block(value, segments)
        if decorative and value["image"]:
            value["image"].decorative, value["image"].contextual_alt_text = True, ""
        return value


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(
        label=_("Attribution"), required=False, default="", max_length=200
    )

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        label = _("Quote")
        description = _("A quotation with the name of the person who said it.")
        preview_value = {
            "text": "Пространство живо, пока в нём что-то происходит каждый день.",
            "attribution": "Участница конференции",
        }


class LinkStructValue(blocks.StructValue):
    @property
    def url(self):
        page = self.get("page")
        if page:
            return page.localized.url
        return self.get("link_url") or ""


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), required=False, default="")
    link_label = blocks.CharBlock(label=_("Button label"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    link_url = blocks.URLBlock(label=_("or external link"), required=False, default="")

    class Meta:
        icon = "pick"
        template = "blocks/call_to_action.html"
        label = _("Call to action")
        description = _("A highlighted invitation with a button to a page or an external link.")
        value_class = LinkStructValue

    def clean(self, value):
        value = super().clean(value)
        if bool(value.get("page")) == bool(value.get("link_url")):
            error = ValidationError(_("Choose either a page or an external link, not both."))
            raise StructBlockValidationError(block_errors={"page": error, "link_url": error})
        return value


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph.html",
    )
    image = FigureBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()


class FactBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    facts = blocks.ListBlock(
        blocks.StructBlock(
            [
                ("figure", blocks.CharBlock(label=_("Figure"), max_length=40)),
                ("label", blocks.CharBlock(label=_("What it counts"), max_length=160)),
            ],
            icon="order",
        ),
        label=_("Facts"),
        min_num=1,
    )

    class Meta:
        icon = "table"
        template = "blocks/fact_box.html"
        label = _("Fact box")
        description = _("Key figures at a glance: a number and what it counts.")


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, default="", max_length=120)
    images = blocks.ListBlock(FigureBlock(), label=_("Images"), min_num=2)

    class Meta:
        icon = "image"
        template = "blocks/gallery.html"
        label = _("Gallery")
        description = _("Several images shown as a grid.")


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, default="", max_length=160)

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"
        label = _("Document download")
        description = _("A link to download a file from the document library.")


class ArticleStreamBlock(BaseStreamBlock):
    """Body of news items and case studies: the shared blocks plus media and facts."""

    embed = EmbedBlock(label=_("Embed"), icon="media", template="blocks/embed.html")
    gallery = GalleryBlock()
    document = DocumentBlock()
    fact_box = FactBoxBlock()
