"""Publishing's background task: scheduled publications go live by the clock; this marks them and sends
`publication_live(scheduled=True)` at that moment, for webhooks and CDN purges."""

from django_tasks import task

from publishing.services.publications import publications_mark_gone_live


@task()
def publications_go_live() -> list[str]:
    return [publication.slug for publication in publications_mark_gone_live()]
