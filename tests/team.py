"""The publishing team for admin tests: its groups with their page rights, the editorial
workflow on each language's tree, one user a role, and a submission for review.

The groups, their rights and the workflows are the portal's own (``home.editorial``).
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group

from wagtail.models import GroupApprovalTask

from home.editorial import ensure_team
from home.editorial.roles import EDITORS, MODERATORS, SITE_MANAGERS, TRANSLATORS
from home.editorial.workflows import MODERATOR_TASK


@dataclass
class Team:
    editor: object  # writes Russian pages, submits them for review
    other_editor: object
    moderator: object  # reviews and publishes in both trees
    translator: object  # edits the English tree only, starts translations
    manager: object  # edits every page, reads the reports, publishes nothing
    moderators: Group
    task: GroupApprovalTask


def make_team(django_user_model):
    """The team as ``setup_portal`` builds it, for the sections that exist now (make them
    first, or call ``ensure_team()`` again after), and one member of each role."""
    ensure_team()
    editors, moderators, translators, managers = (
        Group.objects.get(name=role.name)
        for role in (EDITORS, MODERATORS, TRANSLATORS, SITE_MANAGERS)
    )
    task = GroupApprovalTask.objects.get(name=MODERATOR_TASK)

    def user(username, first_name, last_name, groups):
        member = django_user_model.objects.create_user(
            username,
            f"{username}@example.org",
            "pw",
            first_name=first_name,
            last_name=last_name,
        )
        member.groups.set(groups)
        return member

    return Team(
        editor=user("editor", "Анна", "Редакторова", [editors]),
        other_editor=user("editor2", "Борис", "Другой", [editors]),
        moderator=user("moderator", "Мария", "Модераторова", [moderators]),
        translator=user("translator", "Тимофей", "Переводчиков", [translators]),
        manager=user("manager", "Света", "Менеджерова", [managers]),
        moderators=moderators,
        task=task,
    )


def submit(page, user):
    """What "Submit for moderation" does: a revision by ``user`` enters the page's workflow."""
    page.save_revision(user=user)
    return page.get_workflow().start(page, user)
