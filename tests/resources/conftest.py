import pytest

from tests.factories.resources import CentreIndexPageFactory, ToolkitIndexPageFactory


@pytest.fixture
def centre_index(home):
    return CentreIndexPageFactory(parent=home)


@pytest.fixture
def toolkit_index(home):
    return ToolkitIndexPageFactory(parent=home)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client
