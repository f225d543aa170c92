import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.json_depth import MAX_JSON_DEPTH, json_depth, too_deep_message
from manage_api.exchange.load import ImportRefused, content_import
from publishing.selectors import live_articles_citing_retracted


class Command(BaseCommand):
    help = (
        "Import a document written by export_content, all or nothing, keeping its ids (into an empty database, "
        "or one without those ids and slugs). Every record is checked as the management API checks it; each "
        "error is printed with its path, and so is each approval or publication whose document does not match its "
        "hash (an edited file): --edited-as-drafts imports those articles as unreviewed drafts instead. --dry-run "
        "checks everything and imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check everything, import nothing.")
        parser.add_argument(
            "--edited-as-drafts",
            action="store_true",
            help="Import an article whose approved or published documents do not match their hashes (an edited "
            "export) as an unreviewed draft, with none of its approvals or publications, instead of refusing it.",
        )

    def handle(self, *args, file, dry_run, edited_as_drafts, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
            if json_depth(text) > MAX_JSON_DEPTH:  # json.loads would die of a RecursionError
                raise CommandError(f"Nothing was imported from {file}: {too_deep_message()}")
            document = json.loads(text)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            counts = content_import(document, dry_run=dry_run, edited_as_drafts=edited_as_drafts)
        except ImportRefused as refused:
            for path, message in refused.errors:
                self.stderr.write(f"{path}: {message}")
            raise CommandError(f"Nothing was imported: {len(refused.errors)} error(s).") from refused
        except (KeyError, TypeError) as error:
            raise CommandError(
                f"Nothing was imported: the document is not an export ({error!r} is missing or wrong)."
            ) from error
        done = "would import" if dry_run else "imported"
        self.stdout.write(f"All checks passed; {done} " + ", ".join(f"{n} {name}" for name, n in counts.items()) + ".")
        if not dry_run:
            # Restored live as they were; like `import_retractions`, say which now cite a retracted paper.
            for publication in live_articles_citing_retracted():
                self.stdout.write(
                    f"Needs re-review: “{publication.title}” (/{publication.slug}/) cites a retracted paper."
                )
