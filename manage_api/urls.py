"""The management API, /api/v1/manage/: token-authenticated writes for editors, tools and importers."""

from rest_framework.routers import DefaultRouter

from manage_api.views.articles import ArticleManageViewSet
from manage_api.views.images import ImageManageViewSet
from manage_api.views.references import ReferenceManageViewSet
from manage_api.views.taxonomy import ContributorManageViewSet, TopicManageViewSet
from manage_api.views.webhooks import WebhookEndpointManageViewSet

app_name = "manage"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("articles", ArticleManageViewSet, basename="article")
router.register("references", ReferenceManageViewSet, basename="reference")
router.register("topics", TopicManageViewSet, basename="topic")
router.register("contributors", ContributorManageViewSet, basename="contributor")
router.register("images", ImageManageViewSet, basename="image")
router.register("webhooks", WebhookEndpointManageViewSet, basename="webhook")

urlpatterns = router.urls
