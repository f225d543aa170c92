import datetime
import io
import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.dateparse import parse_date, parse_datetime

from articles.edit_plan import ArticleEdit
from articles.models import Article, Contributor, Topic
from articles.services.editing import article_create, article_update
from core import languages
from core.models import SiteSettings, SynonymGroup, SynonymSource, SynonymTerm, term_normalize
from core.synonyms import synonyms_changed
from core.versioning import record_update
from demo import images as drawings
from media.models import Image
from media.services import image_create
from publishing.services.editorial_steps import article_import_published, article_transition
from publishing.services.shown import candidate_shown
from publishing.services.translations import article_translate
from references.models import Reference

CONTENT = Path(__file__).resolve().parents[2] / "content.json"
PARTS = ["key_points", "sections", "cause_comparisons", "faqs"]
TRANSLATED_FIELDS = ["slug", "title", "subtitle", "summary", "intro", "comparison_intro", "disclaimer"]


def with_images_placed(data: dict, images: dict[str, Image]) -> dict:
    """An article's `data` with the images its text places named by their key in content.json (`![alt](image:key)`)
    given their ids."""

    def placed(text: str) -> str:
        return re.sub(r"\(image:([a-z0-9-]+)\)", lambda match: f"(image:{images[match.group(1)].pk})", text)

    return {
        **data,
        "intro": placed(data.get("intro", "")),
        "sections": [{**section, "body": placed(section["body"])} for section in data.get("sections", [])],
        "faqs": [{**faq, "answer": placed(faq["answer"])} for faq in data.get("faqs", [])],
    }


class Command(BaseCommand):
    help = (
        "Load the demo articles, topics, contributors and references from demo/content.json. Idempotent: what "
        "already exists (by slug, DOI or URL) is left as it is. Demo users are created only when DJANGO_DEBUG is on, "
        "and with them the Spanish translations, which they review and publish."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--people-only",
            action="store_true",
            help="Load the users, topics and contributors but no article or reference (to write those over the API).",
        )

    def handle(self, *args, people_only=False, **options):
        demo = json.loads(CONTENT.read_text(encoding="utf-8"))
        with transaction.atomic():
            self._serve_languages(demo["translations"]["languages"])
            users = self._load_users(demo["users"])
            topics = {item["slug"]: self._load_topic(item) for item in demo["topics"]}
            people = {item["slug"]: self._load_contributor(item, users) for item in demo["contributors"]}
            self._load_synonyms(demo["synonyms"])
            if people_only:
                self.stdout.write(self.style.SUCCESS("Demo users, topics and contributors are loaded."))
                return
            references = {key: self._load_reference(fields) for key, fields in demo["references"].items()}
            images = {key: self._load_image(key, fields, users) for key, fields in demo["images"].items()}
            parts = {"topics": topics, "people": people, "references": references, "images": images}
            review = demo["review"]
            for data in demo["published_articles"]:
                article = self._load_article(data, parts, users.get("author"))
                if article is None:
                    continue
                # Demo content arrives already reviewed: it goes live as it is, with its review on record.
                article_import_published(
                    article=article,
                    user=users.get("publisher"),
                    reviewer=people[review["reviewer"]],
                    reviewed_at=parse_datetime(review["reviewed_at"]),
                    next_review_due=parse_date(review["next_review_due"]),
                    comment="Demo content, loaded as already reviewed and published.",
                )
                self.stdout.write(f"Published “{article.title}”.")
            for data in demo["draft_articles"]:
                if self._load_article(data, parts, users.get("author")) is not None:
                    self.stdout.write(f"Created the draft “{data['title']}”.")
            self._load_translations(demo, users, images)
        self.stdout.write(self.style.SUCCESS("Demo content is loaded."))

    def _load_users(self, demo_users: dict) -> dict:
        User = get_user_model()
        usernames = [account["username"] for account in demo_users["accounts"]]
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    "Demo users were not created: they have a published password, so they are made only "
                    "when DJANGO_DEBUG is on (local development)."
                )
            )
            return {user.username: user for user in User.objects.filter(username__in=usernames)}
        users = {}
        for account in demo_users["accounts"]:
            username = account["username"]
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "is_superuser": account.get("is_superuser", False),
                    "email": f"{username}@example.org",
                },
            )
            if created:
                user.set_password(demo_users["password"])
                user.save(update_fields=["password"])
                if account.get("group"):
                    user.groups.add(Group.objects.get(name=account["group"]))
                self.stdout.write(f"Created the demo user “{username}”.")
            users[username] = user
        return users

    def _load_topic(self, item: dict) -> Topic:
        topic, _created = Topic.objects.get_or_create(slug=item["slug"], defaults=item)
        return topic

    def _load_synonyms(self, groups: list[dict]) -> None:
        """The editors' synonym groups of the demo articles' lay and clinical words, each made once: a group whose
        first term its language already has is left as it is."""
        made = 0
        for item in groups:
            first = term_normalize(text=item["terms"][0])
            if SynonymTerm.objects.filter(group__language=item["language"], normalized=first).exists():
                continue
            group = SynonymGroup.objects.create(language=item["language"], source=SynonymSource.EDITOR)
            for text in item["terms"]:
                SynonymTerm.objects.create(group=group, text=text)
            made += 1
        if made:
            synonyms_changed.send(sender=SynonymGroup)
            self.stdout.write(f"Created {made} search synonym groups.")

    def _load_contributor(self, item: dict, users: dict) -> Contributor:
        fields = {key: value for key, value in item.items() if key != "user"}
        contributor, _created = Contributor.objects.get_or_create(slug=item["slug"], defaults=fields)
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
        values = {**fields}
        if values.get("accessed_on"):
            values["accessed_on"] = datetime.date.fromisoformat(values["accessed_on"])
        reference = Reference.objects.filter(**lookup).first()
        return reference or Reference.objects.create(**values)

    def _load_image(self, key: str, fields: dict, users: dict) -> Image:
        """The demo's image, drawn by `demo.images` and uploaded as an editor would (checked, re-encoded), once: found
        again by its original name."""
        filename = f"{key}.png"
        existing = Image.objects.filter(original_filename=filename).first()
        if existing is not None:
            return existing
        drawn = getattr(drawings, fields["drawing"])()
        upload = io.BytesIO(drawn)
        upload.name = filename
        values = {name: value for name, value in fields.items() if name != "drawing"}
        image = image_create(upload=upload, fields=values, user=users.get("author"))
        self.stdout.write(f"Added the image “{filename}” to the media library.")
        return image

    def _load_article(self, data: dict, parts: dict, author) -> Article | None:
        """Create the article with all its parts as a draft, or return None when its slug already exists. Images are
        named by their key in content.json (`hero_image`, `![alt](image:key)`), given their ids here."""
        if Article.objects.filter(slug=data["slug"]).exists():
            return None
        images = parts["images"]
        data = with_images_placed(data, images)
        names = ("slug", "title", "subtitle", "summary", "intro", "comparison_intro")
        edit = ArticleEdit(
            fields={
                **{name: data[name] for name in names},
                **({"hero_image": images[data["hero_image"]]} if data.get("hero_image") else {}),
            },
            topics=[parts["topics"][slug] for slug in data["topics"]],
            authors=[parts["people"][slug] for slug in data["authors"]],
            parts={
                **{kind: data[kind] for kind in PARTS},
                "citations": [{"reference": parts["references"][key]} for key in data["references"]],
            },
            markers_use_old_numbers=False,
        )
        return article_create(edit=edit, user=author)

    def _serve_languages(self, wanted: str) -> None:
        """The site serves the demo translations' languages besides its default one."""
        site_settings = SiteSettings.load()
        served = languages.parse_list(site_settings.languages)
        missing = [tag for tag in languages.parse_list(wanted) if tag not in site_settings.served_languages()]
        if missing:
            record_update(
                record=site_settings, fields={"languages": ", ".join(served + missing)}, expected_version=None
            )
            self.stdout.write(f"The site now serves {', '.join(missing)} too (site settings).")

    def _load_translations(self, demo: dict, users: dict, images: dict[str, Image]) -> None:
        """Each demo translation made as an editor would: started from its source's live version, its text replaced
        by the translated one, submitted, approved by a reviewer who reads the language, and published. Then the
        source updates: an English source improved and published again, leaving its translation behind it."""
        spec, updates = demo["translations"], demo["source_updates"]
        people = [spec["author"], spec["reviewer"], updates["reviewer"], "publisher"]
        if any(users.get(name) is None for name in people):
            self.stdout.write(
                "No demo translations: they are reviewed by demo users, made only when DJANGO_DEBUG is on."
            )
            return
        made = set()
        for data in spec["articles"]:
            source = Article.objects.get(slug=data["source"], language=SiteSettings.load().language)
            if Article.objects.filter(translation_key=source.translation_key, language=spec["languages"]).exists():
                continue
            translation = article_translate(
                source=source, language=spec["languages"], copy_text=True, user=users[spec["author"]]
            )
            data = with_images_placed(data, images)  # the figures, as in the source (their texts in its language)
            translation = article_update(
                article=translation,
                edit=ArticleEdit(
                    fields={name: data[name] for name in TRANSLATED_FIELDS},
                    parts={kind: data[kind] for kind in PARTS},
                    markers_use_old_numbers=False,
                ),
                user=users[spec["author"]],
                expected_version=translation.version,
            )
            self._review_and_publish(
                translation, author=users[spec["author"]], reviewer=users[spec["reviewer"]], users=users
            )
            made.add(source.slug)
            self.stdout.write(f"Published the translation “{translation.title}”.")
        for data in updates["articles"]:
            if data["slug"] not in made:  # improved once, when its translation was made
                continue
            source = Article.objects.get(slug=data["slug"], language=SiteSettings.load().language)
            source = article_update(
                article=source,
                edit=ArticleEdit(fields=data["fields"]),
                user=users[spec["author"]],
                expected_version=source.version,
            )
            self._review_and_publish(
                source, author=users[spec["author"]], reviewer=users[updates["reviewer"]], users=users
            )
            self.stdout.write(f"Published “{source.title}” again, improved: its translation is now behind it.")

    def _review_and_publish(self, article: Article, *, author, reviewer, users: dict) -> None:
        """Submit, approve (the reviewer's page shows the document it approves) and publish, each by its role."""
        article_transition("submit", article=article, user=author, expected_version=article.version)
        article = Article.objects.get(pk=article.pk)
        article_transition(
            "approve",
            article=article,
            user=reviewer,
            expected_version=article.version,
            shown_document=candidate_shown(article=article),
        )
        article_transition("publish", article=article, user=users["publisher"], expected_version=article.version)
