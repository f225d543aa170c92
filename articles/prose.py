"""What a reader reads in an article: words, reading time, readability, the texts that cite sources.

Every function here reads the article's parts as prefetched by `Article.objects.with_content()`
(or `prefetch_related_objects(..., *CONTENT_PARTS)`) and refuses to query behind the caller's back.
"""

from django.utils.translation import gettext_lazy as _

from articles.models import Article
from core.citation_markers import MARKER
from core.markdown import plain_text
from core.readability import Readability, measure
from core.text import word_count

# Adults read non-fiction at roughly 240 words a minute; health content is
# read more carefully, so we assume 200 to avoid promising too short a read.
WORDS_PER_MINUTE = 200


class PartsNotFetched(LookupError):
    """An article's parts were read without being prefetched (a query per article would follow)."""


def parts(article: Article, name: str) -> list:
    """The prefetched rows of one of the article's relations (`key_points`, `sections`, …)."""
    try:
        return list(article._prefetched_objects_cache[name])
    except (AttributeError, KeyError) as error:
        raise PartsNotFetched(
            f"Fetch the article with Article.objects.with_content() before reading its {name}."
        ) from error


def prose_word_count(article: Article) -> int:
    """Words a reader reads."""
    return word_count(
        article.title,
        article.subtitle,
        article.summary,
        plain_text(article.intro),
        article.comparison_intro,
        *(f"{point.title} {point.text}" for point in parts(article, "key_points")),
        *(f"{section.heading} {plain_text(section.body)}" for section in parts(article, "sections")),
        *(
            f"{row.cause} {row.related_symptoms} {row.differentiating_factors}"
            for row in parts(article, "cause_comparisons")
        ),
        *(f"{faq.question} {plain_text(faq.answer)}" for faq in parts(article, "faqs")),
    )


def reading_time_minutes(article: Article) -> int:
    if article.reading_time_override:
        return article.reading_time_override
    return max(1, round(prose_word_count(article) / WORDS_PER_MINUTE))


def prose_text(article: Article) -> str:
    """The sentences a patient reads, without citation markers."""
    paragraphs = [
        article.summary,
        plain_text(article.intro),
        *(point.text for point in parts(article, "key_points")),
        *(plain_text(section.body) for section in parts(article, "sections")),
        *(f"{faq.question}\n\n{plain_text(faq.answer)}" for faq in parts(article, "faqs")),
    ]
    return MARKER.sub("", "\n\n".join(paragraph for paragraph in paragraphs if paragraph))


def readability(article: Article) -> Readability | None:
    return measure(prose_text(article))


def readability_by_part(article: Article) -> list[tuple[str, Readability]]:
    """The grade of each part a patient reads (summary, introduction, key points, each section, FAQs), so an
    editor can see where to simplify."""
    texts = [
        (_("Quick summary"), article.summary),
        (_("Introduction"), plain_text(article.intro)),
        (_("Key points"), "\n\n".join(point.text for point in parts(article, "key_points"))),
        *((section.heading, plain_text(section.body)) for section in parts(article, "sections")),
        (_("FAQs"), "\n\n".join(f"{faq.question}\n\n{plain_text(faq.answer)}" for faq in parts(article, "faqs"))),
    ]
    measured = ((label, measure(MARKER.sub("", text))) for label, text in texts)
    return [(str(label), scores) for label, scores in measured if scores is not None]


def search_text(article: Article) -> str:
    """Lower-cased words that the public list's ?search= matches: title, subtitle, summary, key points, sections."""
    words = [article.title, article.subtitle, article.summary]
    words += [f"{point.title} {point.text}" for point in parts(article, "key_points")]
    words += [f"{section.heading} {plain_text(section.body)}" for section in parts(article, "sections")]
    return " ".join(words).lower()
