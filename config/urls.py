from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from articles.views import ArticlePreviewView, ArticleViewSet, ContributorViewSet, TopicViewSet
from core.views import healthz
from faq.views import FAQViewSet
from references.views import ReferenceViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("articles", ArticleViewSet, basename="article")
router.register("faqs", FAQViewSet, basename="faq")
router.register("references", ReferenceViewSet, basename="reference")
router.register("topics", TopicViewSet, basename="topic")
router.register("contributors", ContributorViewSet, basename="contributor")

urlpatterns = [
    path("api/v1/preview/<str:token>/", ArticlePreviewView.as_view(), name="article-preview"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularJSONAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler404 = "core.api.errors.not_found"
handler500 = "core.api.errors.server_error"
