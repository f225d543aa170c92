from drf_spectacular.utils import extend_schema, extend_schema_view

from articles.models import Publication
from core.api.views import PublicListViewSet
from faq.filters import PublishedFAQFilter
from faq.models import PublishedFAQ
from faq.serializers import PublishedFAQSerializer


@extend_schema_view(list=extend_schema(summary="FAQs of published articles, as published"))
class FAQViewSet(PublicListViewSet):
    serializer_class = PublishedFAQSerializer
    filterset_class = PublishedFAQFilter

    def get_queryset(self):
        return (
            PublishedFAQ.objects.live()
            .select_related("publication")
            .only(
                "faq_id",
                "position",
                "question",
                "answer_markdown",
                "answer_html",
                "publication__slug",
                "publication__title",
            )
            .order_by("publication__title", "position", "pk")
        )

    def list(self, request, *args, **kwargs):
        self.last_modified = Publication.objects.last_change()
        return super().list(request, *args, **kwargs)
