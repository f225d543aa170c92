"""The webhooks' background tasks (Django's tasks framework; `manage.py run_worker` runs them)."""

from django_tasks import task

from webhooks.services.deliveries import webhook_delivery_attempt
from webhooks.services.purge import cdn_purge


@task()
def webhook_deliver(delivery_id: str, replay: bool = False) -> str:
    attempt = webhook_delivery_attempt(delivery_id=delivery_id, replay=replay)
    return str(attempt) if attempt else "nothing to send"


@task()
def cdn_purge_send(paths: list[str], keys: list[str]) -> list[str]:
    return cdn_purge(paths=paths, keys=keys)
