"""Benchmark content: N published articles of realistic size, for `make bench` (never for a real site).

A few template articles go through the real services (created with all their parts, then published as
reviewed), so that their documents, list entries, JSON-LD and frozen rows are exactly what publishing
makes. The rest are clones of those publications written in bulk under new slugs and titles: publishing
100,000 articles one by one would take hours and measure nothing the read path depends on.

The words follow Zipf's law over a vocabulary of 20,000 (demo/bench_words.py), and each clone's words are
rewritten within their frequency class, so that a search matches as many articles as a real one would; topics
are of Zipf-like sizes too (a few large, many small). Every clone is drawn from its own seed, and each batch is
written in its own transaction: a run that stopped is continued by running the command again.

Every third article (`--translated-every`) is also published in Spanish under the same slug, in its translation
group and following its source's version, so that the site serves two languages as a publisher's does: the Spanish
text is the English one under a Spanish title (the read path does not read the words' language).
"""

import hashlib
import json
import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles.edit_plan import ArticleEdit
from articles.models import Article, ArticleStatus, Contributor, Topic
from articles.services.editing import article_create
from core.models import SiteSettings, SynonymGroup, SynonymTerm, term_normalize
from demo import bench_words
from publishing.models import Publication, PublishedFAQ, PublishedRecord, PublishedReference
from publishing.services.editorial_steps import article_import_published
from publishing.services.live_set import current_parts_refresh, public_state_move
from references.choices import ReferenceKind
from references.models import Reference

BATCH = 500
SEED = 20261127
TOPICS_PER_ARTICLE = 2
TOPIC_EXPONENT = 1.0  # topic sizes ~ 1 / rank: at 200 topics the largest gets a sixth of the assignments
TRANSLATED_INTO = "es"


def prose(rng: random.Random, words: int) -> str:
    sentences, sentence = [], []
    for word in bench_words.words(rng, words):
        sentence.append(word)
        if len(sentence) >= rng.randint(9, 16):
            sentences.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        sentences.append(" ".join(sentence).capitalize() + ".")
    return " ".join(sentences)


class Command(BaseCommand):
    help = (
        "Generate N published benchmark articles (7 key points, 8 sections, 6 comparison rows, 7 FAQs, 15 citations); "
        "run again to continue a run that stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--templates", type=int, default=16, help="Articles published through the services.")
        parser.add_argument(
            "--translated-every",
            type=int,
            default=3,
            help=f"Article n is also published in {TRANSLATED_INTO!r} when n is a multiple of this (0: none).",
        )

    def handle(self, *args, articles: int, templates: int, translated_every: int, **options):
        self.translated_every = translated_every
        self._no_statement_timeout()
        if translated_every:
            SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(languages=TRANSLATED_INTO)
        existing = self._existing_benchmark_articles(articles)
        self._synonyms()
        if existing:
            made, topics = self._kept_templates()
            self.stdout.write(f"Continuing after the {existing} articles the database holds.")
        else:
            with transaction.atomic():
                topics = self._topics(articles)
                made = self._templates(random.Random(SEED), max(1, min(templates, articles)), topics)
            self.stdout.write(f"Published {len(made)} template articles through the services.")
        self.made, self.texts, self.topics = made, [Clone.texts(template) for template in made], topics
        self.topic_weights = bench_words.zipf_cumulative(len(topics), TOPIC_EXPONENT)
        for start in range(max(existing, len(made)), articles, BATCH):
            with transaction.atomic():
                self._clone(range(start, min(start + BATCH, articles)))
            self.stdout.write(f"  {min(start + BATCH, articles)} / {articles}", ending="\r")
        with transaction.atomic():
            public_state_move()  # each clone is its article's only publication: none supersedes another
            current_parts_refresh(article_ids=None, now=timezone.now())  # the clones' topics, people, references
        self._analyze()
        self.stdout.write(self.style.SUCCESS(f"\n{articles} published articles."))

    @staticmethod
    def _no_statement_timeout() -> None:
        """The site's statement timeout bounds a request; a bulk insert or ANALYZE of 100,000 rows may take longer."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")

    @staticmethod
    def _analyze() -> None:
        """Fresh statistics, so that the planner sees the sizes the benchmark measures, not those of an empty table."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
            elif connection.vendor == "sqlite":
                cursor.execute("ANALYZE")
                cursor.execute("PRAGMA optimize")

    @staticmethod
    def _existing_benchmark_articles(articles: int) -> int:
        """How many benchmark articles an earlier run wrote: bench-0 … bench-(n-1), each batch all or nothing."""
        existing = Article.objects.filter(translation_of__isnull=True).count()
        if Article.objects.exclude(slug__startswith="bench-").exists():
            raise CommandError("The database holds articles of its own: point DATABASE_URL at an empty, migrated one.")
        if existing > articles:
            raise CommandError(f"The database already holds {existing} benchmark articles, more than {articles}.")
        if existing and not Article.objects.filter(slug=f"bench-{existing - 1}").exists():
            raise CommandError("The benchmark articles are not bench-0 … bench-(n-1): make the database again.")
        return existing

    @staticmethod
    def _synonyms() -> None:
        """The synonym groups a search of the benchmark reads (bench_words.synonym_pairs), written once."""
        if SynonymGroup.objects.exists():
            return
        with transaction.atomic():
            groups = SynonymGroup.objects.bulk_create(SynonymGroup() for _ in bench_words.synonym_pairs())
            SynonymTerm.objects.bulk_create(
                SynonymTerm(group=group, text=term, normalized=term_normalize(text=term))
                for group, pair in zip(groups, bench_words.synonym_pairs(), strict=True)
                for term in pair
            )

    @staticmethod
    def _kept_templates() -> tuple[list[Publication], list[Topic]]:
        """The templates of an earlier run (the articles with parts: clones have none) and its topics, largest first."""
        made = list(Publication.objects.filter(article__sections__isnull=False).distinct().order_by("article_id"))
        return made, list(Topic.objects.order_by("pk"))

    @staticmethod
    def _topics(articles: int) -> list[Topic]:
        return [
            Topic.objects.create(name=f"{name.replace('-', ' ').title()} health", slug=bench_words.topic_slug(name))
            for name in bench_words.topic_names(articles)
        ]

    def _templates(self, rng: random.Random, count: int, topics: list[Topic]) -> list[Publication]:
        people = [Contributor.objects.create(name=f"Bench Author {n}", slug=f"bench-author-{n}") for n in range(6)]
        reviewer = Contributor.objects.create(
            name="Bench Reviewer", slug="bench-reviewer", credentials="MD", is_medical_reviewer=True
        )
        references = [
            Reference.objects.create(
                kind=ReferenceKind.WEBSITE,
                title=f"Benchmark source {n}: {prose(rng, 8)}",
                container="Benchmark Library",
                year=2000 + n % 25,
                url=f"https://bench.example.org/source/{n}",
            )
            for n in range(60)
        ]
        conditions = topics[: len(bench_words.CONDITIONS)]
        made = []
        for n in range(count):
            cited = rng.sample(references, 15)
            sections = [
                {"heading": f"{prose(rng, 4)[:-1]}", "body": f"{prose(rng, 150)} [{1 + k % 15}] [{1 + (k + 7) % 15}]"}
                for k in range(8)
            ]
            edit = ArticleEdit(
                fields={
                    "slug": f"bench-{n}",
                    "title": f"Bench article {n}: {prose(rng, 6)[:-1].lower()}",
                    "subtitle": prose(rng, 12),
                    "summary": prose(rng, 40),
                    "intro": prose(rng, 50),
                    "comparison_intro": prose(rng, 20),
                },
                topics=[conditions[n % len(conditions)], conditions[(n + 3) % len(conditions)]],
                authors=rng.sample(people, 2),
                parts={
                    "key_points": [{"title": prose(rng, 3), "text": prose(rng, 18)} for _ in range(7)],
                    "sections": sections,
                    "cause_comparisons": [
                        {
                            "cause": prose(rng, 3),
                            "related_symptoms": prose(rng, 10),
                            "differentiating_factors": prose(rng, 14),
                        }
                        for _ in range(6)
                    ],
                    "faqs": [{"question": prose(rng, 9)[:-1] + "?", "answer": prose(rng, 35)} for _ in range(7)],
                    "citations": [{"reference": reference} for reference in cited],
                },
                markers_use_old_numbers=False,
            )
            article = article_create(edit=edit, user=None)
            made.append(
                article_import_published(
                    article=article,
                    user=None,
                    reviewer=reviewer,
                    reviewed_at=timezone.now(),
                    next_review_due=(timezone.now() + timedelta(days=365)).date(),
                    comment="Benchmark content.",
                )
            )
        return made

    def _clone(self, numbers: range) -> None:
        """Articles and publications n in `numbers`, each a copy of a template under its own slug, title, words
        and topics."""
        now = timezone.now()
        clones = [self._clone_of(n) for n in numbers]
        articles = Article.objects.bulk_create(
            Article(
                slug=clone.slug,
                title=clone.title,
                summary=clone.list_item["summary"],
                status=ArticleStatus.PUBLISHED,
                published_at=now - timedelta(minutes=clone.n),
                last_reviewed_at=clone.template.article.last_reviewed_at,
                next_review_due=clone.template.next_review_due,
            )
            for clone in clones
        )
        publications = Publication.objects.bulk_create(
            clone.publication(article, now - timedelta(minutes=clone.n))
            for article, clone in zip(articles, clones, strict=True)
        )
        self._parts(publications, clones)
        translated = [
            (article, clone)
            for article, clone in zip(articles, clones, strict=True)
            if self.translated_every and clone.n % self.translated_every == 0
        ]
        if translated:
            self._translate(translated, now)

    def _translate(self, sources: list[tuple[Article, "Clone"]], now) -> None:
        """The Spanish edition of each (source, clone): its own article and publication in the source's group."""
        translations = Article.objects.bulk_create(
            Article(
                slug=clone.slug,
                language=TRANSLATED_INTO,
                title=clone.translated_title,
                summary=clone.list_item["summary"],
                status=ArticleStatus.PUBLISHED,
                published_at=now - timedelta(minutes=clone.n),
                last_reviewed_at=clone.template.article.last_reviewed_at,
                next_review_due=clone.template.next_review_due,
                translation_key=source.translation_key,
                translation_of=source,
                source_version=source.version,
            )
            for source, clone in sources
        )
        publications = Publication.objects.bulk_create(
            clone.translation(translation, source, now - timedelta(minutes=clone.n))
            for translation, (source, clone) in zip(translations, sources, strict=True)
        )
        self._parts(publications, [clone for _, clone in sources])

    def _clone_of(self, n: int) -> "Clone":
        template = n % len(self.made)
        return Clone(n, self.made[template], self.texts[template], self._draw_topics(random.Random(f"{SEED}:{n}")))

    def _draw_topics(self, rng: random.Random) -> list[Topic]:
        wanted = min(TOPICS_PER_ARTICLE, len(self.topics))
        drawn: dict[int, None] = {}
        while len(drawn) < wanted:
            drawn[bench_words.zipf_rank(rng, self.topic_weights)] = None
        return [self.topics[rank] for rank in drawn]

    def _parts(self, publications: list[Publication], clones: list["Clone"]) -> None:
        by_template = {
            template.pk: (list(template.faqs.all()), list(template.references.all()), list(template.records.all()),
                          list(template.authors.values_list("pk", flat=True)))
            for template in {clone.template.pk: clone.template for clone in clones}.values()
        }  # fmt: skip
        faqs, references, records, topics, authors = [], [], [], [], []
        for publication, clone in zip(publications, clones, strict=True):
            t_faqs, t_references, t_records, t_authors = by_template[clone.template.pk]
            faqs += [self._copy(row, publication) for row in t_faqs]
            references += [self._copy(row, publication) for row in t_references]
            records += [self._copy(row, publication) for row in t_records]
            topics += [Publication.topics.through(publication=publication, topic=topic) for topic in clone.topics]
            authors += [Publication.authors.through(publication=publication, contributor_id=pk) for pk in t_authors]
        PublishedFAQ.objects.bulk_create(faqs)
        PublishedReference.objects.bulk_create(references)
        PublishedRecord.objects.bulk_create(records)
        Publication.topics.through.objects.bulk_create(topics)
        Publication.authors.through.objects.bulk_create(authors)

    @staticmethod
    def _copy(row, publication: Publication):
        fields = {
            field.attname: getattr(row, field.attname)
            for field in row._meta.concrete_fields
            if field.attname not in {"id", "publication_id"}
        }
        return type(row)(publication=publication, **fields)


class Clone:
    """Benchmark article n: its template's texts with the words moved within their frequency class (from n's own
    seed), under its own slug, title and topics."""

    def __init__(self, n: int, template: Publication, texts: bench_words.Rewritable, topics: list[Topic]):
        self.n, self.template, self.topics = n, template, topics
        offsets = bench_words.band_rotation(random.Random(f"{SEED}:words:{n}"))
        self.old_title, document, list_item, self.jsonld, self.search_text = texts.rewrite(offsets)
        self.slug = f"bench-{n}"
        self.title = f"Bench article {n}:{self.old_title.split(':', 1)[1]}"
        listed = [{"slug": topic.slug, "name": topic.name} for topic in topics]
        mine = {"slug": self.slug, "title": self.title, "topics": listed}
        self.document, self.list_item = {**json.loads(document), **mine}, {**json.loads(list_item), **mine}

    @staticmethod
    def texts(template: Publication) -> bench_words.Rewritable:
        """What each clone of `template` rewrites, in the order __init__ reads them."""
        return bench_words.Rewritable(
            template.title,
            json.dumps(template.document),
            json.dumps(template.list_item),
            json.dumps(template.jsonld),
            template.search_text,
        )

    @property
    def translated_title(self) -> str:
        return f"Artículo de prueba {self.n}:{self.old_title.split(':', 1)[1]}"

    def translation(self, article: Article, source: Article, when) -> Publication:
        """The publication of this clone's Spanish edition: the same text, under its own title and language."""
        publication = self.publication(article, when)
        publication.title = self.translated_title
        publication.search_text = publication.search_text.replace(self.title.lower(), self.translated_title.lower(), 1)
        mine = {"title": self.translated_title, "language": TRANSLATED_INTO}
        source_named = {"language": source.language, "slug": source.slug, "version": source.version}
        publication.document = {**publication.document, **mine, "translation_of": source_named}
        publication.list_item = {name: mine.get(name, value) for name, value in publication.list_item.items()}
        publication.jsonld = {**publication.jsonld, "headline": self.translated_title, "inLanguage": TRANSLATED_INTO}
        publication.source_article, publication.source_version = source, source.version
        return publication

    def publication(self, article: Article, when) -> Publication:
        template = self.template
        jsonld = self.jsonld.replace(f"/{template.slug}/", f"/{self.slug}/")
        return Publication(
            article=article,
            slug=self.slug,
            language=article.language,
            translation_key=article.translation_key,
            version=article.version,
            title=self.title,
            search_text=self.search_text.replace(self.old_title.lower(), self.title.lower(), 1),
            reviewer_id=template.reviewer_id,
            approval_id=template.approval_id,
            first_published_at=when,
            live_from=when,
            went_live_at=when,
            next_review_due=template.next_review_due,
            document=self.document,
            list_item=self.list_item,
            jsonld=json.loads(jsonld.replace(json.dumps(self.old_title)[1:-1], json.dumps(self.title)[1:-1])),
            etag=hashlib.sha256(f"{template.etag}{self.slug}".encode()).hexdigest(),
            created_by_id=template.created_by_id,
        )
