"""Who may change a translatable snippet depends on its language.

The taxonomies and the site texts exist once per language: the original (Russian) term and its
wagtail-localize translations. The team splits them as it splits the page trees: editors write
the Russian terms, translators the English ones, moderators and site managers every language's.
So a snippet's permission policy asks two things:

- the model's permission, as Wagtail does (``change_topic``, ``delete_topic``,
  ``publish_sitetexts`` …): what the user may do with such snippets; and
- for an instance, whether the user writes in its language: whether one of the user's groups
  may add, edit or publish pages in that language's tree.

The page trees already say who works in which language (home.editorial.roles sets them), so a
new language gets nobody's snippets until its tree is given to someone, as with its pages. The
model's permission alone still opens the model (its menu item, its listing, wagtail-localize's
"Translate"), as wagtail-localize's editor asks of a snippet. The snippet views check the
instance (``LanguageScopedViewMixin``); the reviewers of a snippet in a workflow reach its
editor as Wagtail lets them, whatever its language.
"""

from django.utils.functional import cached_property

from wagtail.models import GroupPagePermission
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy

# The actions whose right depends on the instance's language.
SCOPED_ACTIONS = {"change", "delete", "publish", "unpublish"}
PAGE_WRITING = ("add_page", "change_page", "publish_page")


def writing_languages(user):
    """The ids of the locales whose page tree the user writes in (adds, edits or publishes
    pages somewhere in it). Cached on the user object, as Django caches permissions."""
    if not user.is_active or user.is_anonymous:
        return frozenset()
    cached = getattr(user, "_portal_writing_languages", None)
    if cached is None:
        cached = frozenset(
            GroupPagePermission.objects.filter(
                group__in=user.groups.all(),
                permission__content_type__app_label="wagtailcore",
                permission__codename__in=PAGE_WRITING,
            )
            .values_list("page__locale_id", flat=True)
            .distinct()
        )
        user._portal_writing_languages = cached
    return cached


def writes_in(user, locale_id):
    return user.is_superuser or locale_id in writing_languages(user)


class LanguagePermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, and for an instance the user's languages."""

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        locale_id = getattr(instance, "locale_id", None)
        if action not in SCOPED_ACTIONS or locale_id is None:
            return True
        return writes_in(user, locale_id)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(
            self.user_has_permission_for_instance(user, action, instance) for action in actions
        )

    def instances_user_has_any_permission_for(self, user, actions):
        instances = self.model._default_manager.all()
        if not self.user_has_any_permission(user, actions):
            return instances.none()
        if user.is_superuser or not set(actions) <= SCOPED_ACTIONS:
            return instances
        return instances.filter(locale_id__in=writing_languages(user))


class LanguageScopedViewMixin:
    """For a snippet view with an instance (edit, delete): the policy is asked about the
    instance, so a translator's 403 on a Russian term comes from the view itself."""

    def user_has_permission(self, permission):
        allowed = super().user_has_permission(permission)
        instance = getattr(self, "object", None)
        if not allowed or permission not in SCOPED_ACTIONS or not getattr(instance, "pk", None):
            return allowed
        if self.permission_policy.user_has_permission_for_instance(
            self.request.user, permission, instance
        ):
            return True
        # The reviewers of the current step open the editor as Wagtail lets them.
        task = self._current_task
        return (
            permission == "change"
            and task is not None
            and task.user_can_access_editor(instance, self.request.user)
        )

    @cached_property
    def _current_task(self):
        return getattr(self.object, "current_workflow_task", None)


class LanguageScopedIndexMixin:
    """A snippet listing links to the editor (and offers delete) only where the user may."""

    def _may(self, action, instance):
        return self.permission_policy.user_has_permission_for_instance(
            self.request.user, action, instance
        )

    def get_edit_url(self, instance):
        return super().get_edit_url(instance) if self._may("change", instance) else None

    def get_delete_url(self, instance):
        return super().get_delete_url(instance) if self._may("delete", instance) else None


class LanguageScopedCreateMixin:
    """A snippet is added only in a language the user writes in (the add view's ``?locale=``):
    in the others it begins as a translation ("Translate" on the original)."""

    def user_has_permission(self, permission):
        allowed = super().user_has_permission(permission)
        locale = getattr(self, "locale", None)
        if not allowed or permission != "add" or locale is None:
            return allowed
        return writes_in(self.request.user, locale.pk)


def translatable_snippets():
    from portal.models import City, Format, Organisation, Person, SiteTexts, SpaceType, Topic

    return (Topic, Format, SpaceType, City, Organisation, Person, SiteTexts)


def register_policies():
    for model in translatable_snippets():
        register_permission_policy(model, LanguagePermissionPolicy(model))


def may(user, action, instance):
    """Whether ``user`` may ``action`` (change, delete, publish …) this snippet."""
    return policy_registry.get_by_type(type(instance)).user_has_permission_for_instance(
        user, action, instance
    )
