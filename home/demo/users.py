"""The demo's team: one login per role, for trying the admin as each of them would.

Development only: nothing is created when the settings have no demo password (production).
"""

from django.conf import settings
from django.contrib.auth import get_user_model

from wagtail.users.models import UserProfile

from home.editorial.roles import (
    CHIEF_EDITOR,
    EDITORS,
    MODERATORS,
    SITE_MANAGERS,
    TRANSLATORS,
)

# (login, role, first name, last name)
TEAM = (
    ("editor", EDITORS, "Анна", "Редакторова"),
    ("moderator", MODERATORS, "Борис", "Модестов"),
    ("chief", CHIEF_EDITOR, "Вера", "Главная"),
    ("translator", TRANSLATORS, "Глеб", "Переводов"),
    ("manager", SITE_MANAGERS, "Дарья", "Управлина"),
)


def demo_password():
    return getattr(settings, "DEMO_ADMIN_PASSWORD", None)


def ensure_demo_team(groups):
    """Create the demo administrator and one member per role where missing. Returns the
    [(login, password, role name)] to print, empty when the settings allow no demo login."""
    password = demo_password()
    if not password:
        return []
    user_model = get_user_model()
    logins = []
    admin_name = settings.DEMO_ADMIN_USERNAME
    if not user_model.objects.filter(username=admin_name).exists():
        user_model.objects.create_superuser(
            username=admin_name, email="admin@example.org", password=password
        )
    logins.append((admin_name, password, "администратор (все права)"))
    for login, role, first_name, last_name in TEAM:
        user = user_model.objects.filter(username=login).first()
        if user is None:
            user = user_model.objects.create_user(
                username=login,
                email=f"{login}@example.org",
                password=password,
                first_name=first_name,
                last_name=last_name,
            )
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = settings.LANGUAGE_CODE
            profile.save(update_fields=["preferred_language"])
        user.groups.add(groups[role.key])
        logins.append((login, password, role.name))
    return logins
