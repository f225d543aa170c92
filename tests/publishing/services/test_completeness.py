"""Medical completeness before review: what the site requires refuses submission, each item named; the reviewer's
page lists every gap, required or not."""

import pytest
from django.urls import reverse

from articles.models import Article, ArticleStatus
from core.exceptions import StateConflict
from core.models import SiteSettings
from publishing.services.completeness import article_gaps
from publishing.services.editorial_steps import article_transition
from references.choices import ReferenceKind
from tests.helpers.factories import (
    ArticleFactory,
    CitationFactory,
    ContributorFactory,
    ReferenceFactory,
    SectionFactory,
)
from tests.helpers.manage_api import token_client
from tests.helpers.people import user_in_role

pytestmark = pytest.mark.django_db


def requiring(**checks) -> None:
    SiteSettings.objects.filter(pk=SiteSettings.load().pk).update(**checks)


def gaps_of(article: Article) -> dict[str, bool]:
    return {
        gap.check: gap.required
        for gap in article_gaps(Article.objects.with_content().get(pk=article.pk), SiteSettings.load())
    }


def test_an_article_without_an_author_is_not_sent_for_review_and_the_refusal_names_it():
    author = user_in_role("autora", "Author")
    lonely = ArticleFactory(title="Iron and fatigue")
    signed = ArticleFactory(title="Zinc")
    signed.authors.add(ContributorFactory())

    with pytest.raises(StateConflict) as refused:
        article_transition("submit", article=lonely, user=author)
    article_transition("submit", article=signed, user=author)  # control: the same step with an author

    assert "No author" in str(refused.value) and "“Iron and fatigue”" in str(refused.value)
    assert Article.objects.get(pk=lonely.pk).status == ArticleStatus.DRAFT  # nothing changed
    assert Article.objects.get(pk=signed.pk).status == ArticleStatus.IN_REVIEW


def test_a_site_that_does_not_require_an_author_sends_it_and_still_lists_the_gap():
    requiring(submit_needs_author=False)
    lonely = ArticleFactory()

    article_transition("submit", article=lonely, user=user_in_role("autora", "Author"))

    assert Article.objects.get(pk=lonely.pk).status == ArticleStatus.IN_REVIEW
    assert gaps_of(lonely) == {"author": False}


def article_with_weak_sources() -> Article:
    article = ArticleFactory()
    article.authors.add(ContributorFactory())
    unfindable = ReferenceFactory(kind=ReferenceKind.BOOK, doi="", pmid="", url="", title="A book")
    CitationFactory(article=article, reference=ReferenceFactory(doi="10.1056/nejmra070553"), number=1)
    CitationFactory(article=article, reference=unfindable, number=2)
    SectionFactory(article=article, heading="What it does", body="It helps [1].")
    SectionFactory(article=article, heading="Who needs more", body="Older adults.")
    return article


def test_findable_references_and_cited_sections_are_listed_and_refuse_submission_where_the_site_says():
    article = article_with_weak_sources()
    author = user_in_role("autora", "Author")
    listed = gaps_of(article)
    article_transition("submit", article=article, user=author)  # control: listed, not required by default
    article_transition("withdraw", article=Article.objects.get(pk=article.pk), user=author)
    requiring(submit_needs_findable_references=True, submit_needs_cited_sections=True)

    with pytest.raises(StateConflict) as refused:
        article_transition("submit", article=Article.objects.get(pk=article.pk), user=author)

    assert listed == {"findable_references": False, "cited_sections": False}
    message = str(refused.value)
    assert "web address" in message and ": 2." in message  # the reference cited as [2]
    assert "“Who needs more”" in message and "“What it does”" not in message
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT


def test_the_management_api_answers_an_incomplete_submission_with_a_409_naming_what_is_missing(author):
    client = token_client(author)
    lonely = client.post("/api/v1/manage/articles/", {"title": "Iron", "summary": "Iron."}, format="json").json()

    refused = client.post(
        f"/api/v1/manage/articles/{lonely['slug']}/transitions/",
        {"action": "submit"},
        format="json",
        HTTP_IF_MATCH=f'"{lonely["version"]}"',
    )

    assert refused.status_code == 409
    assert "No author" in refused.json()["detail"]
    assert client.get(f"/api/v1/manage/articles/{lonely['slug']}/").json()["status"] == "draft"


def test_the_reviewers_page_lists_what_is_missing_or_weak(admin_client):
    weak = article_with_weak_sources()
    complete = ArticleFactory()
    complete.authors.add(ContributorFactory())
    requiring(submit_needs_findable_references=True)

    page = admin_client.get(reverse("admin:articles_article_change", args=[weak.pk])).content.decode()
    fine = admin_client.get(reverse("admin:articles_article_change", args=[complete.pk])).content.decode()

    assert '<ul class="completeness">' in page
    assert "Sections that cite no reference: “Who needs more”." in page
    assert "so readers cannot find them: 2. Required before review." in page
    assert '<ul class="completeness">' not in fine and "Nothing: it names an author" in fine
