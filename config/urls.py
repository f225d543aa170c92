from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView

from core.views import healthz
from media.views import rendition_file
from publishing.preview_page import preview_page


class APIDocsView(SpectacularSwaggerSplitView):
    """The docs page loads its script from a URL of its own: no inline script under the CSP."""

    http_method_names = ["get", "head"]  # OPTIONS would ask the HTML renderer for metadata it cannot give


urlpatterns = [
    path("api/v1/manage/", include("manage_api.urls", namespace="manage")),
    path("api/v1/", include("publishing.api.urls", namespace="public")),
    path("api/schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("api/docs/", APIDocsView.as_view(url_name="schema"), name="api-docs"),
    path("healthz", healthz, name="healthz"),
    # Renditions by their content-addressed names (media.views): RENDITIONS_URL's default; a web server or CDN may
    # serve the same files instead (docs/deploy.md).
    path("media/renditions/<path:name>", rendition_file, name="rendition"),
    # Beside the JSON preview, outside /api/: the same token, the same document, as a reader's page.
    path("preview/<str:token>/", preview_page, name="preview-page"),
    # The admin's language switcher (Django's set_language, which keeps the choice in the language cookie), under the
    # admin's path: the only addresses whose language is the editor's (core.middleware.AdminLocaleMiddleware).
    path(f"{settings.ADMIN_PATH}i18n/", include("django.conf.urls.i18n")),
    path(settings.ADMIN_PATH, admin.site.urls),
]

handler404 = "core.api.errors.not_found"
handler500 = "core.api.errors.server_error"
