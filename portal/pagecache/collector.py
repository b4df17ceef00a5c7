"""What the page being rendered shows, written down as tags (one collector per request)."""

import contextvars
import datetime

from django.db.models.signals import post_init

_current = contextvars.ContextVar("portal_pagecache_collector", default=None)


class Collector:
    def __init__(self):
        self.tags = set()
        self.filters = []  # the listing filters that read the query string
        self.page_numbers = set()  # the page numbers the listings showed
        self.expires = None  # the earliest instant something shown changes by itself
        self.uncacheable = False

    def expire_at(self, when):
        if self.expires is None or when < self.expires:
            self.expires = when


def start():
    collector = Collector()
    return collector, _current.set(collector)


def stop(token):
    _current.reset(token)


def current():
    return _current.get()


def record(*tags):
    collector = _current.get()
    if collector is not None:
        collector.tags.update(tags)


def record_filter(form):
    """A listing filter read the query string: its fields are the parameters the page uses."""
    collector = _current.get()
    if collector is not None:
        collector.filters.append(form)


def record_page_number(number):
    collector = _current.get()
    if collector is not None:
        collector.page_numbers.add(number)


def expire_at(when):
    """What is shown changes by itself at ``when`` (an aware datetime): an event begins or ends."""
    collector = _current.get()
    if collector is not None and isinstance(when, datetime.datetime):
        collector.expire_at(when)


def uncacheable():
    """This answer must not be stored (it depends on more than its address)."""
    collector = _current.get()
    if collector is not None:
        collector.uncacheable = True


def listing_tag(model, locale_id):
    """The tag of "the visible pages of ``model`` in a locale"."""
    return f"list:{model._meta.label_lower}:{locale_id}"


def locale_tag(locale_id):
    """The tag of what every page of a locale shows: its home, its main menu."""
    return f"locale:{locale_id}"


def page_tag(page_id):
    return f"page:{page_id}"


def image_tag(image_id):
    return f"image:{image_id}"


def model_tag(model, pk):
    return f"{model._meta.label_lower}:{pk}"


def all_tag(model):
    """The tag of "every object of ``model``": a facet listing them all, changed by a new one."""
    return f"all:{model._meta.label_lower}"


# The models whose loaded objects are recorded, and how: filled by ``track()`` at start-up.
_kinds = {}


def _kind(cls):
    try:
        return _kinds[cls]
    except KeyError:
        pass
    from wagtail.images.models import AbstractImage, AbstractRendition
    from wagtail.models import Page

    kind = None
    if issubclass(cls, Page):
        kind = "page"
    elif issubclass(cls, AbstractRendition):
        kind = "rendition"
    elif issubclass(cls, AbstractImage):
        kind = "image"
    else:
        for tracked in _tracked:
            if issubclass(cls, tracked):
                kind = "model"
                break
    _kinds[cls] = kind
    return kind


_tracked = []


def _loaded(sender, instance, **kwargs):
    collector = _current.get()
    if collector is None:
        return
    kind = _kinds.get(sender) or _kind(sender)
    if kind is None:
        return
    values = instance.__dict__  # never a deferred field: reading one would query
    if kind == "rendition":
        image_id = values.get("image_id")
        if image_id is not None:
            collector.tags.add(image_tag(image_id))
        return
    pk = values.get(instance._meta.pk.attname)
    if pk is None:
        return
    if kind == "page":
        collector.tags.add(page_tag(pk))
    elif kind == "image":
        collector.tags.add(image_tag(pk))
    else:
        model = instance._meta.concrete_model
        collector.tags.add(model_tag(model, pk))
        collector.tags.add(all_tag(model))


def track(models):
    """Record every object of ``models`` (snippets, documents, settings) a page loads; pages,
    images and renditions are always recorded."""
    _tracked.extend(models)
    _kinds.clear()
    post_init.connect(_loaded, dispatch_uid="portal_pagecache_loaded")
