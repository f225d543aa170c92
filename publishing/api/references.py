from django.db.models import Max
from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api.views import PublicListViewSet
from publishing.api.cache import CachedPublicViewMixin, live_set_changed_at
from publishing.api.filters import PublishedReferenceFilter
from publishing.api.languages import PublicLanguageMixin
from publishing.models import PublishedReference
from references.serializers import ReferenceSerializer


@extend_schema_view(
    list=extend_schema(
        summary="References cited by published articles, as published",
        description=(
            "Each reference once, as the newest live publication that cites it cited it: the papers are the same in "
            "every language, so `?language=` narrows the list only with `?article=` (that article's references)."
        ),
        responses=ReferenceSerializer(many=True),
    )
)
class ReferenceViewSet(PublicLanguageMixin, CachedPublicViewMixin, PublicListViewSet):
    """Each reference once, as its newest live publication cited it."""

    serializer_class = ReferenceSerializer
    filterset_class = PublishedReferenceFilter

    def content_language(self, request) -> str | None:
        return None  # bibliographic records, each in the language of its paper

    def get_queryset(self):
        slug = self.request.query_params.get("article")
        if slug is None:  # each reference's newest live citation, marked by the live set
            return PublishedReference.objects.filter(is_current=True)
        return PublishedReference.objects.live(article_slug=slug, language=self.language)

    def filter_queryset(self, queryset):
        filtered = super().filter_queryset(queryset)
        if "article" not in self.request.query_params:
            return filtered.only("data").order_by("title", "pk")
        newest_per_reference = filtered.values("reference_id").annotate(newest=Max("pk")).values("newest")
        return PublishedReference.objects.filter(pk__in=newest_per_reference).only("data").order_by("number", "pk")

    def list(self, request, *args, **kwargs):
        self.last_modified = live_set_changed_at(request)
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([item.data for item in page])
