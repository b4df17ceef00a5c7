"""Pages written to the database in bulk: tree positions computed here, one INSERT per table and
batch instead of one ``add_child`` (a dozen queries and signals) per page.

Django's ``bulk_create`` refuses models with multi-table inheritance, and every Wagtail page is
one: a ``wagtailcore_page`` row plus a row of its own type's table that shares its id. So the
rows go in table by table, parents first, with the manager's ``_insert`` (what ``Model.save``
itself uses for one row), and the ids PostgreSQL returns for the page rows become the
``page_ptr_id`` of the child rows.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from wagtail.models import Page

BATCH = 1000


def tree_tables(model):
    """The concrete models whose tables hold a ``model`` row: ``Page`` first."""
    return [*reversed(model._meta.get_parent_list()), model]


class Placer:
    """Hands out the next free tree positions under one parent page."""

    def __init__(self, parent):
        self.parent = parent
        last = parent.get_children().order_by("-path").values_list("path", flat=True).first()
        self.next_step = Page._str2int(last[-Page.steplen :]) + 1 if last else 1

    def place(self, page):
        page.path = Page._get_path(self.parent.path, self.parent.depth + 1, self.next_step)
        page.depth = self.parent.depth + 1
        page.numchild = 0
        page.url_path = f"{self.parent.url_path}{page.slug}/"
        self.next_step += 1


def prepare(page, parent_placer, locale, translation_key, published_at):
    """Every column Wagtail's own publishing would fill, for a live page with no revision."""
    parent_placer.place(page)
    page.locale = locale
    page.translation_key = translation_key
    page.content_type = ContentType.objects.get_for_model(type(page))
    page.draft_title = page.title
    page.live = True
    page.has_unpublished_changes = False
    page.first_published_at = published_at
    page.last_published_at = published_at
    page.latest_revision_created_at = published_at
    return page


def insert(pages):
    """Insert pages of one type (prepared above) with one statement per table and batch."""
    if not pages:
        return
    model = type(pages[0])
    tables = tree_tables(model)
    for start in range(0, len(pages), BATCH):
        batch = pages[start : start + BATCH]
        for table in tables:
            fields = table._meta.local_concrete_fields
            if table is Page:
                fields = [field for field in fields if not field.primary_key]
                ids = table._base_manager._insert(
                    batch, fields=fields, returning_fields=[table._meta.pk], using=connection.alias
                )
                for page, (page_id,) in zip(batch, ids, strict=True):
                    page.pk = page.id = page_id
                    page._state.adding = False
                    page._state.db = connection.alias
            else:
                for page in batch:
                    for link in table._meta.parents.values():
                        setattr(page, link.attname, page.id)
                table._base_manager._insert(batch, fields=fields, using=connection.alias)


def fix_numchild(parents):
    """A parent's ``numchild`` is its number of children, whatever was inserted under it."""
    for parent in parents:
        count = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).count()
        Page.objects.filter(pk=parent.pk).update(numchild=count)
        parent.numchild = count
