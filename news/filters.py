"""The news index's filters, declared once: the page, its pagination and its feeds use them."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from portal.models import Topic

from .listings import NEWS_PER_PAGE, with_localized_topics


class PageNumberField(forms.Field):
    """Any page value is accepted: Paginator.get_page() turns junk into the first or last page."""

    def clean(self, value):
        return (value or "").replace("\x00", "")[:20]


class NewsFilter(forms.Form):
    topic = forms.SlugField(required=False, max_length=120)
    tag = forms.SlugField(required=False, max_length=100, allow_unicode=True)
    year = forms.IntegerField(required=False, min_value=1990, max_value=2100)
    month = forms.IntegerField(required=False, min_value=1, max_value=12)
    page = PageNumberField(required=False)

    def __init__(self, data, *, index):
        super().__init__(data)
        self.index = index

    def clean_topic(self):
        slug = self.cleaned_data.get("topic")
        if not slug:
            return None
        topic = Topic.objects.filter(slug=slug, locale=self.index.locale).first()
        if topic is None:
            raise forms.ValidationError(_("There is no such topic."), code="unknown")
        return topic

    def clean_tag(self):
        slug = self.cleaned_data.get("tag")
        if not slug:
            return None
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise forms.ValidationError(_("There is no such tag."), code="unknown")
        return tag

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("month") and not cleaned.get("year"):
            self.add_error("month", _("Choose a year together with the month."))
        return cleaned

    def error_response(self, request):
        """The index with what was wrong and a way back, as a 400: never a crash, never a guess."""
        context = {
            "page": self.index,
            "self": self.index,
            "filter": self,
            "filter_errors": [str(e) for errors in self.errors.values() for e in errors],
            "topics": Topic.objects.filter(locale=self.index.locale),
            "archive": self.archive(),
        }
        return render(request, "news/news_index_page.html", context, status=400)

    def filtered(self):
        news = self.index.news().newest_first()
        data = self.cleaned_data
        if data.get("topic"):
            news = news.filter(topics__topic__slug=data["topic"].slug)
        if data.get("tag"):
            news = news.filter(tagged_items__tag=data["tag"])
        if data.get("year"):
            news = news.filter(date__year=data["year"])
        if data.get("month"):
            news = news.filter(date__month=data["month"])
        return news.distinct() if data.get("topic") or data.get("tag") else news

    @property
    def is_filtered(self):
        data = self.cleaned_data
        return any(data.get(key) for key in ("topic", "tag", "year", "month"))

    def query_string(self, **overrides):
        params = {
            "topic": self.cleaned_data.get("topic") and self.cleaned_data["topic"].slug,
            "tag": self.cleaned_data.get("tag") and self.cleaned_data["tag"].slug,
            "year": self.cleaned_data.get("year"),
            "month": self.cleaned_data.get("month"),
        }
        params.update(overrides)
        return urlencode({key: value for key, value in params.items() if value})

    def context(self, request):
        news = self.filtered()
        featured = None
        if not self.is_filtered:
            featured = news.filter(featured=True).for_listing().first()
            if featured is not None:
                news = news.exclude(pk=featured.pk)
        paginator = Paginator(news.for_listing(), NEWS_PER_PAGE)
        # get_page: "abc" gives the first page, 99999 the last; never an exception.
        page_obj = paginator.get_page(self.cleaned_data.get("page"))
        listed = with_localized_topics([featured, *page_obj.object_list], self.index.locale)
        return {
            "page": self.index,
            "self": self.index,
            "filter": self,
            "featured": featured if page_obj.number == 1 else None,
            "page_obj": page_obj,
            "news": listed[1:] if featured else listed,
            "elided_pages": paginator.get_elided_page_range(
                page_obj.number, on_each_side=2, on_ends=1
            ),
            "topics": Topic.objects.filter(locale=self.index.locale),
            "archive": self.archive(),
            "query_string": self.query_string(),
        }

    def archive(self):
        """Years and months that have news, newest first, for the archive links."""
        # One row per month, however many items: no ordering, so DISTINCT is on the month only.
        dates = self.index.news().with_month().order_by().values_list("month", flat=True)
        months = sorted({(d.year, d.month) for d in dates.distinct() if d}, reverse=True)
        years = {}
        for year, month in months:
            years.setdefault(year, []).append(month)
        return sorted(years.items(), reverse=True)
