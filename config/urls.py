from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView, SpectacularSwaggerView

from core.views import healthz

urlpatterns = [
    path("api/v1/manage/", include("manage_api.urls", namespace="manage")),
    path("api/v1/", include("publishing.api.urls", namespace="public")),
    path("api/schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "core.api.errors.not_found"
handler500 = "core.api.errors.server_error"
