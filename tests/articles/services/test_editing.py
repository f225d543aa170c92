"""The editing rules that the admin, the management API and importers share."""

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from reversion.models import Version

from articles.edit_plan import ArticleEdit
from articles.models import Article, ArticleStatus, ArticleTransition, Section
from articles.services.editing import article_create, article_edit_problems, article_update
from core.exceptions import StaleVersion, StateConflict
from tests.helpers.factories import (
    ArticleFactory,
    CitationFactory,
    ContributorFactory,
    FAQFactory,
    ReferenceFactory,
    SectionFactory,
    UserFactory,
    complete_article,
)
from tests.helpers.publishing import publish_reviewed

pytestmark = pytest.mark.django_db


def rows(article: Article, kind: str, *fields: str) -> list[dict]:
    """The stored rows of one kind of part, as an edit that keeps them as they are."""
    return [{"id": row.pk, **{name: getattr(row, name) for name in fields}} for row in getattr(article, kind).all()]


def citation_rows(article: Article) -> list[dict]:
    return [{"id": citation.pk, "reference": citation.reference} for citation in article.citations.all()]


def update(article: Article, user, **edit) -> Article:
    article.refresh_from_db()
    return article_update(article=article, edit=ArticleEdit(**edit), user=user, expected_version=article.version)


@pytest.fixture
def cited(db):
    """A draft citing three references, with markers in its intro, a section and an FAQ."""
    article = ArticleFactory(intro="Low levels are common [1].")
    for _ in range(3):
        CitationFactory(article=article)
    SectionFactory(article=article, heading="Causes", body="Sun exposure matters [2] and so does diet [3].")
    FAQFactory(article=article, question="How common?", answer="Very common [1, 3].")
    return article


def test_creating_fills_the_slug_from_the_title_and_keeps_it_unique(author):
    first = article_create(edit=ArticleEdit(fields={"title": "Vitamin D & You", "summary": "s"}), user=author)
    second = article_create(edit=ArticleEdit(fields={"title": "Vitamin D & you", "summary": "s"}), user=author)

    assert (first.slug, second.slug) == ("vitamin-d-you", "vitamin-d-you-2")
    assert (first.status, first.version) == (ArticleStatus.DRAFT, 1)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Витамин D и мышцы", "витамин-d-и-мышцы"),
        ("ビタミンDと筋肉", "ビタミンdと筋肉"),
        ("Carence en vitamine D", "carence-en-vitamine-d"),
    ],
)
def test_slugs_of_non_latin_titles_keep_their_words(author, title, slug):
    article = article_create(edit=ArticleEdit(fields={"title": title, "summary": "s"}), user=author)

    assert article.slug == slug


def test_creating_is_for_authors(reviewer, author):
    with pytest.raises(PermissionDenied):
        article_create(edit=ArticleEdit(fields={"title": "T", "summary": "s"}), user=reviewer)
    assert not Article.objects.exists()
    assert article_create(edit=ArticleEdit(fields={"title": "T", "summary": "s"}), user=author).pk


def test_blank_anchors_come_from_headings_and_are_unique_within_the_article(author):
    sections = [{"heading": "Diagnosis & Treatment", "anchor": "", "body": "b"} for _ in range(3)]

    article = article_create(
        edit=ArticleEdit(fields={"title": "T", "summary": "s"}, parts={"sections": sections}), user=author
    )

    assert list(article.sections.values_list("anchor", flat=True)) == [
        "diagnosis-treatment",
        "diagnosis-treatment-2",
        "diagnosis-treatment-3",
    ]


def test_two_sections_typed_with_the_same_anchor_are_a_problem_on_the_second(author):
    sections = [{"heading": "A", "anchor": "same", "body": "b"}, {"heading": "B", "anchor": "same", "body": "b"}]

    problems = article_edit_problems(
        article=Article(), edit=ArticleEdit(parts={"sections": sections}), user=author, expected_version=None
    )

    assert [(p.part, p.index, p.field) for p in problems] == [("sections", 1, "anchor")]
    assert "same" in problems[0].message


def test_parts_are_created_updated_reordered_and_deleted_in_one_save(author):
    article = complete_article(children=3)
    first, second, third = article.key_points.all()

    update(
        article,
        author,
        parts={
            "key_points": [
                {"id": third.pk, "title": "Third, now first", "text": third.text},
                {"id": first.pk, "title": first.title, "text": first.text},
                {"title": "Brand new", "text": "New text."},
            ]
        },
    )

    assert list(article.key_points.values_list("title", "position")) == [
        ("Third, now first", 1),
        (first.title, 2),
        ("Brand new", 3),
    ]
    assert not article.key_points.filter(pk=second.pk).exists()


def test_a_marker_pointing_at_no_citation_is_refused_and_nothing_changes(author, cited):
    sections = rows(cited, "sections", "heading", "anchor", "body")
    sections[0]["body"] = "Sun exposure matters [4]."
    version = Article.objects.get(pk=cited.pk).version

    with pytest.raises(ValidationError) as refused:
        update(cited, author, parts={"sections": sections})

    assert "[4] points at citation 4, which does not exist (this article's citations are 1-3)" in str(refused.value)
    cited.refresh_from_db()
    assert cited.version == version
    assert cited.sections.get().body == "Sun exposure matters [2] and so does diet [3]."


def test_problems_name_the_part_the_row_and_the_field(author, cited):
    faqs = rows(cited, "faqs", "question", "answer")
    faqs[0]["answer"] = "Rare [9]."

    problems = article_edit_problems(
        article=cited,
        edit=ArticleEdit(fields={"intro": "Intro [0]."}, parts={"faqs": faqs}),
        user=author,
        expected_version=cited.version,
    )

    assert [(p.part, p.index, p.field) for p in problems] == [(None, None, "intro"), ("faqs", 0, "answer")]
    assert "citations are numbered from 1" in problems[0].message


def test_reordering_citations_rewrites_every_marker_to_follow_its_reference(author, cited):
    one, two, three = cited.citations.all()
    references = {citation.number: citation.reference_id for citation in (one, two, three)}

    update(
        cited,
        author,
        parts={"citations": [{"id": c.pk, "reference": c.reference} for c in (three, one, two)]},
    )

    cited.refresh_from_db()
    numbers = {citation.reference_id: citation.number for citation in cited.citations.all()}
    assert numbers == {references[3]: 1, references[1]: 2, references[2]: 3}
    assert cited.intro == "Low levels are common [2]."
    assert cited.sections.get().body == "Sun exposure matters [3] and so does diet [1]."
    assert cited.faqs.get().answer == "Very common [1, 2]."


def test_markers_typed_in_the_same_save_use_the_numbers_shown_before_the_reorder(author, cited):
    one, two, three = cited.citations.all()
    sections = rows(cited, "sections", "heading", "anchor", "body")
    sections[0]["body"] = "Typed while dragging: [1]."

    update(
        cited,
        author,
        parts={"sections": sections, "citations": [{"id": c.pk, "reference": c.reference} for c in (two, one, three)]},
    )

    assert cited.sections.get().body == "Typed while dragging: [2]."  # [1] was one; one is now number 2


def test_a_new_citation_can_be_cited_by_the_number_it_will_get(author, cited):
    sections = rows(cited, "sections", "heading", "anchor", "body")
    sections[0]["body"] = "A new source [4]."

    update(
        cited,
        author,
        parts={"sections": sections, "citations": [*citation_rows(cited), {"reference": ReferenceFactory()}]},
    )

    assert cited.citations.count() == 4
    assert cited.sections.get().body == "A new source [4]."


def test_removing_a_cited_citation_is_refused_naming_the_marker(author, cited):
    kept = citation_rows(cited)[:2]

    with pytest.raises(ValidationError, match=r"\[2\] and so does diet \[3\]|cites \[3\], a citation you are removing"):
        update(cited, author, parts={"citations": kept})
    assert cited.citations.count() == 3


def test_citing_one_reference_twice_is_a_problem(author, cited):
    citations = citation_rows(cited)
    citations.append({"reference": citations[0]["reference"]})

    problems = article_edit_problems(
        article=cited, edit=ArticleEdit(parts={"citations": citations}), user=author, expected_version=cited.version
    )

    assert [(p.part, p.index, p.field) for p in problems] == [("citations", 3, "reference")]


def test_whole_documents_use_their_own_numbering(author, cited):
    """An importer or the API sends texts that already use the new numbers: nothing is rewritten."""
    one, two, three = cited.citations.all()
    cited.refresh_from_db()

    article_update(
        article=cited,
        edit=ArticleEdit(
            parts={"citations": [{"id": c.pk, "reference": c.reference} for c in (three, two, one)]},
            markers_use_old_numbers=False,
        ),
        user=author,
        expected_version=cited.version,
    )

    assert cited.sections.get().body == "Sun exposure matters [2] and so does diet [3]."


def test_a_save_based_on_a_stale_version_is_refused_and_says_who_saved(author):
    article = complete_article(children=1)
    loaded = Article.objects.get(pk=article.pk).version
    update(article, author, fields={"summary": "First editor's summary."})

    with pytest.raises(StaleVersion) as refused:
        article_update(
            article=article, edit=ArticleEdit(fields={"title": "Second"}), user=author, expected_version=loaded
        )

    assert refused.value.saved_by == "author"
    assert refused.value.current == loaded + 1
    article.refresh_from_db()
    assert (article.title, article.summary) == (article.title, "First editor's summary.")
    assert article.title != "Second"


def test_every_save_raises_the_version_and_keeps_a_revision(author):
    article = complete_article(children=1)
    article.refresh_from_db()
    before = article.version

    update(article, author, fields={"summary": "Changed."})

    article.refresh_from_db()
    assert article.version == before + 1
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 1
    assert versions.first().revision.user == author
    assert {v.content_type.model for v in versions.first().revision.version_set.all()} >= {"keypoint", "section", "faq"}


def test_a_save_that_changes_nothing_writes_nothing(author, django_assert_max_num_queries):
    article = complete_article(children=1)
    article.refresh_from_db()
    before = article.version

    update(
        article, author, fields={"title": article.title}, parts={"faqs": rows(article, "faqs", "question", "answer")}
    )

    article.refresh_from_db()
    assert article.version == before
    assert not Version.objects.get_for_object(article).exists()


@pytest.mark.parametrize("status", [ArticleStatus.IN_REVIEW, ArticleStatus.APPROVED, ArticleStatus.ARCHIVED])
def test_text_in_review_approved_or_archived_is_locked(author, status):
    article = complete_article(children=1, status=status)

    with pytest.raises(StateConflict, match=r"Withdraw it to draft|return it to draft"):
        update(article, author, fields={"summary": "Sneaked in."})
    article.refresh_from_db()
    assert article.summary != "Sneaked in."
    # Positive control: the same edit of a draft is saved.
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.DRAFT)
    assert update(article, author, fields={"summary": "Sneaked in."}).summary == "Sneaked in."


def test_editing_a_published_article_makes_it_a_draft_with_an_audit_entry(author, api_client):
    article = complete_article(children=1)
    publish_reviewed(article)

    update(article, author, fields={"summary": "A better summary."})

    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    entry = ArticleTransition.objects.filter(article=article).first()
    assert (entry.action, entry.from_status, entry.to_status, entry.actor) == ("edit", "published", "draft", author)
    assert api_client.get(f"/api/v1/articles/{article.slug}/").json()["summary"] != "A better summary."


def test_editing_a_draft_keeps_it_a_draft_without_an_audit_entry(author):
    article = complete_article(children=1)

    update(article, author, fields={"summary": "Changed."})

    article.refresh_from_db()
    assert article.status == ArticleStatus.DRAFT
    assert not ArticleTransition.objects.filter(article=article).exists()


def test_only_editors_may_edit(author):
    article = complete_article(children=1)
    outsider = UserFactory(username="outsider")

    with pytest.raises(PermissionDenied):
        update(article, outsider, fields={"summary": "Changed."})
    assert update(article, author, fields={"summary": "Changed."}).summary == "Changed."


def test_a_row_deleted_by_someone_else_is_a_problem_not_a_crash(author):
    article = complete_article(children=2)
    key_points = rows(article, "key_points", "title", "text")
    article.key_points.filter(pk=key_points[1]["id"]).delete()

    problems = article_edit_problems(
        article=article, edit=ArticleEdit(parts={"key_points": key_points}), user=author, expected_version=None
    )

    assert [(p.part, p.index) for p in problems] == [("key_points", 1)]


def test_markers_in_key_points_are_checked_and_follow_their_citations(author, cited):
    point = {"title": "Common", "text": "Up to half of adults [1]."}
    update(cited, author, parts={"key_points": [point]})
    one, two, three = cited.citations.all()

    update(cited, author, parts={"citations": [{"id": c.pk, "reference": c.reference} for c in (two, one, three)]})
    problems = article_edit_problems(
        article=cited,
        edit=ArticleEdit(parts={"key_points": [{**point, "text": "Unsupported [9]."}]}),
        user=author,
        expected_version=Article.objects.get(pk=cited.pk).version,
    )

    assert cited.key_points.get().text == "Up to half of adults [2]."
    assert [(p.part, p.index, p.field) for p in problems] == [("key_points", 0, "text")]


def test_checking_an_edit_from_a_stale_page_says_someone_saved_before_listing_problems(author):
    article = complete_article(children=1)
    loaded = Article.objects.get(pk=article.pk).version
    update(article, author, fields={"summary": "Saved by someone else."})
    # A problem too (a marker citing nothing): the stale page is what the editor must hear of first.
    broken = ArticleEdit(parts={"sections": [{"heading": "Evidence", "body": "As shown [9]."}]})

    with pytest.raises(StaleVersion):
        article_edit_problems(article=article, edit=broken, user=author, expected_version=loaded)
    # Positive control: from the current version, the problem itself is reported.
    article.refresh_from_db()
    assert article_edit_problems(article=article, edit=broken, user=author, expected_version=article.version)


def test_a_new_article_is_written_into_the_callers_instance_and_its_first_revision_says_who(author):
    held = Article()  # the admin's form holds an unsaved instance and needs it saved

    created = article_create(
        edit=ArticleEdit(fields={"title": "New", "slug": "new", "summary": "S."}), user=author, article=held
    )

    assert created is held and held.pk is not None
    revision = Version.objects.get_for_object(held).get().revision
    assert (revision.user, revision.comment) == (author, "Created.")


def test_each_row_someone_deleted_meanwhile_is_reported_where_it_was(author):
    article = complete_article(children=2)
    faqs = rows(article, "faqs", "question", "answer")
    article.faqs.all().delete()

    with pytest.raises(ValidationError) as refused:
        update(article, author, parts={"faqs": faqs})

    assert refused.value.message_dict == {
        "faqs": ["FAQ: This row was deleted by someone else since the page was loaded."] * 2
    }


def test_changing_one_row_leaves_the_others_where_they_are(author):
    article = complete_article(children=3)
    faqs = rows(article, "faqs", "question", "answer")
    faqs[1]["answer"] = "A new answer to the second question."

    update(article, author, parts={"faqs": faqs})

    assert list(article.faqs.order_by("position").values_list("pk", "position")) == [
        (faqs[0]["id"], 1), (faqs[1]["id"], 2), (faqs[2]["id"], 3),
    ]  # fmt: skip


def test_two_sections_swap_anchors_in_one_save(author):
    article = complete_article(children=2)
    sections = rows(article, "sections", "heading", "body", "anchor")
    first, second = sections[0]["anchor"], sections[1]["anchor"]
    sections[0]["anchor"], sections[1]["anchor"] = second, first

    update(article, author, parts={"sections": sections})

    assert list(article.sections.order_by("position").values_list("anchor", flat=True)) == [second, first]


def test_a_title_without_letters_or_digits_gets_the_slug_article(author):
    created = article_create(edit=ArticleEdit(fields={"title": "¿?", "summary": "S."}), user=author)
    again = article_create(edit=ArticleEdit(fields={"title": "!!", "summary": "S."}), user=author)

    assert (created.slug, again.slug) == ("article", "article-2")


def test_clearing_the_slug_makes_it_again_from_the_title_without_counting_the_article_itself(author):
    article = article_create(edit=ArticleEdit(fields={"title": "Calcium basics", "summary": "S."}), user=author)
    assert article.slug == "calcium-basics"

    updated = update(article, author, fields={"slug": ""})

    assert updated.slug == "calcium-basics"


def test_a_heading_without_letters_or_digits_gets_the_anchor_section(author):
    article = article_create(
        edit=ArticleEdit(
            fields={"title": "Anchors", "summary": "S."},
            parts={"sections": [{"heading": "???", "body": "One."}, {"heading": "!!!", "body": "Two."}]},
        ),
        user=author,
    )

    assert list(article.sections.order_by("position").values_list("anchor", flat=True)) == ["section", "section-2"]


def test_an_anchor_made_from_a_long_heading_uses_the_whole_anchor_length(author):
    # A heading may hold 200 characters; its slug can be longer, as "ﬃ" (one character) slugifies to "ffi".
    heading = "ﬃ" * 200
    assert len(heading) == Section._meta.get_field("heading").max_length

    article = article_create(
        edit=ArticleEdit(
            fields={"title": "Long", "summary": "S."}, parts={"sections": [{"heading": heading, "body": "B."}]}
        ),
        user=author,
    )

    anchor = article.sections.get().anchor
    assert len(anchor) == 220 == article.sections.model._meta.get_field("anchor").max_length


@pytest.mark.parametrize("marker", ["[0]", "[3]"])
def test_a_marker_outside_the_citations_numbers_is_refused(author, marker):
    edit = ArticleEdit(
        fields={"title": "Markers", "summary": "S.", "intro": f"As shown {marker}."},
        parts={"citations": [{"reference": ReferenceFactory()}, {"reference": ReferenceFactory()}]},
        markers_use_old_numbers=False,
    )

    with pytest.raises(ValidationError) as refused:
        article_create(edit=edit, user=author)

    assert refused.value.message_dict["intro"][0].startswith(f"Introduction: {marker}")
    # Positive control: the numbers the citations have.
    edit.fields["intro"] = "As shown [1, 2]."
    assert article_create(edit=edit, user=author).intro == "As shown [1, 2]."


def test_a_bad_marker_in_a_key_point_is_reported_with_the_key_points_title(author):
    edit = ArticleEdit(
        fields={"title": "Markers", "summary": "S."},
        parts={"key_points": [{"title": "Dose", "text": "Too much [4]."}]},
        markers_use_old_numbers=False,
    )

    with pytest.raises(ValidationError) as refused:
        article_create(edit=edit, user=author)

    assert refused.value.message_dict["key_points"][0].startswith("Key point “Dose”: [4] points at citation 4")


def test_a_stored_text_left_citing_a_removed_citation_is_reported_for_the_whole_article(author):
    article = article_create(
        edit=ArticleEdit(
            fields={"title": "Stored", "summary": "S."},
            parts={
                "sections": [{"heading": "Evidence", "body": "See [2]."}],
                "citations": [{"reference": ReferenceFactory()}, {"reference": ReferenceFactory()}],
            },
            markers_use_old_numbers=False,
        ),
        user=author,
    )
    first = article.citations.order_by("number").first()

    with pytest.raises(ValidationError) as refused:
        update(article, author, parts={"citations": [{"id": first.pk, "reference": first.reference}]})

    # The sections were not sent, so no sent row can carry the problem: it is the article's.
    assert list(refused.value.message_dict) == [NON_FIELD_ERRORS]
    assert refused.value.message_dict[NON_FIELD_ERRORS][0].startswith("Section “Evidence”: [2]")


def test_changing_only_the_authors_is_a_change_and_sending_the_same_ones_is_not(author):
    article = complete_article(children=1)
    article.refresh_from_db()
    same = list(article.authors.all())
    version = article.version

    unchanged = update(article, author, authors=same, topics=list(article.topics.all()))
    assert unchanged.version == version  # the same people, as objects: nothing to write

    newcomer = ContributorFactory()
    changed = update(article, author, authors=[*same, newcomer])
    assert changed.version == version + 1
    assert newcomer in changed.authors.all()


def test_fields_an_edit_may_not_set_are_a_programming_error_naming_them(author):
    article = complete_article(children=1)

    with pytest.raises(ValueError, match=r"Not editable article fields: \['status', 'version'\]"):
        update(article, author, fields={"status": "published", "version": 9, "summary": "S."})
