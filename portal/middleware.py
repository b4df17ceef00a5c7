from django.middleware.locale import LocaleMiddleware

# Paths served outside i18n_patterns. Wagtail's catch-all page route makes every prefixed path
# "valid", so Django's LocaleMiddleware would turn a 404 here into a redirect to /ru/admin/….
UNPREFIXED_PATHS = (
    "/admin/",
    "/documents/",
    "/static/",
    "/media/",
    "/healthz",
    "/robots.txt",
    "/sitemap.xml",
    "/sitemap-",
)


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(UNPREFIXED_PATHS):
            return response
        return super().process_response(request, response)
