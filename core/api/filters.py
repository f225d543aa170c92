from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 for any query parameter the endpoint does not know.

    A typo such as `?topics=` would otherwise be ignored and return every row,
    which looks like a working filter to the frontend developer.
    """

    always_allowed = frozenset({"page", "page_size"})

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(filterset_class.base_filters) if filterset_class else set()
        known |= self.always_allowed
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            allowed = ", ".join(sorted(known))
            raise ValidationError({name: [f"Unknown query parameter. Allowed: {allowed}."] for name in unknown})
        return super().filter_queryset(request, queryset, view)
