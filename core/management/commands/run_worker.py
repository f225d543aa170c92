from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from core.worker import TaskWorker


class Command(BaseCommand):
    help = (
        "Run the task worker (webhook deliveries, CDN purges, scheduled go-lives, reminders): several tasks at once, "
        "through database errors, with a heartbeat for /healthz; tasks a dead worker left running are run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle (1).")
        parser.add_argument(
            "--threads", type=int, default=settings.WORKER_THREADS, help="Tasks run at once (WORKER_THREADS)."
        )

    def handle(self, *, interval: float, threads: int, **options):
        TaskWorker(
            worker_id=get_random_string(32),
            threads=max(threads, 1),
            interval=interval,
            reclaim_after=settings.WORKER_RECLAIM_AFTER_SECONDS,
        ).run()
