"""Publication (from `articles`), PublishedFAQ (from `faq`) and PublishedReference (from `references`)
now belong to `publishing`. State only: the tables keep their names and rows."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("articles", "0005_faq_and_citation_move_in"),
        ("faq", "0001_initial"),
        ("references", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Publication",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("slug", models.SlugField(max_length=200, verbose_name="slug")),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("search_text", models.TextField(help_text="Lower-cased words that ?search= matches.", verbose_name="search text")),
                        ("first_published_at", models.DateTimeField(verbose_name="first published")),
                        ("live_from", models.DateTimeField(help_text="When this version replaces the previous one.", verbose_name="live from")),
                        ("withdrawn_at", models.DateTimeField(blank=True, null=True, verbose_name="withdrawn")),
                        ("went_live_at", models.DateTimeField(blank=True, help_text="Set when the publication was first seen live.", null=True, verbose_name="went live")),
                        ("next_review_due", models.DateField(blank=True, null=True, verbose_name="next review due")),
                        ("document", models.JSONField(verbose_name="detail document")),
                        ("list_item", models.JSONField(verbose_name="list entry")),
                        ("jsonld", models.JSONField(default=dict, verbose_name="JSON-LD")),
                        ("etag", models.CharField(max_length=64, verbose_name="ETag")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("article", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="publications", to="articles.article", verbose_name="article")),
                        ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL, verbose_name="published by")),
                        ("reviewer", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="articles.contributor", verbose_name="medical reviewer")),
                        ("topics", models.ManyToManyField(blank=True, related_name="publications", to="articles.topic", verbose_name="topics")),
                    ],
                    options={
                        "verbose_name": "publication",
                        "verbose_name_plural": "publications",
                        "db_table": "articles_publication",
                        "ordering": ["-live_from", "-pk"],
                        "indexes": [
                            models.Index(fields=["slug", "live_from"], name="publication_slug_live"),
                            models.Index(fields=["article", "live_from"], name="publication_article_live"),
                            models.Index(fields=["first_published_at"], name="publication_first_published"),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="PublishedFAQ",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("faq_id", models.PositiveBigIntegerField(verbose_name="FAQ id")),
                        ("position", models.PositiveIntegerField(verbose_name="position")),
                        ("question", models.CharField(max_length=300, verbose_name="question")),
                        ("answer_markdown", models.TextField(verbose_name="answer (Markdown)")),
                        ("answer_html", models.TextField(verbose_name="answer (HTML)")),
                        ("search_text", models.TextField(verbose_name="search text")),
                        ("publication", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="faqs", to="publishing.publication", verbose_name="publication")),
                    ],
                    options={
                        "verbose_name": "published FAQ",
                        "verbose_name_plural": "published FAQs",
                        "db_table": "faq_publishedfaq",
                        "ordering": ["publication", "position"],
                    },
                ),
                migrations.CreateModel(
                    name="PublishedReference",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("reference_id", models.PositiveBigIntegerField(db_index=True, verbose_name="reference id")),
                        ("number", models.PositiveIntegerField(verbose_name="number")),
                        ("title", models.CharField(max_length=500, verbose_name="title")),
                        ("doi", models.CharField(blank=True, db_index=True, max_length=200, verbose_name="DOI")),
                        ("pmid", models.CharField(blank=True, db_index=True, max_length=12, verbose_name="PubMed ID")),
                        ("data", models.JSONField(verbose_name="published record")),
                        ("publication", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="references", to="publishing.publication", verbose_name="publication")),
                    ],
                    options={
                        "verbose_name": "published reference",
                        "verbose_name_plural": "published references",
                        "db_table": "references_publishedreference",
                        "ordering": ["publication", "number"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
