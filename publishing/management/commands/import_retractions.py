import sys

from django.core.management.base import BaseCommand, CommandError

from publishing.selectors import live_articles_citing_retracted
from references.retractions import Progress, RetractionFileError, read_notices, retraction_notices_import


class Command(BaseCommand):
    help = (
        "Import the Retraction Watch database (Crossref's CSV, retraction_watch.csv): each notice about a paper "
        "with a DOI or PubMed ID, all or nothing; importing the same file again changes nothing. Then lists the "
        "live articles that cite a retracted paper: they need a new medical review."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV file.")

    def handle(self, *args, file, **options):
        self.verbosity = options["verbosity"]  # BaseCommand keeps it in the options only (_reporting reads it)
        try:
            with open(file, "rb") as counting:
                lines = sum(1 for _ in counting)
            with open(file, encoding="utf-8-sig", newline="") as stream:
                progress = Progress(lines=lines)
                stored = retraction_notices_import(self._reporting(read_notices(stream, progress), progress))
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror or error}.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file} is not UTF-8 text: {error}. Nothing was imported.") from error
        except RetractionFileError as error:
            raise CommandError(f"{error} Nothing was imported.") from error
        self.stdout.write(f"{stored} notice(s) about papers with a DOI or PubMed ID imported.")
        flagged = live_articles_citing_retracted()
        for publication in flagged:
            self.stdout.write(f"Needs re-review: “{publication.title}” (/{publication.slug}/) cites a retracted paper.")
        self.stdout.write(f"{len(flagged)} live article(s) cite a retracted paper.")

    def _reporting(self, notices, progress: Progress):
        """A progress line on a terminal, for files of more than a few thousand lines."""
        show = progress.lines > 5000 and self.stdout.isatty() and self.verbosity > 0
        for count, notice in enumerate(notices, 1):
            if show and count % 2000 == 0:
                sys.stdout.write(
                    f"\r  line {progress.line:,} of {progress.lines:,} ({100 * progress.line // progress.lines} %)"
                )
                sys.stdout.flush()
            yield notice
        if show:
            sys.stdout.write("\n")
