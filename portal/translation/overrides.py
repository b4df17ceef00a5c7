"""What a translator chose for the English version in place of the source's: another image (a
poster with English words, say), document or page, in wagtail-localize's translation editor
("Change image").

wagtail-localize stores the choice as an id and looks it up only when it builds the English
page: a choice deleted from the library since (or an id that never was one) then fails with a
server error at «Save draft», «Submit», «Approve» or «Preview». ``missing_choices`` finds such
choices first, so that the editor can say what to choose again.
"""

from django.contrib import messages
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail_localize.models import OverridableSegment, SegmentOverride, Translation
from wagtail_localize.views import edit_translation


def chosen_model(model, field_path):
    """The model a chooser at ``field_path`` picks from (``lead_image`` → Image,
    ``gallery.image.image.image`` → Image), or None when the segment is not a chooser (a URL,
    say). ``field_path`` is wagtail-localize's: field name, then block type names."""
    name, *rest = field_path.split(".")
    try:
        field = model._meta.get_field(name)
    except LookupError:
        return None
    if isinstance(field, models.ForeignKey):
        return field.related_model
    if not isinstance(field, StreamField):
        return None
    block = field.stream_block
    for name in rest:
        if isinstance(block, blocks.ListBlock):
            block = block.child_block  # wagtail-localize names a list's items "item"
        elif isinstance(block, blocks.StructBlock | blocks.StreamBlock):
            block = block.child_blocks.get(name)
        else:
            return None
    return block.target_model if isinstance(block, blocks.ChooserBlock) else None


def _exists(model, value):
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return False
    return model._default_manager.filter(pk=pk).exists()


def missing_choices(translation):
    """The choices of the translation that no longer exist: (the field's name, what was
    chosen, e.g. "image") for each, in wagtail-localize's order of the segments."""
    source = translation.source
    overrides = {
        override.context_id: override
        for override in SegmentOverride.objects.filter(
            locale_id=translation.target_locale_id,
            context__in=OverridableSegment.objects.filter(source=source).values("context"),
        )
    }
    if not overrides:
        return []
    instance = source.as_instance()
    model = type(instance)
    missing = []
    segments = OverridableSegment.objects.filter(source=source, context_id__in=overrides)
    for segment in segments.select_related("context").order_by("order"):
        chosen = chosen_model(model, segment.context.get_field_path(instance))
        if chosen is not None and not _exists(chosen, overrides[segment.context_id].data):
            field = model._meta.get_field(segment.context.path.split(".")[0])
            missing.append((str(field.verbose_name), str(chosen._meta.verbose_name)))
    return missing


def missing_choice_messages(translation):
    """What the editor is told of each choice of the translation deleted since: where to
    choose again."""
    return [
        _(
            "In «%(field)s» the translation shows something that has been deleted "
            "(%(thing)s): choose another one, or go back to the original's, then save again."
        )
        % {"field": field, "thing": thing.lower()}
        for field, thing in missing_choices(translation)
    ]


def refuse_missing_choices(request, translation):
    """The messages of ``missing_choice_messages`` for the request; True when there is one: the
    English version cannot be built."""
    found = missing_choice_messages(translation)
    for message in found:
        messages.error(request, message)
    return bool(found)


def preview_translation(request, translation_id, mode=None):
    """wagtail-localize's preview of a translation (at its URL), back to the editor with the
    reason when a choice of the translation was deleted since: the preview would fail."""
    translation = get_object_or_404(Translation, id=translation_id)
    target = translation.get_target_instance()
    if (
        isinstance(target, Page)
        and edit_translation.user_can_edit_instance(request.user, target)
        and refuse_missing_choices(request, translation)
    ):
        return redirect("wagtailadmin_pages:edit", target.pk)
    return edit_translation.preview_translation(request, translation_id, mode)
