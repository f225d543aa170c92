"""Publishing events, for webhooks, cache purges and the sync feed. Sent after the transaction commits.

`publication_live(sender=Publication, publication, scheduled)`: a publication became what the public
sees, now (publish, rollback, import; `scheduled` False) or when its go-live time came (`scheduled` True,
sent by `publications_mark_gone_live`, which the scheduler runs).

`publication_scheduled(sender=Publication, publication)`: a publication will go live at its `live_from`, a
time still to come (the go-live task is enqueued for it, see `publishing.receivers`).

`publications_withdrawn(sender=Publication, article, publications)`: an article's live and scheduled
publications were taken down (unpublish, archive).
"""

from django.dispatch import Signal

publication_live = Signal()
publication_scheduled = Signal()
publications_withdrawn = Signal()
