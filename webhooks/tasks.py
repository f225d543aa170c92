"""The webhooks' background tasks (Django's tasks framework; `manage.py run_worker` runs them)."""

from django.db import transaction
from django_tasks import task

from webhooks.services.attempts import webhook_delivery_attempt
from webhooks.services.purge import cdn_purge


@task()
def webhook_deliver(delivery_id: str, replay: bool = False) -> str:
    """One attempt at a delivery; when the attempt set a time for the next one, the task is enqueued again
    for that time (after the attempt's record is committed)."""
    attempt = webhook_delivery_attempt(delivery_id=delivery_id, replay=replay)
    if attempt is None:
        return "nothing to send"
    retry_at = attempt.delivery.next_attempt_at
    if retry_at is not None:
        transaction.on_commit(lambda: webhook_deliver.using(run_after=retry_at).enqueue(str(attempt.delivery_id)))
    return str(attempt)


@task()
def cdn_purge_send(paths: list[str], keys: list[str]) -> list[str]:
    return cdn_purge(paths=paths, keys=keys)
