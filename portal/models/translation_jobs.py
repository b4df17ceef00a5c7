"""A bulk action of the report «Статус переводов» run in the background, and its progress.

«Перевести выбранные» and «Синхронизировать выбранные» may touch dozens of pages: the request
only records the job and hands it to a task (``portal.translation.bulk.run_translation_job``),
which works through the items one by one and counts them here; the job's page in the admin
shows how far it got and what failed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TranslationJob(models.Model):
    class Action(models.TextChoices):
        TRANSLATE = "translate", pgettext_lazy("translation job", "Translate selected")
        SYNC = "sync", pgettext_lazy("translation job", "Sync selected")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("translation job", "Queued")
        RUNNING = "running", pgettext_lazy("translation job", "In progress")
        FINISHED = "finished", pgettext_lazy("translation job", "Finished")
        FAILED = "failed", pgettext_lazy("translation job", "Stopped by an error")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    # [{"key": "page:12", "title": "…"}, …]: what was chosen, in the report's order.
    items = models.JSONField(_("items"), default=list)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)  # succeeded or failed
    failed = models.PositiveIntegerField(_("failed"), default=0)
    # [{"key": …, "title": …, "message": …}, …]: one per failed item.
    errors = models.JSONField(_("errors"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("translation job")
        verbose_name_plural = _("translation jobs")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_action_display()} ({self.done}/{self.total})"

    @property
    def is_over(self):
        return self.status in (self.Status.FINISHED, self.Status.FAILED)
