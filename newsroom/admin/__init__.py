"""The article page of the admin: a package, since the page has a form, its inlines, and views of its own.

- `article`: ArticleAdmin, the page itself and the list
- `submission`: how the page's forms reach the editing service
- `inlines`, `filters`: the parts' inlines and the list filters
- `views`: lifecycle steps, rollback, preview, restore, recover
- `comparisons`: the history (versions and review steps), comparisons of versions, of the last approval and
  of publications with the working copy or each other, a publication opened read-only
- `images`: the media library's images (upload, alt text, focal point, usage)
"""

from newsroom.admin.article import ArticleAdmin
from newsroom.admin.images import ImageAdmin

__all__ = ["ArticleAdmin", "ImageAdmin"]
