"""The publishing team for admin tests: its groups with their page rights, the editorial
workflow on each language's tree, one user a role, and a submission for review.

Groups and the workflow carry the names the portal's set-up gives them, and are taken over
when they exist already, so the tests hold with or without it.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission

from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.models import HomePage

EDITORS, MODERATORS, TRANSLATORS, SITE_MANAGERS = (
    "Редакторы",
    "Модераторы",
    "Переводчики",
    "Менеджеры сайта",
)
REVIEW, MODERATOR_TASK = "Редакционная проверка", "Проверка модератором"


def permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group(name, permissions=(), pages=()):
    """The group ``name`` with exactly these model permissions and, on each of ``pages``
    (page, page codenames), those page permissions."""
    found, _created = Group.objects.get_or_create(name=name)
    found.permissions.set(
        [permission(label) for label in ("wagtailadmin.access_admin", *permissions)]
    )
    GroupPagePermission.objects.filter(group=found).delete()
    for page, codenames in pages:
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=found, page=page, permission=permission(f"wagtailcore.{codename}")
            )
    return found


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
    ru = HomePage.objects.get(locale__language_code="ru")
    en = HomePage.objects.get(locale__language_code="en")
    write, publish = ("add_page", "change_page"), ("add_page", "change_page", "publish_page")
    editors = group(EDITORS, ["portal.view_unansweredsearch"], [(ru, write)])
    moderators = group(
        MODERATORS,
        ["portal.view_unansweredsearch", "wagtail_localize.submit_translation"],
        [(ru, publish), (en, publish)],
    )
    translators = group(TRANSLATORS, ["wagtail_localize.submit_translation"], [(en, write)])
    managers = group(
        SITE_MANAGERS,
        ["portal.view_unansweredsearch"],
        [(ru, ["change_page"]), (en, ["change_page"])],
    )

    task, _created = GroupApprovalTask.objects.get_or_create(name=MODERATOR_TASK)
    task.groups.set([moderators])
    workflow, _created = Workflow.objects.get_or_create(name=REVIEW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for home in (ru, en):
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})

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
