"""RSS 2.0 and Atom feeds of one language's news, optionally of one topic (?topic=slug)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from portal.addresses import absolute_url
from portal.images import SHARE_RENDITION, renditions_prefetch

from .filters import NewsFilter

FEED_LENGTH = 30


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def get_object(self, request, *args, **kwargs):
        self.request = request
        news_filter = NewsFilter(request.GET, index=self.index)
        if not news_filter.is_valid():
            raise Http404("Unknown feed filter.")
        self.topic = news_filter.cleaned_data.get("topic")
        self.items_list = list(
            news_filter.filtered()
            .select_related("lead_image", "locale")
            .prefetch_related(
                "authors__person",
                renditions_prefetch(SHARE_RENDITION),
            )[:FEED_LENGTH]
        )
        return self.index

    def title(self, obj):
        if self.topic:
            return f"{self.topic.name} — {obj.title}"
        return obj.title

    def link(self, obj):
        return obj.get_full_url(self.request)

    def feed_url(self, obj):
        # Django would add the request's Host header to the feed's own address.
        return absolute_url(self.request.get_full_path(), self.request)

    def description(self, obj):
        return obj.intro or _("News of new public spaces")

    def items(self, obj):
        return self.items_list

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return item.publication_date or item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        names = [author.person.name for author in item.authors.all()]
        return ", ".join(names) or None

    def item_enclosure_url(self, item):
        if item.lead_image:
            return absolute_url(item.lead_image.get_rendition(SHARE_RENDITION).url, self.request)
        return None

    def item_enclosure_length(self, item):
        if item.lead_image:
            try:
                return item.lead_image.get_rendition(SHARE_RENDITION).file.size
            except OSError:
                return 0
        return None

    def item_enclosure_mime_type(self, item):
        return "image/jpeg" if item.lead_image else None


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
