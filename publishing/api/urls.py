"""The public delivery API, /api/v1/: read-only, the same for everyone, cacheable by any CDN."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from publishing.api.articles import ArticlePreviewView, ArticleViewSet, ContributorViewSet, TopicViewSet
from publishing.api.faqs import FAQViewSet
from publishing.api.references import ReferenceViewSet
from publishing.api.suggest import SuggestView
from publishing.api.sync import SyncView

app_name = "public"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("articles", ArticleViewSet, basename="article")
router.register("faqs", FAQViewSet, basename="faq")
router.register("references", ReferenceViewSet, basename="reference")
router.register("topics", TopicViewSet, basename="topic")
router.register("contributors", ContributorViewSet, basename="contributor")

urlpatterns = [
    path("preview/<str:token>/", ArticlePreviewView.as_view(), name="article-preview"),
    path("sync/", SyncView.as_view(), name="sync"),
    path("search/suggest/", SuggestView.as_view(), name="search-suggest"),
    *router.urls,
]
