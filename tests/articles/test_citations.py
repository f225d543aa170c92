import pytest
from django.db import IntegrityError

from references.models import Reference
from tests.helpers.factories import CitationFactory, ReferenceFactory, complete_article


@pytest.mark.django_db
def test_an_article_cannot_cite_the_same_reference_twice():
    article = complete_article(children=0)
    reference = ReferenceFactory()
    CitationFactory(article=article, reference=reference)

    with pytest.raises(IntegrityError):
        CitationFactory(article=article, reference=reference)


@pytest.mark.django_db
def test_citations_are_numbered_in_order():
    article = complete_article(children=0)

    numbers = [CitationFactory(article=article).number for _ in range(3)]

    assert numbers == [1, 2, 3]


def reference(**fields) -> Reference:
    return Reference(**fields)
