from rest_framework.reverse import reverse


def article_api_url(request, slug: str) -> str | None:
    """The absolute URL of an article's public detail endpoint, for the host the client used."""
    if request is None:
        return None
    return reverse("public:article-detail", kwargs={"slug": slug}, request=request)
