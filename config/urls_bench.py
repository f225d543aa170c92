"""The site's URLs plus /bench/bare/: a Django view that returns a small JSON body without touching the database."""

from django.http import JsonResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def bare(request):
    return JsonResponse({"slug": "bare", "title": "The stack's limit: no database, no serializer"})


urlpatterns = [path("bench/bare/", bare), *site_urlpatterns]
