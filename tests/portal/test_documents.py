"""Documents as readers download them: only GET and HEAD, and a private collection's documents
never held by a shared cache."""

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from tests.factories.resources import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def public():
    return make_document("Чек-лист", "checklist.txt", b"one\ntwo\n")


@pytest.fixture
def private(db):
    collection = Collection.get_first_root_node().add_child(name="Внутреннее")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    return make_document("Смета", "budget.txt", b"secret", collection.add_child(name="Вложенная"))


def test_a_document_answers_get_and_head_and_nothing_else(client, public):
    answer = client.get(public.url)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == b"one\ntwo\n"
    assert client.head(public.url).status_code == 200
    for method in ("post", "put", "delete", "patch", "options", "trace"):
        refused = getattr(client, method)(public.url)
        assert refused.status_code == 405, method
        assert refused["Allow"] == "GET, HEAD"
        assert b"one" not in refused.content
    assert "no-store" not in answer.get("Cache-Control", "")


def test_a_private_document_is_kept_out_of_shared_caches(client, django_user_model, private):
    assert client.get(private.url).status_code == 302  # to the login page
    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    answer = client.get(private.url)
    assert answer.status_code == 200
    assert b"".join(answer.streaming_content) == b"secret"
    directives = {part.strip() for part in answer["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_document_url_with_the_wrong_name_is_404(client, public):
    assert client.get(public.url.replace("checklist", "other")).status_code == 404
    assert client.get("/documents/999999/none.txt").status_code == 404
