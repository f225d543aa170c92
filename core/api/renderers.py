from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class FirstRendererNegotiation(BaseContentNegotiation):
    """Serve the endpoint's one representation whatever the Accept header says (no 406)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
