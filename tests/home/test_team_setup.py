"""setup_portal puts the team in place: five groups scoped to language trees, two workflows on
both trees, Wagtail's defaults taken over rather than left beside them; twice changes nothing."""

import io

from django.contrib.auth.models import Group
from django.core.management import call_command

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    WorkflowPage,
)

import pytest

from home.editorial import ensure_team
from home.editorial.roles import ROLES
from home.editorial.workflows import NEWS_REVIEW, REVIEW
from portal.translation.translate import translate_object
from tests.factories.news import NewsIndexPageFactory
from tests.factories.resources import CentreIndexPageFactory


@pytest.fixture
def sections(home, locales):
    news = NewsIndexPageFactory(parent=home)
    centres = CentreIndexPageFactory(parent=home)
    news_en = translate_object(news, locales["en"], NewsIndexPageFactory.build(title="News"))
    ensure_team()
    return {"news": news, "centres": centres, "news_en": news_en}


def setup_output():
    out = io.StringIO()
    call_command("setup_portal", stdout=out)
    return out.getvalue()


def test_the_team_groups_replace_wagtails_defaults(db):
    names = set(Group.objects.values_list("name", flat=True))

    assert {role.name for role in ROLES} <= names
    assert not names & {"Editors", "Moderators"}


def test_no_group_holds_rights_on_the_tree_root(sections):
    root = Page.get_first_root_node()

    assert not GroupPagePermission.objects.filter(page=root).exists()


def test_editors_write_in_the_russian_sections_only(sections, home, home_en):
    editors = Group.objects.get(name="Редакторы")
    rights = set(
        GroupPagePermission.objects.filter(group=editors).values_list(
            "page_id", "permission__codename"
        )
    )

    assert rights == {
        (page.pk, codename)
        for page in (sections["news"], sections["centres"])
        for codename in ("add_page", "change_page")
    }


def test_every_language_has_the_review_and_news_have_two_steps(sections, home, home_en):
    links = dict(WorkflowPage.objects.values_list("page_id", "workflow__name"))

    assert links == {
        home.pk: REVIEW,
        home_en.pk: REVIEW,
        sections["news"].pk: NEWS_REVIEW,
        sections["news_en"].pk: NEWS_REVIEW,
    }
    assert [task.name for task in sections["news_en"].get_workflow().tasks] == [
        "Проверка модератором",
        "Утверждение главным редактором",
    ]


def test_setup_portal_again_changes_nothing(sections):
    permissions = set(GroupPagePermission.objects.values_list("group_id", "page_id", "permission"))

    output = setup_output()

    assert "Set " not in output and "Created " not in output
    assert (
        set(GroupPagePermission.objects.values_list("group_id", "page_id", "permission"))
        == permissions
    )


def test_a_hand_edited_role_is_reset(sections):
    editors = Group.objects.get(name="Редакторы")
    GroupPagePermission.objects.create(
        group=editors, page=Page.get_first_root_node(), permission_id=_publish_permission()
    )

    output = setup_output()

    assert "Set the permissions of «Редакторы»." in output
    assert not GroupPagePermission.objects.filter(
        group=editors, permission__codename="publish_page"
    ).exists()


def _publish_permission():
    from django.contrib.auth.models import Permission

    return Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page").pk


def test_the_team_is_set_up_again_on_an_emptied_database(db):
    """What a flush leaves: no root collection, no permission that only a migration made."""
    from django.contrib.auth.models import Permission

    Collection.objects.all().delete()
    Permission.objects.filter(codename="submit_translation").delete()

    setup_output()

    root = Collection.get_first_root_node()
    assert GroupCollectionPermission.objects.filter(
        collection=root, group__name="Редакторы", permission__codename="add_image"
    ).exists()
    assert (
        Group.objects.get(name="Переводчики")
        .permissions.filter(
            content_type__app_label="wagtail_localize", codename="submit_translation"
        )
        .exists()
    )
