"""Which articles use an image of the media library: the admin's usage list on the image's page, and later the
rule that an image in use is not deleted.

The seam for issue 25 part 4: articles do not place images yet (no `hero_image`, no `![alt](image:ID)` figures), so
no article uses any image and this is an empty queryset. Part 4 makes it
`Article.objects.filter(Q(hero_image=image) | Q(figures__image=image)).distinct()` (or however figures are
recorded), and every caller keeps working."""

from django.db.models import QuerySet

from articles.models import Article
from media.models import Image


def articles_using_image(image: Image) -> QuerySet[Article]:
    """The articles (working copies) that place `image`, by title."""
    return Article.objects.none()
