from django.core.management.base import BaseCommand

from publishing.services.publications import publications_mark_gone_live


class Command(BaseCommand):
    help = (
        "Mark scheduled publications whose go-live time has passed. The public API already shows them "
        "(it compares with the clock); this is the hook for what must happen at that moment. Idempotent: "
        "each publication is reported once."
    )

    def handle(self, *args, **options):
        gone_live = publications_mark_gone_live()
        for publication in gone_live:
            self.stdout.write(f"Live: “{publication.title}” (since {publication.live_from:%Y-%m-%d %H:%M %Z})")
        self.stdout.write(f"{len(gone_live)} publication(s) went live.")
