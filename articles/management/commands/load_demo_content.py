import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import demo_content as demo
from articles.models import (
    Article,
    ArticleStatus,
    ArticleTransition,
    CauseComparison,
    Contributor,
    KeyPoint,
    Section,
    Topic,
)
from articles.services import publication_create
from faq.models import FAQ
from references.models import Citation, Reference

ROLE_GROUPS = {"author": "Author", "reviewer": "Medical reviewer", "publisher": "Publisher"}


class Command(BaseCommand):
    help = (
        "Load the demo articles, topics, contributors and references. Idempotent: what already "
        "exists (by slug, DOI or URL) is left as it is. Demo users are created only when DJANGO_DEBUG is on."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            users = self._load_users()
            topics = {item["slug"]: self._load_topic(item) for item in demo.TOPICS}
            people = {item["slug"]: self._load_contributor(item, users) for item in demo.CONTRIBUTORS}
            references = {key: self._load_reference(fields) for key, fields in demo.REFERENCES.items()}
            parts = {"topics": topics, "people": people, "references": references}
            for data in demo.PUBLISHED_ARTICLES:
                article = self._load_article(data, parts)
                if article is not None:
                    # Demo content arrives already reviewed, so it is frozen straight into a publication.
                    publication_create(article=article, user=users.get("publisher"))
                    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.PUBLISHED)
                    ArticleTransition.objects.create(
                        article=article,
                        actor=users.get("publisher"),
                        action="import",
                        from_status=ArticleStatus.DRAFT,
                        to_status=ArticleStatus.PUBLISHED,
                        comment="Demo content, loaded as already reviewed and published.",
                    )
                    self.stdout.write(f"Published “{article.title}”.")
            for data in demo.DRAFT_ARTICLES:
                if self._load_article(data, parts) is not None:
                    self.stdout.write(f"Created the draft “{data['title']}”.")
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))

    def _load_users(self) -> dict:
        User = get_user_model()
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    "Demo users were not created: they have a published password, so they are made only "
                    "when DJANGO_DEBUG is on (local development)."
                )
            )
            return {user.username: user for user in User.objects.filter(username__in=demo.DEMO_USERS)}
        users = {}
        for username, flags in demo.DEMO_USERS.items():
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "email": f"{username}@example.org", **flags},
            )
            if created:
                user.set_password(demo.DEMO_PASSWORD)
                user.save(update_fields=["password"])
                if username in ROLE_GROUPS:
                    user.groups.add(Group.objects.get(name=ROLE_GROUPS[username]))
                self.stdout.write(f"Created the demo user “{username}”.")
            users[username] = user
        return users

    def _load_topic(self, item: dict) -> Topic:
        topic, _ = Topic.objects.get_or_create(slug=item["slug"], defaults=item)
        return topic

    def _load_contributor(self, item: dict, users: dict) -> Contributor:
        fields = {key: value for key, value in item.items() if key != "user"}
        contributor, _ = Contributor.objects.get_or_create(slug=item["slug"], defaults=fields)
        user = users.get(item["user"])
        if user is not None and contributor.user_id is None:
            contributor.user = user
            contributor.save(update_fields=["user"])
        return contributor

    def _load_reference(self, fields: dict) -> Reference:
        if fields.get("doi"):
            lookup = {"doi": fields["doi"].lower()}
        elif fields.get("url"):
            lookup = {"url": fields["url"]}
        else:
            lookup = {"title": fields["title"], "kind": fields["kind"]}
        reference = Reference.objects.filter(**lookup).first()
        return reference or Reference.objects.create(**fields)

    def _load_article(self, data: dict, parts: dict) -> Article | None:
        """Create the article with all its parts, or return None when its slug already exists."""
        if Article.objects.filter(slug=data["slug"]).exists():
            return None
        # The first stored version, so that the admin's history starts with the demo text.
        with reversion.create_revision():
            reversion.set_comment("Demo content loaded.")
            return self._create_article(data, parts)

    def _create_article(self, data: dict, parts: dict) -> Article:
        article = Article.objects.create(
            slug=data["slug"],
            title=data["title"],
            subtitle=data["subtitle"],
            summary=data["summary"],
            intro=data["intro"],
            comparison_intro=data["comparison_intro"],
            status=ArticleStatus.DRAFT,
            medical_reviewer=parts["people"]["maya-lindqvist"] if data in demo.PUBLISHED_ARTICLES else None,
            last_reviewed_at=demo.REVIEWED_AT if data in demo.PUBLISHED_ARTICLES else None,
            next_review_due=demo.REVIEW_DUE if data in demo.PUBLISHED_ARTICLES else None,
        )
        article.topics.set(parts["topics"][slug] for slug in data["topics"])
        article.authors.set(parts["people"][slug] for slug in data["authors"])
        for position, (title, text) in enumerate(data["key_points"], start=1):
            KeyPoint.objects.create(article=article, position=position, title=title, text=text)
        for position, (heading, body) in enumerate(data["sections"], start=1):
            Section.objects.create(article=article, position=position, heading=heading, body=body)
        for position, (cause, symptoms, factors) in enumerate(data["comparisons"], start=1):
            CauseComparison.objects.create(
                article=article,
                position=position,
                cause=cause,
                related_symptoms=symptoms,
                differentiating_factors=factors,
            )
        for position, (question, answer) in enumerate(data["faqs"], start=1):
            FAQ.objects.create(article=article, position=position, question=question, answer=answer)
        for number, key in enumerate(data["references"], start=1):
            Citation.objects.create(article=article, reference=parts["references"][key], number=number)
        return article
