import json
from pathlib import Path

from django.core.management.base import BaseCommand

from manage_api.exchange.dump import content_export


class Command(BaseCommand):
    help = (
        "Write every article (working copy, state, review history, approvals, publications), reference, topic "
        "and contributor to FILE as one JSON document (format medical-articles-cms/1); '-' writes to stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        document = content_export()
        # Keys keep their order: frozen documents are served as they are stored.
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
        if file == "-":
            self.stdout.write(text, ending="")
            return
        Path(file).write_text(text, encoding="utf-8")
        counts = ", ".join(
            f"{len(document[name])} {name}" for name in ("articles", "references", "topics", "contributors")
        )
        self.stderr.write(f"Exported {counts} to {file}.")
