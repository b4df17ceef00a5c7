"""The report's bulk actions: «Перевести выбранные» and «Синхронизировать выбранные».

The request checks what was chosen (each item must be in the report, the user must be allowed
to work on it, the action must apply to its state), records a ``TranslationJob`` and hands it
to a task; the job's page shows the progress and each failure, and refreshes itself (no
JavaScript needed) until the job is over.

- Translate does what wagtail-localize's own "Translate" does for one item
  (``TranslationCreator``): the English page or snippet is created from the original as a
  draft (the setting ``WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False``; an item that
  came out live anyway is rolled back), to be translated in wagtail-localize's editor. A
  snippet without drafts (the taxonomies) has no draft to be: it is created as it is, as
  wagtail-localize does.
- Sync takes the original's current content into the translation (``update_from_db``) and
  saves the English version with it as a draft revision, never published. A live English
  version keeps its live text: the draft is saved as a revision only, as the page editor's
  "Save draft" does (wagtail-localize's ``save_target(publish=False)`` would write the new,
  partly untranslated content into the live page itself). A snippet without drafts keeps its
  text until the translation is published in the editor.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import DraftStateMixin, Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import TranslationCreator

from django_tasks import task

from portal.models import TranslationJob
from portal.permissions import writes_in
from portal.translation.entries import parse_keys, status_entries
from portal.translation.review import save_draft
from portal.translation.states import CURRENT, DRAFT, IN_REVIEW, MISSING, OUT_OF_DATE, STOPPED
from portal.translation.status import (
    may_see_translation_status,
    source_home,
    target_locale,
)

logger = logging.getLogger(__name__)

MAX_ITEMS = 500  # ten pages of the report: more is not a choice made by hand
SYNCABLE = (DRAFT, OUT_OF_DATE, CURRENT)


class ItemRefused(Exception):
    """The item cannot be worked on; the message says why, in words for the user."""


def refusal(user, entry, action, english_home):
    """Why ``user`` may not run ``action`` on ``entry`` now (a sentence), or None."""
    if action == TranslationJob.Action.TRANSLATE and entry.state != MISSING:
        return _("It already has an English version.")
    if action == TranslationJob.Action.SYNC and entry.state not in SYNCABLE:
        return {
            MISSING: _("There is no English version yet: translate it first."),
            STOPPED: _("The translation was stopped: the English version is edited on its own."),
            IN_REVIEW: _("The English version is in review: sync it once the review is over."),
        }[entry.state]
    if not entry.is_page:
        meta = entry.model._meta
        may_change = user.has_perm(f"{meta.app_label}.change_{meta.model_name}")
        if not (may_change and writes_in(user, english_home.locale_id)):
            return _("You may not edit the English %(kind)s.") % {"kind": meta.verbose_name_plural}
        return None
    if action == TranslationJob.Action.TRANSLATE:
        parent = entry.source.get_parent()
        where = parent.get_translation_or_none(english_home.locale) or english_home
        if not where.permissions_for_user(user).can_add_subpage():
            return _("You may not add pages there in the English tree.")
    else:
        target = Page.objects.get(pk=entry.target_id)
        if not target.permissions_for_user(user).can_edit():
            return _("You may not edit the English version of the page.")
    return None


def back_url(request):
    """Where the report was (its filters kept), from the form; else the report."""
    url = request.POST.get("back") or request.GET.get("back") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return reverse("translation_status")


class TranslationBulkView(View):
    """POST the chosen items (``items``: their keys) and the ``action``: a job, then its page."""

    http_method_names = ["post"]

    def dispatch(self, request, *args, **kwargs):
        if not may_see_translation_status(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def refuse(self, request, problems):
        return TemplateResponse(
            request,
            "portal/admin/translation_bulk_refused.html",
            {
                "page_title": _("Nothing to do"),
                "header_title": _("Nothing to do"),
                "header_icon": "wagtail-localize-language",
                "problems": problems,
                "back_url": back_url(request),
            },
            status=400,
        )

    def post(self, request):
        action = request.POST.get("action")
        if action not in TranslationJob.Action.values:
            return self.refuse(request, [_("Choose «Translate selected» or «Sync selected».")])
        keys = request.POST.getlist("items")
        if not keys:
            return self.refuse(request, [_("Select at least one row of the report.")])
        if len(keys) > MAX_ITEMS:
            return self.refuse(
                request,
                [_("Select at most %(max)d rows at a time.") % {"max": MAX_ITEMS}],
            )
        home, locale = source_home(), target_locale()
        english_home = home and locale and home.get_translation_or_none(locale)
        if english_home is None:
            raise Http404
        wanted, bad = parse_keys(keys)
        entries = status_entries(home, locale, wanted)
        found = {entry.key for entry in entries}
        unknown = len(bad) + len({key for key in keys if key not in bad} - found)
        problems = []
        if unknown:
            problems.append(
                ngettext(
                    "%(count)d of the selected rows is not in the report (deleted, "
                    "unpublished or never there): it was left out.",
                    "%(count)d of the selected rows are not in the report (deleted, "
                    "unpublished or never there): they were left out.",
                    unknown,
                )
                % {"count": unknown}
            )
        chosen = []
        for entry in entries:
            reason = refusal(request.user, entry, action, english_home)
            if reason:
                problems.append(
                    _("Left out: «%(title)s». %(reason)s")
                    % {"title": entry.title, "reason": reason}
                )
            else:
                chosen.append({"key": entry.key, "title": entry.title})
        if not chosen:
            return self.refuse(request, problems)
        job = TranslationJob.objects.create(
            user=request.user, action=action, items=chosen, total=len(chosen)
        )
        result = run_translation_job.enqueue(job.pk)
        TranslationJob.objects.filter(pk=job.pk).update(task_id=str(result.id)[:64])
        for problem in problems:
            messages.warning(request, problem)
        url = reverse("translation_job", args=[job.pk])
        return redirect(f"{url}?{urlencode({'back': back_url(request)})}")


class TranslationJobView(WagtailAdminTemplateMixin, TemplateView):
    """A job's progress: «12 из 30», the failures, a link back to the report."""

    template_name = "portal/admin/translation_job.html"
    header_icon = "wagtail-localize-language"
    refresh_seconds = 3

    def dispatch(self, request, *args, **kwargs):
        if not may_see_translation_status(request.user):
            raise PermissionDenied
        self.job = get_object_or_404(TranslationJob, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.job.get_action_display()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("translation_status"), "label": gettext_lazy("Translation status")},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            job=self.job,
            refresh_seconds=None if self.job.is_over else self.refresh_seconds,
            report_url=back_url(self.request),
        )
        return context


def job_progress(request, pk):
    """The job's counts as JSON, for whoever would rather poll than reload."""
    if not may_see_translation_status(request.user):
        raise PermissionDenied
    job = get_object_or_404(TranslationJob, pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "total": job.total,
            "done": job.done,
            "failed": job.failed,
            "errors": job.errors,
        }
    )


# The task


def language_of(user):
    if user is None:
        return settings.LANGUAGE_CODE
    return UserProfile.get_for_user(user).get_preferred_language() or settings.LANGUAGE_CODE


@task()
def run_translation_job(job_id):
    """Work through the job's items one at a time, each in its own transaction, counting
    them on the job as they are done: a failure is recorded with its reason and the rest go
    on. The messages are in the language of the user who started the job."""
    job = TranslationJob.objects.filter(pk=job_id, status=TranslationJob.Status.QUEUED).first()
    if job is None:
        return
    job.status, job.started_at = TranslationJob.Status.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        with translation.override(language_of(job.user)):
            home, locale = source_home(), target_locale()
            english_home = home.get_translation(locale)
            for item in job.items:
                message = run_item(job, item["key"], home, locale, english_home)
                job.done += 1
                if message:
                    job.failed += 1
                    job.errors.append({**item, "message": message})
                job.save(update_fields=["done", "failed", "errors"])
    except Exception:
        logger.exception("Translation job %s stopped", job.pk)
        job.status, job.finished_at = TranslationJob.Status.FAILED, timezone.now()
        job.save(update_fields=["status", "finished_at"])
        raise
    job.status, job.finished_at = TranslationJob.Status.FINISHED, timezone.now()
    job.save(update_fields=["status", "finished_at"])


def run_item(job, key, home, locale, english_home):
    """Translate or sync one item; the reason it failed, or None."""
    try:
        with transaction.atomic():
            wanted, _bad = parse_keys([key])
            found = status_entries(home, locale, wanted)
            if not found:
                raise ItemRefused(
                    _("The row is no longer in the report: it was deleted or unpublished.")
                )
            (entry,) = found
            if job.user is None:
                raise ItemRefused(_("The user who started the job no longer exists."))
            reason = refusal(job.user, entry, job.action, english_home)
            if reason:
                raise ItemRefused(reason)
            if job.action == TranslationJob.Action.TRANSLATE:
                translate(entry, locale, job.user)
            else:
                sync(entry, locale, job.user)
    except ItemRefused as refused:
        return str(refused)
    except ValidationError as error:
        return _("The English version does not validate: %(errors)s") % {
            "errors": "; ".join(error.messages)
        }
    except Exception:
        logger.exception("Translation job %s: %s failed", job.pk, key)
        return _(
            "An unexpected error stopped it; the site's administrators can find it in the log."
        )
    return None


def translate(entry, locale, user):
    """What wagtail-localize's "Translate" does, with two differences for pages: an ancestor
    with no English version is translated first (as a draft, where wagtail-localize would make
    it an alias: a live copy of the Russian page under /en/), and nothing new comes out live."""
    source = entry.source.specific if entry.is_page else entry.source
    creator = TranslationCreator(user, [locale])
    model = type(source)
    existing = model.objects.filter(translation_key=source.translation_key, locale=locale)
    # An English alias is live already, with the Russian text: translating it keeps it live.
    was_live = existing.filter(live=True).exists() if entry.is_page else False
    if entry.is_page:
        for ancestor in source.get_ancestors().filter(depth__gt=1).specific():
            if not Page.objects.filter(
                translation_key=ancestor.translation_key, locale=locale
            ).exists():
                creator.create_translations(ancestor)
    creator.create_translations(source)
    target = source.get_translation_or_none(locale)
    if target is None or getattr(target, "alias_of_id", None):
        # TranslationCreator keeps quiet about a target that does not validate.
        raise ItemRefused(_("wagtail-localize could not create the English version."))
    if isinstance(target, DraftStateMixin) and target.live and not was_live:
        raise ItemRefused(
            _("The English version would have been published untranslated: nothing was made.")
        )


def sync(entry, locale, user):
    source = TranslationSource.objects.get(
        object_id=entry.source.translation_key, locale_id=entry.source.locale_id
    )
    source.update_from_db()
    target = source.get_translated_instance(locale)
    if not isinstance(target, DraftStateMixin):
        return  # nothing to save but the translation itself, published in the editor
    save_draft(source.translations.get(target_locale=locale), user)
