"""Which articles use an image of the media library: as their hero image, or placed in a text (`![alt](image:ID)`,
kept in the rendered HTML as `<img src="image:ID" …>`, `core.markdown`). The image's page lists them; an image in use
is not deleted (`publishing.receivers`)."""

from django.db.models import Q, QuerySet

from articles.content_model import rendered_fields
from articles.models import Article
from media.models import Image


def articles_using_image(image: Image) -> QuerySet[Article]:
    """The articles (working copies) that show `image`, by title."""
    placed = f'src="image:{image.pk}"'  # the quote ends the id: image:1 is not found in image:12
    uses = Q(hero_image=image)
    for kind, name in rendered_fields():
        if kind is None:
            uses |= Q(**{f"{name}__contains": placed})
        else:
            uses |= Q(pk__in=Article.objects.filter(**{f"{kind}__{name}__contains": placed}).values("pk"))
    return Article.objects.filter(uses).order_by("title", "pk")
