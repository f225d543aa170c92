from datetime import datetime

from django.db import transaction

from articles.lifecycle import Transition
from articles.models import Article, ArticleTransition
from articles.signals import article_status_changed


def article_status_record(
    *, article: Article, transition: Transition, user, comment: str, scheduled_for: datetime | None = None, **fields
) -> Article:
    """Move `article` along `transition` (setting `fields` with it) and write its review-history entry
    (`scheduled_for`: the time a publication scheduled by this step goes live).

    Every change of an article's status goes through here, so every one is audited and
    announced (`article_status_changed`, after commit). The caller has checked the
    transition (`articles.lifecycle.transition_check`) on the locked row.
    """
    from_status = article.status
    article.status = transition.target(from_status)
    for name, value in fields.items():
        setattr(article, name, value)
    Article.objects.filter(pk=article.pk).update(status=article.status, **fields)
    ArticleTransition.objects.create(
        article=article,
        actor=user,
        action=transition.action,
        from_status=from_status,
        to_status=article.status,
        comment=comment,
        scheduled_for=scheduled_for,
    )
    to_status = article.status
    transaction.on_commit(
        lambda: article_status_changed.send(
            sender=Article,
            article=article,
            action=transition.action,
            from_status=from_status,
            to_status=to_status,
            user=user,
        )
    )
    return article
