"""A scheduled publication gets a task at its go-live time, so nobody has to run `publish_scheduled`."""

from django.dispatch import receiver

from publishing.models import Publication
from publishing.signals import publication_scheduled
from publishing.tasks import publications_go_live


@receiver(publication_scheduled, dispatch_uid="publishing.go_live_task")
def go_live_task_enqueue(sender, publication: Publication, **kwargs) -> None:
    publications_go_live.using(run_after=publication.live_from).enqueue()
