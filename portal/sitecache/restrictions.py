"""The sections readers cannot see without a password, a login or a group: read once per
generation, then every check is a comparison of tree paths (a page is restricted when a
restricted page's path begins its own, as ``PageQuerySet.public()`` decides)."""

from django.db.models import Q

from wagtail.models import CollectionViewRestriction, PageViewRestriction

from .store import cached


def restricted_paths(request=None):
    """{tree path of a restricted page: [ids of its restrictions]}."""

    def build():
        found = {}
        for restriction_id, path in PageViewRestriction.objects.values_list("pk", "page__path"):
            found.setdefault(path, []).append(restriction_id)
        return found

    return cached("restrictions", build, request)


def restrictions_of(path, request=None):
    """The ids of the restrictions that apply to the page at ``path`` (its own and its
    ancestors')."""
    return [
        restriction_id
        for restricted, ids in restricted_paths(request).items()
        if path.startswith(restricted)
        for restriction_id in ids
    ]


def is_public(path, request=None):
    return not restrictions_of(path, request)


def private_q(request=None):
    """Pages in a restricted section; matches nothing when there is none."""
    q = Q()
    for path in restricted_paths(request):
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def public(queryset, request=None):
    """``queryset.public()`` without reading the restrictions again."""
    return queryset.exclude(private_q(request))


def restricted_collection_paths(request=None):
    """Tree paths of the collections whose documents need a password, a login or a group
    (a collection under one of them is restricted too)."""

    def build():
        return sorted(
            set(CollectionViewRestriction.objects.values_list("collection__path", flat=True))
        )

    return cached("collection-restrictions", build, request)
