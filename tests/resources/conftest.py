import pytest

from tests.factories.resources import CentreIndexPageFactory, ToolkitIndexPageFactory


@pytest.fixture
def centre_index(home):
    return CentreIndexPageFactory(parent=home)


@pytest.fixture
def toolkit_index(home):
    return ToolkitIndexPageFactory(parent=home)


@pytest.fixture
def superuser_client(client, django_user_model):
    """``client`` itself, logged in as a superuser: a test that takes both has one client.

    (Not named ``admin_client``: pytest-django's fixture of that name is a second client.)"""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client
