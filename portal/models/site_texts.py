"""The site-wide texts the publishing team writes: the footer's words, one set per language.

A translatable snippet rather than a Wagtail setting: wagtail-localize translates snippets with
its own editor (the "Translate" action, PO export and import, sync and the translations
report), and has nothing for settings. The Russian set is the source; the English one is its
wagtail-localize translation. One set a language: the locale is unique.

Saved texts are drafts until published, as pages are: a translation started with "Translate"
begins as a copy of the Russian texts, and the English footer keeps falling back to the
published Russian ones until someone publishes the finished translation. Drafts go through the
moderators' review as pages do (home.editorial.workflows sets it on this model), and a set in
review is locked for everyone but its reviewers. A language's set is changed by who writes
that language's pages (portal.permissions).
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail_localize.fields import TranslatableField

# Links and nothing else: the footer is a few lines, set in the site's own type.
FOOTER_FEATURES = ["link"]


class SiteTextsForm(WagtailAdminModelForm):
    def clean(self):
        cleaned_data = super().clean()
        locale_id = getattr(self.instance, "locale_id", None)
        if locale_id is not None:
            others = SiteTexts.objects.filter(locale_id=locale_id).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    None, _("The site texts of this language already exist: edit them instead.")
                )
        return cleaned_data


class SiteTexts(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, TranslatableMixin, models.Model
):
    """The footer: a few words about the portal, its contacts and the terms of reuse."""

    about = RichTextField(
        _("about the portal"),
        features=FOOTER_FEATURES,
        help_text=_("The footer's first lines on every page: what the portal is about."),
    )
    contacts = RichTextField(
        _("contacts"),
        features=FOOTER_FEATURES,
        blank=True,
        help_text=_("Optional: how to reach the editors (an e-mail link, a page of contacts)."),
    )
    reuse_note = models.CharField(
        _("terms of reuse"),
        max_length=255,
        blank=True,
        help_text=_("Shown after the year at the bottom of every page."),
    )

    # Deleting a set deletes its revisions with it.
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="site_texts")
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="site_texts",
        for_concrete_model=False,
    )

    panels = [FieldPanel("about"), FieldPanel("contacts"), FieldPanel("reuse_note")]
    base_form_class = SiteTextsForm

    translatable_fields = [
        TranslatableField("about"),
        TranslatableField("contacts"),
        TranslatableField("reuse_note"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site texts")
        verbose_name_plural = _("site texts")
        constraints = [
            models.UniqueConstraint(fields=["locale"], name="unique_site_texts_per_locale")
        ]

    def __str__(self):
        return str(_("Site texts (%(language)s)") % {"language": self.locale.get_display_name()})

    @property
    def revisions(self):
        return self._revisions

    @property
    def workflow_states(self):
        return self._workflow_states
