"""The portal's URLs plus one view that fails, to see what a server error does."""

from django.urls import path

from portal.urls import handler500
from portal.urls import urlpatterns as portal_urlpatterns


def fail(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("fail/", fail), *portal_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
