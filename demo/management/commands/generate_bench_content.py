"""Benchmark content: N published articles of realistic size, for `make bench` (never for a real site).

A few template articles go through the real services (created with all their parts, then published as
reviewed), so that their documents, list entries, JSON-LD and frozen rows are exactly what publishing
makes. The rest are clones of those publications written in bulk under new slugs and titles: publishing
100,000 articles one by one would take hours and measure nothing the read path depends on.
"""

import hashlib
import json
import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.edit_plan import ArticleEdit
from articles.models import Article, ArticleStatus, Contributor, Topic
from articles.services.editing import article_create
from publishing.models import Publication, PublishedFAQ, PublishedRecord, PublishedReference
from publishing.services.lifecycle import article_import_published
from publishing.services.live_set import current_parts_refresh, public_state_move
from references.choices import ReferenceKind
from references.models import Reference

WORDS = [
    "vitamin",
    "calcium",
    "magnesium",
    "deficiency",
    "muscle",
    "cramps",
    "twitching",
    "fatigue",
    "bone",
    "density",
    "kidney",
    "thyroid",
    "hormone",
    "absorption",
    "supplement",
    "dose",
    "blood",
    "test",
    "level",
    "symptom",
    "cause",
    "treatment",
    "diet",
    "sunlight",
    "nerve",
    "tingling",
    "numbness",
    "heart",
    "rhythm",
    "potassium",
    "sodium",
    "dehydration",
    "medication",
    "interaction",
    "risk",
    "older",
    "adults",
    "pregnancy",
    "children",
    "guideline",
    "evidence",
    "trial",
    "review",
    "clinician",
    "laboratory",
    "range",
    "serum",
    "deficiency",
]
CONDITIONS = ["calcium", "magnesium", "potassium", "iron", "vitamin-b12", "vitamin-d", "zinc", "sodium"]
BATCH = 500


def prose(rng: random.Random, words: int) -> str:
    sentences, sentence = [], []
    for _ in range(words):
        sentence.append(rng.choice(WORDS))
        if len(sentence) >= rng.randint(9, 16):
            sentences.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        sentences.append(" ".join(sentence).capitalize() + ".")
    return " ".join(sentences)


class Command(BaseCommand):
    help = (
        "Generate N published benchmark articles (7 key points, 8 sections, 6 comparison rows, 7 FAQs, 15 citations)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--templates", type=int, default=16, help="Articles published through the services.")

    def handle(self, *args, articles: int, templates: int, **options):
        if Article.objects.exists():
            raise CommandError("The database already holds articles: point DATABASE_URL at an empty, migrated one.")
        templates = max(1, min(templates, articles))
        rng = random.Random(20261127)
        with transaction.atomic():
            made = self._templates(rng, templates)
        self.stdout.write(f"Published {len(made)} template articles through the services.")
        for start in range(templates, articles, BATCH):
            with transaction.atomic():
                self._clone(made, range(start, min(start + BATCH, articles)))
            self.stdout.write(f"  {min(start + BATCH, articles)} / {articles}", ending="\r")
        with transaction.atomic():
            public_state_move()  # each clone is its article's only publication: none supersedes another
            current_parts_refresh(article_ids=None, now=timezone.now())  # the clones' topics, people, references
        self.stdout.write(self.style.SUCCESS(f"\n{articles} published articles."))

    def _templates(self, rng: random.Random, count: int) -> list[Publication]:
        topics = [
            Topic.objects.create(name=f"{name.replace('-', ' ').title()} health", slug=f"{name}-health")
            for name in CONDITIONS
        ]
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
        made = []
        for n in range(count):
            condition = CONDITIONS[n % len(CONDITIONS)]
            cited = rng.sample(references, 15)
            sections = [
                {"heading": f"{prose(rng, 4)[:-1]}", "body": f"{prose(rng, 150)} [{1 + k % 15}] [{1 + (k + 7) % 15}]"}
                for k in range(8)
            ]
            edit = ArticleEdit(
                fields={
                    "slug": f"bench-{n}",
                    "title": f"Bench article {n}: {condition.replace('-', ' ')} {prose(rng, 5)[:-1].lower()}",
                    "subtitle": prose(rng, 12),
                    "summary": f"{condition} {prose(rng, 40)}",
                    "intro": prose(rng, 50),
                    "comparison_intro": prose(rng, 20),
                },
                topics=[topics[n % len(CONDITIONS)], topics[(n + 3) % len(CONDITIONS)]],
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

    def _clone(self, made: list[Publication], numbers: range) -> None:
        """Articles and publications n in `numbers`, each a copy of a template under its own slug and title."""
        now = timezone.now()
        pairs = []
        for n in numbers:
            template = made[n % len(made)]
            slug, title = f"bench-{n}", f"Bench article {n}:{template.title.split(':', 1)[1]}"
            pairs.append((n, template, slug, title))
        articles = Article.objects.bulk_create(
            Article(
                slug=slug,
                title=title,
                summary=template.document["summary"],
                status=ArticleStatus.PUBLISHED,
                published_at=now - timedelta(minutes=n),
                last_reviewed_at=template.article.last_reviewed_at,
                next_review_due=template.next_review_due,
            )
            for n, template, slug, title in pairs
        )
        publications = Publication.objects.bulk_create(
            self._publication(article, template, slug, title, now - timedelta(minutes=n))
            for article, (n, template, slug, title) in zip(articles, pairs, strict=True)
        )
        self._parts(publications, [template for _, template, _, _ in pairs])

    def _publication(self, article, template: Publication, slug: str, title: str, when) -> Publication:
        old = template.slug
        jsonld = json.loads(json.dumps(template.jsonld).replace(f"/{old}", f"/{slug}").replace(template.title, title))
        return Publication(
            article=article,
            slug=slug,
            title=title,
            search_text=template.search_text.replace(template.title.lower(), title.lower()),
            reviewer_id=template.reviewer_id,
            approval_id=template.approval_id,
            first_published_at=when,
            live_from=when,
            went_live_at=when,
            next_review_due=template.next_review_due,
            document={**template.document, "slug": slug, "title": title},
            list_item={**template.list_item, "slug": slug, "title": title},
            jsonld=jsonld,
            etag=hashlib.sha256(f"{template.etag}{slug}".encode()).hexdigest(),
            created_by_id=template.created_by_id,
        )

    def _parts(self, publications: list[Publication], templates: list[Publication]) -> None:
        by_template = {
            template.pk: (
                list(template.faqs.all()),
                list(template.references.all()),
                list(template.records.all()),
                list(template.topics.values_list("pk", flat=True)),
                list(template.authors.values_list("pk", flat=True)),
            )
            for template in {template.pk: template for template in templates}.values()
        }
        faqs, references, records, topics, authors = [], [], [], [], []
        for publication, template in zip(publications, templates, strict=True):
            t_faqs, t_references, t_records, t_topics, t_authors = by_template[template.pk]
            faqs += [self._copy(row, publication) for row in t_faqs]
            references += [self._copy(row, publication) for row in t_references]
            records += [self._copy(row, publication) for row in t_records]
            topics += [Publication.topics.through(publication=publication, topic_id=pk) for pk in t_topics]
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
