from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Topic
from core.mesh import MeshFileError, mesh_descriptors
from core.models import SynonymGroup, term_normalize
from core.services.synonyms import synonym_group_import_mesh
from core.synonyms import synonyms_changed


class Command(BaseCommand):
    help = (
        "Load search synonyms from the MeSH descriptor file NLM publishes (https://www.nlm.nih.gov/databases/"
        "download/mesh.html: desc20XX.xml, or the ASCII d20XX.bin): each descriptor's heading and entry terms become "
        "one English synonym group, for the descriptors whose heading or an entry term is the name of one of the "
        "site's topics (or all of them with --all). Run again with a newer file: each descriptor's group is updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The descriptor file, XML or ASCII (told by its content).")
        parser.add_argument("--all", action="store_true", help="Every descriptor, not only those naming a topic.")

    def handle(self, *args, path: Path, all: bool = False, **options):
        topic_names = {term_normalize(text=name) for name in Topic.objects.values_list("name", flat=True)}
        counts: Counter[str] = Counter()
        try:
            with transaction.atomic():  # a file that fails halfway loads nothing
                for descriptor in mesh_descriptors(path=path):
                    counts["read"] += 1
                    names = {term_normalize(text=text) for text in (descriptor.heading, *descriptor.entry_terms)}
                    if not all and not names & topic_names:
                        counts["no topic"] += 1
                        continue
                    counts[synonym_group_import_mesh(descriptor=descriptor)] += 1
                if counts["created"] or counts["updated"]:
                    synonyms_changed.send(sender=SynonymGroup)
        except MeshFileError as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(
            f"MeSH descriptors read: {counts['read']}; synonym groups created: {counts['created']}, updated: "
            f"{counts['updated']}, unchanged: {counts['unchanged']}; skipped: {counts['no topic']} naming no topic, "
            f"{counts['too few terms']} with fewer than two usable terms."
        )
