"""What the publishing models say about themselves in the admin and in logs."""

import datetime

import pytest

from publishing.models import Approval, PublishedFAQ, PublishedRecord, PublishedReference
from tests.helpers.factories import complete_article
from tests.helpers.publishing import approve, publish_reviewed

pytestmark = pytest.mark.django_db


def test_every_publishing_model_has_a_readable_str():
    article = complete_article(children=1, title="Calcium basics")
    approval = approve(article)
    Approval.objects.filter(pk=approval.pk).update(
        approved_at=datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    )
    approval.refresh_from_db()
    publication = publish_reviewed(complete_article(children=1, title="Magnesium basics"))

    assert str(approval) == f"Calcium basics (version {approval.version}, approved 2026-03-01 09:30)"
    assert str(publication) == f"Magnesium basics (live from {publication.live_from:%Y-%m-%d %H:%M})"
    assert str(PublishedFAQ.objects.get(publication=publication)) == publication.document["faqs"][0]["question"]
    assert (
        str(PublishedReference.objects.get(publication=publication)) == publication.document["references"][0]["title"]
    )
    assert str(PublishedRecord.objects.filter(publication=publication, kind="topic").first()) in {
        topic["name"] for topic in publication.document["topics"]
    }


def test_an_approval_without_a_title_still_reads():
    approval = approve(complete_article(children=1))
    approval.document = {}

    assert str(approval).startswith(f" (version {approval.version}, approved ")
