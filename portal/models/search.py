"""What readers searched for and did not find: the editors' list of gaps in the portal."""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string


class UnansweredSearch(models.Model):
    """One row per query and language; the counter grows each time the search finds nothing."""

    query_string = models.CharField(_("search terms"), max_length=MAX_QUERY_STRING_LENGTH)
    language = models.CharField(_("language"), max_length=10)
    hits = models.PositiveIntegerField(_("searches"), default=0)
    first_seen = models.DateTimeField(_("first searched"), default=timezone.now)
    last_seen = models.DateTimeField(_("last searched"), default=timezone.now)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        constraints = [
            models.UniqueConstraint(
                fields=["query_string", "language"], name="unique_unanswered_search"
            )
        ]

    def __str__(self):
        return self.query_string

    @classmethod
    def record(cls, query_string, language):
        query_string = normalise_query_string(query_string)
        if not query_string:
            return
        entry, _created = cls.objects.get_or_create(query_string=query_string, language=language)
        cls.objects.filter(pk=entry.pk).update(hits=F("hits") + 1, last_seen=timezone.now())
