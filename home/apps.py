from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        post_save.connect(scope_roles_to_new_section, dispatch_uid="home_scope_roles")


def scope_roles_to_new_section(sender, instance, created=False, raw=False, **kwargs):
    """A section added under a language's home page (or a language's home itself) gets the
    team's permissions and workflows at once, not at the next ``setup_portal``."""
    from wagtail.models import Page

    if not created or raw or not isinstance(instance, Page) or instance.depth not in (2, 3):
        return
    from home.editorial import ensure_team

    transaction.on_commit(ensure_team)
