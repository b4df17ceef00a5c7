from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from portal import documents, health, security, views
from portal.auth.password_reset import LimitedPasswordResetView
from portal.search import views as search_views
from portal.sitecache import routing

# Outside the language prefix: the admin (its language is the editor's own), documents,
# service endpoints and the root redirect.
urlpatterns = [
    # Before Wagtail's own pattern of the same name and path: a limit on requests (see there).
    path(
        "admin/password_reset/",
        LimitedPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Before Wagtail's own pattern of the same name and path: see portal.documents.
    re_path(r"^documents/(\d+)/(.*)$", documents.serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", health.healthz, name="healthz"),
    path("csp-report/", security.csp_report, name="csp_report"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    # Any language and number, so that a wrong one is the view's 404, not a language redirect.
    re_path(
        r"^sitemap-(?P<language>[^/]+)-(?P<number>[^/-]+)\.xml$",
        views.sitemap_page,
        name="sitemap_page",
    ),
    path("", views.root_redirect, name="root_redirect"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "portal.views.server_error"

# Everything a reader sees lives under /ru/… and /en/….
urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    # Pages, routed in a fixed number of queries (portal.sitecache.routing); Wagtail's own
    # `_util/` views (password and login for private pages) stay where they were.
    re_path(r"^(?!_util/)" + serve_pattern.removeprefix("^"), routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
