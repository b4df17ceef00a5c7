"""The news index's filters, declared once: the page, its pagination and its feeds use them."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from portal.listings import ListingFilter, TermFacet
from portal.models import Topic
from portal.sitecache.store import cached


class NewsFilter(ListingFilter):
    topic = TermFacet(Topic, label=_("Topic"), unknown=_("There is no such topic."))
    tag = TermFacet(
        Tag,
        label=_("Tag"),
        unknown=_("There is no such tag."),
        localized=False,
        max_length=100,
        allow_unicode=True,
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1990, max_value=2100)
    month = forms.IntegerField(label=_("Month"), required=False, min_value=1, max_value=12)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("month") and not cleaned.get("year") and "year" not in self.errors:
            self.add_error("month", _("Choose a year together with the month."))
        return cleaned

    def filtered(self):
        news = self.index.news().newest_first()
        data = self.values
        if data.get("topic"):
            news = news.filter(topics__topic__slug=data["topic"].slug)
        if data.get("tag"):
            news = news.filter(tagged_items__tag=data["tag"])
        if data.get("year"):
            news = news.filter(display_date__year=data["year"])
        if data.get("month"):
            news = news.filter(display_date__month=data["month"])
        return news.distinct() if data.get("topic") or data.get("tag") else news

    def archive(self):
        """Years and months that have news, newest first, for the archive links (read once
        per publication: the shared cache starts again at each)."""

        def build():
            # One row per month, however many items: no ordering, so DISTINCT is on the month.
            dates = self.index.news().with_month().order_by().values_list("month", flat=True)
            return sorted({(d.year, d.month) for d in dates.distinct() if d}, reverse=True)

        zone = timezone.get_current_timezone_name()
        months = cached(f"news-archive:{self.index.pk}:{zone}", build)
        years = {}
        for year, month in months:
            years.setdefault(year, []).append(month)
        return sorted(years.items(), reverse=True)
