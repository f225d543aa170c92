import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from articles.models import FAQ, Article, CauseComparison, Citation, Contributor, KeyPoint, Section, Topic
from core.models import SiteSettings
from references.models import NoticeNature, Reference, ReferenceKind, RetractionNotice


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"editor{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("demo-password")
    is_staff = True


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    name = factory.Sequence(lambda n: f"Contributor {n}")
    slug = factory.Sequence(lambda n: f"contributor-{n}")
    credentials = "MD"


class ReviewerFactory(ContributorFactory):
    is_author = False
    is_medical_reviewer = True


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article number {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    # Written in the site's language, as `article_create` makes a new article unless told otherwise.
    language = factory.LazyFunction(lambda: SiteSettings.load().language)
    summary = "A short summary of the article."
    intro = "An introduction with **bold** words."
    comparison_intro = "How the causes compare:"
    medical_reviewer = factory.SubFactory(ReviewerFactory)
    last_reviewed_at = factory.LazyFunction(lambda: datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC))
    next_review_due = datetime.date(2027, 3, 1)


class KeyPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyPoint

    article = factory.SubFactory(ArticleFactory)
    title = factory.Sequence(lambda n: f"Key point {n}")
    text = "What the reader should remember."


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    article = factory.SubFactory(ArticleFactory)
    heading = factory.Sequence(lambda n: f"Section heading {n}")
    anchor = factory.LazyAttribute(lambda section: slugify(section.heading))
    body = "A paragraph of the section, with a [link](https://example.org)."


class CauseComparisonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CauseComparison

    article = factory.SubFactory(ArticleFactory)
    cause = factory.Sequence(lambda n: f"Cause {n}")
    related_symptoms = "Fatigue, cramps"
    differentiating_factors = "Goes away when the cause is treated."


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    article = factory.SubFactory(ArticleFactory)
    question = factory.Sequence(lambda n: f"Question number {n}?")
    answer = "An answer in *Markdown*."


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    kind = ReferenceKind.WEBSITE
    title = factory.Sequence(lambda n: f"Reference title {n}")
    authors = "Office of Dietary Supplements"
    container = "National Institutes of Health"
    year = 2024
    url = factory.Sequence(lambda n: f"https://example.org/reference-{n}")
    accessed_on = datetime.date(2026, 11, 1)


class CitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Citation

    article = factory.SubFactory(ArticleFactory)
    reference = factory.SubFactory(ReferenceFactory)


def complete_article(children: int = 2, **fields) -> Article:
    """An article with `children` of every kind of part, topics and authors."""
    article = ArticleFactory(**fields)
    article.topics.add(TopicFactory(), TopicFactory())
    article.authors.add(ContributorFactory(), ContributorFactory())
    for _ in range(children):
        KeyPointFactory(article=article)
        SectionFactory(article=article)
        CauseComparisonFactory(article=article)
        FAQFactory(article=article)
        CitationFactory(article=article)
    return article


RETRACTED_DOI = "10.1016/s0140-6736(97)11096-0"


def article_with_every_part(children: int = 2, **fields) -> Article:
    """`complete_article` with a subtitle, its disclosures filled in, and a cited paper that Retraction Watch
    reports retracted: every part the public document can hold."""
    fields = {
        "subtitle": "What the studies say",
        "sponsored": True,
        "funding": "Paid for by the Example Foundation.",
        "conflicts_of_interest": "The reviewer has received speaker fees from a supplement maker.",
        **fields,
    }
    article = complete_article(children=children, **fields)
    paper = ReferenceFactory(
        kind=ReferenceKind.JOURNAL_ARTICLE,
        title="Ileal-lymphoid-nodular hyperplasia and pervasive developmental disorder in children",
        authors="Wakefield AJ, Murch SH",
        container="Lancet",
        year=1998,
        doi=RETRACTED_DOI,
        url="",
    )
    CitationFactory(article=article, reference=paper)
    RetractionNotice.objects.create(
        record_id=1, nature=NoticeNature.RETRACTION, notice_date=datetime.date(2010, 2, 6),
        notice_doi="10.1016/s0140-6736(10)60175-4", original_doi=RETRACTED_DOI,
    )  # fmt: skip
    return article
