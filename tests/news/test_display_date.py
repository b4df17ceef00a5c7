"""The date a news item shows is stored with it: the listings sort by it, in both languages,
and it follows the editor's publication date, a scheduled go-live and a later edit."""

import datetime
import importlib
import zoneinfo

from django.apps import apps
from django.core.management import call_command

import pytest
import time_machine

from news.models import NewsPage
from tests.factories.news import NewsIndexPageFactory, NewsPageFactory

MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")
NOON = datetime.datetime(2026, 12, 2, 12, tzinfo=MOSCOW)


@pytest.fixture(params=["ru", "en"])
def index(request, home, home_en):
    parent = home if request.param == "ru" else home_en
    return NewsIndexPageFactory(parent=parent)


def titles_in_order(client, index, *titles):
    html = client.get(index.url).content.decode()
    positions = [html.index(title) for title in titles]
    return positions == sorted(positions)


def test_the_editors_date_wins_over_the_publishing_time(client, index):
    with time_machine.travel(NOON, tick=False):
        backdated = NewsPageFactory(
            parent=index,
            title="Archive report",
            publication_date=NOON - datetime.timedelta(days=30),
        )
        undated = NewsPageFactory(parent=index, title="Fresh note", publication_date=None)
        undated.save_revision().publish()
    undated.refresh_from_db()

    assert undated.display_date == undated.first_published_at
    assert backdated.display_date == NOON - datetime.timedelta(days=30)
    assert titles_in_order(client, index, "Fresh note", "Archive report")


def test_a_scheduled_item_is_dated_when_it_goes_live(client, index):
    NewsPageFactory(parent=index, title="Earlier news", publication_date=NOON)
    with time_machine.travel(NOON, tick=False):
        item = NewsPageFactory(
            parent=index, title="Planned story", publication_date=None, live=False
        )
        item.go_live_at = NOON + datetime.timedelta(days=1)
        item.save_revision().publish()
    assert "Planned story" not in client.get(index.url).content.decode()

    with time_machine.travel(NOON + datetime.timedelta(days=1, minutes=1), tick=False):
        call_command("publish_scheduled")
    item.refresh_from_db()

    assert item.live
    assert item.display_date >= NOON + datetime.timedelta(days=1)
    assert titles_in_order(client, index, "Planned story", "Earlier news")


def test_changing_the_date_in_a_new_revision_moves_the_item(client, index):
    first = NewsPageFactory(parent=index, title="Item one", publication_date=NOON)
    NewsPageFactory(parent=index, title="Item two", publication_date=NOON + datetime.timedelta(1))
    assert titles_in_order(client, index, "Item two", "Item one")

    first = NewsPage.objects.get(pk=first.pk)
    first.publication_date = NOON + datetime.timedelta(days=2)
    first.save_revision().publish()

    assert titles_in_order(client, index, "Item one", "Item two")


def test_the_migration_fills_the_date_of_existing_items(home):
    index = NewsIndexPageFactory(parent=home)
    dated = NewsPageFactory(parent=index, publication_date=NOON)
    undated = NewsPageFactory(parent=index, publication_date=None)
    NewsPage.objects.filter(pk=undated.pk).update(first_published_at=NOON - datetime.timedelta(1))
    NewsPage.objects.update(display_date=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
    migration = importlib.import_module("news.migrations.0004_news_display_date")

    migration.fill_display_date(apps, None)

    dated.refresh_from_db()
    undated.refresh_from_db()
    assert dated.display_date == NOON
    assert undated.display_date == NOON - datetime.timedelta(days=1)
