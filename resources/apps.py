from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Centres and toolkits")

    def ready(self):
        from . import signals, views  # noqa: F401 - signals connects its receivers
        from .models import CentrePage, ToolkitPage

        CentrePage.views = ToolkitPage.views = views
