"""Who may do what: the team's groups and their permissions, scoped to language trees.

- Editors write in every section of the Russian tree: they create and edit drafts and submit
  them for moderation, never publish; they manage images and documents and add (not delete)
  the Russian taxonomy terms, and read the search reports.
- Moderators review, approve or request changes, publish, unpublish and schedule in every
  language's tree; they correct taxonomy terms in every language and review the site texts'
  translations (approving one publishes it).
- The chief editor is the news' second step: publishes news in every language.
- Translators work in the English tree only (create and edit, not publish) and may start a
  translation of a Russian page, taxonomy term or of the site texts; they change the English
  terms and the English site texts (drafts, submitted for review), never the Russian ones.
- Site managers look after the taxonomies, the site texts (the footer: they edit and publish
  them in every language), redirects, users and reports, and may edit (not publish) any page
  for the site's navigation.

Page permissions sit on each language's home page or on its section pages (the home page's
children), never on the tree's root, so a new language gets nobody's rights until it is set up.
The taxonomy terms and site texts of a language are changed only by who writes that language's
pages (portal.permissions): the page permissions below scope the snippet permissions too.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page

from news.api import news_index_pages
from portal.i18n import home_paths

ADMIN = "wagtailadmin.access_admin"

PAGE_WRITE = ("add_page", "change_page")
PAGE_PUBLISH = (*PAGE_WRITE, "publish_page", "lock_page", "unlock_page")

TAXONOMIES = ("topic", "format", "spacetype", "city", "organisation", "person")
TERMS_WRITE = tuple(f"portal.{verb}_{model}" for model in TAXONOMIES for verb in ("add", "change"))
TERMS_ALL = (*TERMS_WRITE, *(f"portal.delete_{model}" for model in TAXONOMIES))
# Translators change the English terms (portal.permissions keeps them off the Russian ones); a
# translation begins with "Translate" on the Russian term, so they add none.
TERMS_CHANGE = tuple(f"portal.change_{model}" for model in TAXONOMIES)
SEARCH_REPORTS = ("portal.view_unansweredsearch",)
# The footer's texts: one set a language, made by setup_portal and by translation, so nobody
# adds or deletes them. Translators change the translated sets in wagtail-localize's editor,
# save drafts and submit them for review; moderators review and publish them (approving one
# publishes it); site managers edit and publish every language's.
SITE_TEXTS_CHANGE = ("portal.change_sitetexts",)
SITE_TEXTS_PUBLISH = (*SITE_TEXTS_CHANGE, "portal.publish_sitetexts")

MEDIA_WRITE = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
MEDIA_ALL = (*MEDIA_WRITE, "wagtailimages.delete_image", "wagtaildocs.delete_document")
MEDIA_CHOOSE = (
    "wagtailimages.add_image",  # a translation may replace an image that holds words
    "wagtailimages.choose_image",
    "wagtaildocs.choose_document",
)

# Where a role's page permissions sit, for a language: its home page, its sections, its news.
HOME, SECTIONS, NEWS = "home", "sections", "news"
# Which languages: the one the team writes in, those it translates into, or every one.
ORIGINAL, TRANSLATED, EVERY = "original", "translated", "every"


@dataclass(frozen=True)
class Role:
    key: str
    name: str  # stored in Russian, the team's language (group names are data, not interface)
    legacy_names: tuple = ()  # Wagtail's default groups, taken over rather than duplicated
    permissions: tuple = (ADMIN,)
    pages: dict = field(default_factory=dict)  # which languages -> (where, page permissions)
    media: tuple = ()


EDITORS = Role(
    key="editors",
    name="Редакторы",
    legacy_names=("Editors",),
    permissions=(ADMIN, *TERMS_WRITE, *SEARCH_REPORTS),
    pages={ORIGINAL: (SECTIONS, PAGE_WRITE)},
    media=MEDIA_WRITE,
)
MODERATORS = Role(
    key="moderators",
    name="Модераторы",
    legacy_names=("Moderators",),
    permissions=(
        ADMIN,
        *TERMS_WRITE,
        *SITE_TEXTS_PUBLISH,
        *SEARCH_REPORTS,
        "wagtail_localize.submit_translation",
    ),
    pages={EVERY: (HOME, PAGE_PUBLISH)},
    media=MEDIA_ALL,
)
CHIEF_EDITOR = Role(
    key="chief_editor",
    name="Главный редактор",
    permissions=(ADMIN, *SEARCH_REPORTS),
    pages={EVERY: (NEWS, PAGE_PUBLISH)},
    media=MEDIA_WRITE,
)
TRANSLATORS = Role(
    key="translators",
    name="Переводчики",
    permissions=(
        ADMIN,
        *TERMS_CHANGE,
        *SITE_TEXTS_CHANGE,
        "wagtail_localize.submit_translation",
    ),
    pages={TRANSLATED: (HOME, PAGE_WRITE)},
    media=MEDIA_CHOOSE,
)
SITE_MANAGERS = Role(
    key="site_managers",
    name="Менеджеры сайта",
    permissions=(
        ADMIN,
        *TERMS_ALL,
        *SEARCH_REPORTS,
        *SITE_TEXTS_PUBLISH,
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.view_user",
    ),
    pages={EVERY: (HOME, ("change_page",))},
    media=MEDIA_ALL,
)

ROLES = (EDITORS, MODERATORS, CHIEF_EDITOR, TRANSLATORS, SITE_MANAGERS)


def ensure_roles():
    """Create or correct every role's group. Returns ({role key: group}, [changes])."""
    changes = []
    groups = {}
    for role in ROLES:
        group, created = _group_for(role)
        if created:
            changes.append(f"Created the group «{role.name}».")
        if _sync_model_permissions(group, role) | _sync_page_permissions(group, role):
            changes.append(f"Set the permissions of «{role.name}».")
        if _sync_collection_permissions(group, role):
            changes.append(f"Set the image and document permissions of «{role.name}».")
        groups[role.key] = group
    return groups, changes


def _group_for(role):
    group = Group.objects.filter(name=role.name).first()
    if group is None and role.legacy_names:
        group = Group.objects.filter(name__in=role.legacy_names).first()
        if group is not None:
            group.name = role.name
            group.save(update_fields=["name"])
            return group, True
    if group is None:
        return Group.objects.create(name=role.name), True
    return group, False


# Permissions that a migration creates as data, not a model's Meta: an emptied database (a
# flushed test database, a restored dump) loses them and nothing else makes them again.
# (app label, codename) -> (the content type's model, the permission's name), as the migration has.
MIGRATION_PERMISSIONS = {
    ("wagtail_localize", "submit_translation"): ("translation", "Can submit translations"),
}


def _recreate(key):
    app_label, codename = key
    model, name = MIGRATION_PERMISSIONS[key]
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _permissions(labels):
    wanted = set()
    for label in labels:
        app_label, codename = label.split(".")
        wanted.add((app_label, codename))
    found = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.select_related("content_type").filter(
            codename__in={codename for _app, codename in wanted}
        )
    }
    for key in (wanted - found.keys()) & MIGRATION_PERMISSIONS.keys():
        found[key] = _recreate(key)
    missing = wanted - found.keys()
    if missing:
        raise LookupError(f"Unknown permissions: {sorted('.'.join(m) for m in missing)}")
    return {found[key] for key in wanted}


def _sync_model_permissions(group, role):
    wanted = _permissions(role.permissions)
    current = set(group.permissions.all())
    if current == wanted:
        return False
    group.permissions.set(wanted)
    return True


def language_homes():
    """{locale id: home page} of every language, live or not: the site's root page and its
    translations, as the rest of the portal finds them (never any page at the top)."""
    return {
        page.locale_id: page for page in Page.objects.filter(url_path__in=home_paths().values())
    }


def _pages_for(where, locale, homes):
    home = homes.get(locale.pk)
    if home is None:
        return []
    if where == HOME:
        return [home]
    if where == SECTIONS:
        return list(home.get_children())
    return [page for page in news_index_pages() if page.locale_id == locale.pk]


def _sync_page_permissions(group, role):
    wanted = set()
    homes = language_homes()
    for languages, (where, codenames) in role.pages.items():
        locales = Locale.objects.all()
        if languages == ORIGINAL:
            locales = locales.filter(language_code=settings.LANGUAGE_CODE)
        elif languages == TRANSLATED:
            locales = locales.exclude(language_code=settings.LANGUAGE_CODE)
        permissions = _permissions(f"wagtailcore.{codename}" for codename in codenames)
        for locale in locales:
            for page in _pages_for(where, locale, homes):
                wanted |= {(page.pk, permission.pk) for permission in permissions}
    current = set(
        GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission_id")
    )
    if current == wanted:
        return False
    stale = current - wanted
    for page_id, permission_id in stale:
        GroupPagePermission.objects.filter(
            group=group, page_id=page_id, permission_id=permission_id
        ).delete()
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page_id=page_id, permission_id=permission_id)
        for page_id, permission_id in wanted - current
    )
    return True


def _root_collection():
    """Where the team's image and document rights sit. Wagtail's migrations create it; an
    emptied database (a flushed test database, a restored dump) has lost it."""
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def _sync_collection_permissions(group, role):
    root = _root_collection()
    wanted = {(root.pk, permission.pk) for permission in _permissions(role.media)}
    current = set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection_id", "permission_id"
        )
    )
    if current == wanted:
        return False
    for collection_id, permission_id in current - wanted:
        GroupCollectionPermission.objects.filter(
            group=group, collection_id=collection_id, permission_id=permission_id
        ).delete()
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection_id=cid, permission_id=pid)
        for cid, pid in wanted - current
    )
    return True
