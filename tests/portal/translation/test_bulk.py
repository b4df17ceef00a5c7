"""The report's bulk actions «Перевести выбранные» and «Синхронизировать выбранные»: chosen with
the rows' boxes in the real report, run as background tasks (immediate in the tests), followed
on the job's page; nothing goes live in English, a live English text stays as it was."""

from django.test import Client
from django.urls import reverse

from wagtail.models import Locale, Page

import pytest
import time_machine
from bs4 import BeautifulSoup

from portal.models import SiteTexts, Topic, TranslationJob
from portal.translation.bulk import run_translation_job
from tests.helpers import refused, rolled_back_after
from tests.portal.translation.status_site import NOW, URL, build_status_site, russian

pytestmark = pytest.mark.django_db

BULK_URL = "/admin/reports/translations/bulk/"


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    with rolled_back_after(django_db_blocker):
        with django_db_blocker.unblock():
            built = build_status_site()
        yield built


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def en():
    return Locale.objects.get(language_code="en")


def report_form(client, user, **params):
    """The report's form as the browser has it: its action, hidden fields and rows' boxes."""
    client.force_login(user)
    response = client.get(URL, params)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    form = html.find("form", class_="translation-status-bulk")
    hidden = {field["name"]: field["value"] for field in form.find_all("input", type="hidden")}
    boxes = {
        row.find_all("td")[1].get_text(" ", strip=True): row.find("input", type="checkbox")
        for row in form.select("tbody tr")
    }
    return form["action"], hidden, boxes


def press(client, user, button, titles, **params):
    """Check the rows ``titles`` in the report (filtered by ``params``) and press ``button``."""
    action, hidden, boxes = report_form(client, user, **params)
    buttons = {
        b.get_text(strip=True): b["value"]
        for b in BeautifulSoup(client.get(URL, params).content, "html.parser").select(
            "form.translation-status-bulk button[name=action]"
        )
    }
    data = {**hidden, "items": [boxes[title]["value"] for title in titles]}
    data["action"] = buttons[button]
    return client.post(action, data)


def states(client, **params):
    """{title: state} of the report's rows."""
    html = BeautifulSoup(client.get(URL, params).content, "html.parser")
    found = {}
    for row in html.select("tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        found[cells[1]] = cells[4]
    return found


def job_page(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"])
    assert page.status_code == 200
    return BeautifulSoup(page.content, "html.parser")


def test_translate_selected_makes_english_drafts_in_a_task(client, site, en):
    translator = site.team.translator
    new_section = russian(site.home, "Новый раздел")
    child = russian(new_section, "Страница нового раздела")
    response = press(
        client,
        translator,
        "Перевести выбранные",
        ["Без перевода", "Страница нового раздела"],
        state="missing",
    )
    html = job_page(client, response)
    job = TranslationJob.objects.get()
    assert (job.action, job.status, job.user) == ("translate", "finished", translator)
    assert job.total == job.done == 2 and job.failed == 0
    assert job.task_id  # handed to the task backend, not run in the view
    assert html.select_one(".translation-job-progress").get_text(strip=True) == "2 из 2"
    assert "Готово" in html.select_one(".translation-job-status").get_text()
    assert not html.find("meta", attrs={"http-equiv": "refresh"})
    back = html.find("a", string=lambda s: s and "Назад к статусу переводов" in s)
    assert back["href"] == f"{URL}?state=missing"
    # English drafts; the section, which had no English version, translated as a draft too
    # (not made an alias, a live copy of the Russian page): nothing live under /en/.
    for source in (site.pages["missing"], child, new_section):
        translated = source.get_translation(en)
        assert not translated.live and translated.alias_of is None
        assert Client().get(translated.get_url()).status_code == 404
    assert states(client, section=new_section.pk) == {
        "Новый раздел": "Черновик",
        "Страница нового раздела": "Черновик",
    }


def test_sync_selected_keeps_the_live_english_text_live(client, site, en):
    texts = site.site_texts
    texts.reuse_note = "Тексты можно брать с указанием автора."
    texts.save_revision().publish()
    english_texts = SiteTexts.objects.get(locale=en)
    english_note = english_texts.reuse_note
    stale = site.pages["out_of_date"]
    stale_en = stale.get_translation(en)
    assert Client().get(stale_en.get_url()).status_code == 200
    response = press(
        client,
        site.team.translator,
        "Синхронизировать выбранные",
        ["Устаревший перевод (новая редакция)", "Тексты сайта (Русский)"],
        state="out_of_date",
    )
    job_page(client, response)
    job = TranslationJob.objects.get()
    assert job.done == job.total == 2 and job.failed == 0, job.errors
    # The English page is live with its English text; the new Russian title waits in a draft.
    stale_en = Page.objects.get(pk=stale_en.pk).specific
    assert stale_en.live and stale_en.title == "Stale translation"
    assert stale_en.has_unpublished_changes
    assert stale_en.get_latest_revision().content["title"] == "Устаревший перевод (новая редакция)"
    public = Client().get(stale_en.get_url()).content.decode()
    assert "Stale translation" in public and "новая редакция" not in public
    # The English footer too.
    english_texts.refresh_from_db()
    assert english_texts.live and english_texts.reuse_note == english_note
    assert english_texts.get_latest_revision().content["reuse_note"] == texts.reuse_note
    assert english_note in Client().get("/en/").content.decode()
    # Synced but not published: still out of date in the report, for the translator to finish.
    assert states(client, state="out_of_date")["Устаревший перевод (новая редакция)"] == "Устарел"
    assert client.get(reverse("wagtailadmin_pages:edit", args=[stale_en.pk])).status_code == 200


def test_what_an_action_does_not_apply_to_is_left_out_with_a_reason(client, site):
    response = press(
        client,
        site.team.translator,
        "Синхронизировать выбранные",
        ["Актуальный перевод", "Без перевода", "Остановленный перевод", "Перевод на проверке"],
        section=site.section.pk,
    )
    html = job_page(client, response)
    job = TranslationJob.objects.get()
    assert [item["title"] for item in job.items] == ["Актуальный перевод"]
    assert job.done == job.total == 1
    text = html.get_text(" ")
    assert "Пропущено: «Без перевода». Английской версии ещё нет: сначала переведите." in text
    assert "Пропущено: «Остановленный перевод». Перевод остановлен:" in text
    assert "Пропущено: «Перевод на проверке». Английская версия на проверке:" in text


def test_translators_translate_topics_in_bulk(client, site, en):
    # Translators change the English terms (portal.permissions), so they translate them too.
    response = press(
        client,
        site.team.translator,
        "Перевести выбранные",
        ["Креативные кластеры"],
        section="portal.topic",
    )
    job_page(client, response)
    assert TranslationJob.objects.get().done == 1
    assert site.topics["missing"].get_translation(en).slug == "clusters"


def test_a_forged_id_gets_a_message_not_a_500(client, site, en):
    client.force_login(site.team.translator)
    english_page = site.pages["current"].get_translation(en)
    forged = [
        "page:999999999",
        "nonsense",
        "auth.user:1",
        f"page:{english_page.pk}",  # not a Russian page
        f"page:{Page.get_first_root_node().pk}",
        "page:1' OR 1=1",
    ]
    response = client.post(BULK_URL, {"action": "translate", "items": forged})
    assert response.status_code == 400
    body = response.content.decode()
    assert "6 из выбранных строк нет в отчёте" in body
    assert "Назад к статусу переводов" in body
    assert not TranslationJob.objects.exists()
    # One good row among forged ones: the job runs for it, the rest is said on its page.
    good = f"page:{site.pages['missing'].pk}"
    response = client.post(BULK_URL, {"action": "translate", "items": [good, *forged[:2]]})
    html = job_page(client, response)
    assert "2 из выбранных строк нет в отчёте" in html.get_text(" ")
    assert TranslationJob.objects.get().done == 1


def test_an_empty_choice_or_an_unknown_action_is_said_so(client, site):
    client.force_login(site.team.translator)
    response = client.post(BULK_URL, {"action": "translate"})
    assert response.status_code == 400
    assert "Выберите хотя бы одну строку отчёта." in response.content.decode()
    good = f"page:{site.pages['missing'].pk}"
    response = client.post(BULK_URL, {"action": "delete", "items": [good]})
    assert response.status_code == 400
    assert "Выберите «Перевести выбранные» или «Синхронизировать выбранные»." in (
        response.content.decode()
    )
    assert client.get(BULK_URL).status_code == 405  # POST only
    assert not TranslationJob.objects.exists()


def test_only_those_who_may_translate_run_and_see_jobs(client, site):
    job = TranslationJob.objects.create(action="sync", total=1, items=[])
    client.force_login(site.team.editor)
    good = f"page:{site.pages['missing'].pk}"
    assert refused(client.post(BULK_URL, {"action": "translate", "items": [good]}))
    assert refused(client.get(reverse("translation_job", args=[job.pk])))
    assert refused(client.get(reverse("translation_job_progress", args=[job.pk])))
    client.force_login(site.team.translator)
    assert client.get(reverse("translation_job", args=[job.pk + 1])).status_code == 404


def test_the_form_carries_its_csrf_token(site):
    browser = Client(enforce_csrf_checks=True)
    action, hidden, boxes = report_form(browser, site.team.translator, state="missing")
    item = boxes["Без перевода"]["value"]
    assert browser.post(action, {"action": "translate", "items": [item]}).status_code == 403
    response = browser.post(action, {**hidden, "action": "translate", "items": [item]})
    assert response.status_code == 302


def test_the_progress_page_refreshes_until_the_job_is_over(client, site):
    client.force_login(site.team.translator)
    job = TranslationJob.objects.create(
        user=site.team.translator,
        action="translate",
        total=3,
        items=[{"key": "page:1", "title": "Раз"}] * 3,
    )
    html = BeautifulSoup(
        client.get(reverse("translation_job", args=[job.pk])).content, "html.parser"
    )
    assert html.find("meta", attrs={"http-equiv": "refresh"})
    assert "Перевести выбранные" in html.title.get_text()
    assert "В очереди" in html.get_text()
    assert html.select_one(".translation-job-progress").get_text(strip=True) == "0 из 3"
    assert client.get(reverse("translation_job_progress", args=[job.pk])).json() == {
        "status": "queued",
        "total": 3,
        "done": 0,
        "failed": 0,
        "errors": [],
    }


def test_a_failure_is_recorded_for_its_item_and_the_rest_goes_on(client, site, en):
    gone = russian(site.section, "Удалённая страница")
    good = site.pages["missing"]
    job = TranslationJob.objects.create(
        user=site.team.translator,
        action="translate",
        total=3,
        items=[
            {"key": f"page:{gone.pk}", "title": gone.title},
            {"key": f"page:{good.pk}", "title": good.title},
            {"key": f"portal.topic:{site.topics['current'].pk}", "title": "Городская среда"},
        ],
    )
    gone.delete()
    run_translation_job.enqueue(job.pk)
    job.refresh_from_db()
    assert (job.status, job.done, job.failed) == ("finished", 3, 2)
    assert [error["message"] for error in job.errors] == [
        "Строки больше нет в отчёте: её удалили или сняли с публикации.",
        "Уже есть английская версия.",
    ]
    assert good.get_translation(en).live is False
    client.force_login(site.team.translator)
    html = BeautifulSoup(
        client.get(reverse("translation_job", args=[job.pk])).content, "html.parser"
    )
    errors = html.select_one(".translation-job-errors").get_text(" ", strip=True)
    assert "Удалённая страница" in errors and "Городская среда" in errors
    assert "2 с ошибками" in html.get_text()
    assert Topic.objects.filter(locale=en, name="Urban environment").exists()
