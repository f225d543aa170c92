"""A scheduled publication gets a task at its go-live time, so nobody has to run `publish_scheduled`; a recovered
article's earlier preview links stay refused; an image an article or an approval shows is not deleted; a change of
the search synonyms makes the article lists again."""

from django.dispatch import receiver

from articles.models import ArticleAction
from articles.signals import article_status_changed
from core.exceptions import StateConflict
from core.synonyms import synonyms_changed
from media.models import Image
from media.signals import image_deleting
from publishing.models import Publication
from publishing.preview import preview_links_revoke
from publishing.selectors import image_in_use
from publishing.services.live_set import public_state_move, surrogate_keys_of_searches
from publishing.signals import publication_scheduled
from publishing.tasks import publications_go_live


@receiver(publication_scheduled, dispatch_uid="publishing.go_live_task")
def go_live_task_enqueue(sender, publication: Publication, **kwargs) -> None:
    publications_go_live.using(run_after=publication.live_from).enqueue()


@receiver(article_status_changed, dispatch_uid="publishing.recovered_article_preview_links")
def recovered_article_preview_links_revoke(sender, article, action, **kwargs) -> None:
    """Deleting an article deleted the record of its revoked preview links, and reversion brings it back at the
    version those links name: every link made before the recovery is revoked, so none opens again."""
    if action == ArticleAction.RECOVER:
        preview_links_revoke(article=article, user=None)


@receiver(image_deleting, dispatch_uid="publishing.image_in_use")
def image_in_use_refuse(sender, image: Image, **kwargs) -> None:
    reason = image_in_use(image)
    if reason:
        raise StateConflict(reason)


@receiver(synonyms_changed, dispatch_uid="publishing.synonyms_changed")
def search_lists_expire(sender, **kwargs) -> None:
    """What a search finds follows the synonyms: every article list (each topic's too, which a search narrows) is
    made again at its next request, rather than served from the response cache as it was."""
    public_state_move(keys=surrogate_keys_of_searches())
