from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError


class StrictFilterBackend(DjangoFilterBackend):
    """django-filter, plus a 400 for any query parameter the endpoint does not know.

    A typo such as `?topics=` would otherwise be ignored and return every row,
    which looks like a working filter to the frontend developer.
    """

    always_allowed = frozenset({"page", "page_size"})
    max_length = 200

    def filter_queryset(self, request, queryset, view):
        self.check_values(request)
        filterset_class = self.get_filterset_class(view, queryset)
        known = set(filterset_class.base_filters) if filterset_class else set()
        known |= set(getattr(view, "extra_query_parameters", ()))  # read by the view itself (`?language=`)
        self.check_known(request, known | self.always_allowed)
        return super().filter_queryset(request, queryset, view)

    @staticmethod
    def check_known(request, known: set[str]) -> None:
        """A 400 naming each query parameter the endpoint does not take."""
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            allowed = ", ".join(sorted(known))
            raise ValidationError({name: [f"Unknown query parameter. Allowed: {allowed}."] for name in unknown})

    def check_values(self, request) -> None:
        """Each parameter once, with a value, of a sane length: never a silent choice between values."""
        problems = {}
        for name, values in request.query_params.lists():
            if len(values) > 1:
                problems[name] = [_("Give this parameter once (it came %(count)s times).") % {"count": len(values)}]
            elif not values[0].strip():
                problems[name] = [_("Give a value, or leave the parameter out.")]
            elif len(values[0]) > self.max_length:
                problems[name] = [_("At most %(length)s characters.") % {"length": self.max_length}]
        if problems:
            raise ValidationError(problems)
