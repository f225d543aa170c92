"""What a reader reads in an article: words, reading time, readability, the texts that cite sources.

Every function here reads the article's parts as prefetched by `Article.objects.with_content()`
(or `prefetch_related_objects(..., *CONTENT_PARTS)`) and refuses to query behind the caller's back.
"""

from dataclasses import dataclass

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
        return list(article._prefetched_objects_cache[name])  # type: ignore[attr-defined]  # Django's, missing from the stubs
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


@dataclass(frozen=True)
class Prose:
    """The texts a patient reads (Markdown where the article keeps Markdown): from a stored article, or from
    what an editor is typing (the admin's live checks), measured the same way."""

    summary: str = ""
    intro: str = ""
    key_points: tuple[str, ...] = ()
    sections: tuple[tuple[str, str], ...] = ()  # (heading, body)
    faqs: tuple[tuple[str, str], ...] = ()  # (question, answer)

    @classmethod
    def of(cls, article: Article) -> "Prose":
        return cls(
            summary=article.summary,
            intro=article.intro,
            key_points=tuple(point.text for point in parts(article, "key_points")),
            sections=tuple((section.heading, section.body) for section in parts(article, "sections")),
            faqs=tuple((faq.question, faq.answer) for faq in parts(article, "faqs")),
        )

    def by_part(self) -> list[tuple[str, str]]:
        """(label, plain text) of each part, without citation markers."""
        texts = [
            (_("Quick summary"), self.summary),
            (_("Introduction"), plain_text(self.intro)),
            (_("Key points"), "\n\n".join(self.key_points)),
            *((heading, plain_text(body)) for heading, body in self.sections),
            (_("FAQs"), "\n\n".join(f"{question}\n\n{plain_text(answer)}" for question, answer in self.faqs)),
        ]
        return [(str(label), MARKER.sub("", text)) for label, text in texts]

    def text(self) -> str:
        """The sentences a patient reads, without citation markers."""
        return "\n\n".join(text for _label, text in self.by_part() if text)


def prose_text(article: Article) -> str:
    return Prose.of(article).text()


def readability(article: Article) -> Readability | None:
    return measure(prose_text(article))


def readability_by_part(article: Article) -> list[tuple[str, Readability]]:
    """The grade of each part a patient reads (summary, introduction, key points, each section, FAQs), so an
    editor can see where to simplify."""
    return grades_by_part(Prose.of(article))


def grades_by_part(prose: Prose) -> list[tuple[str, Readability]]:
    measured = ((label, measure(text)) for label, text in prose.by_part())
    return [(label, scores) for label, scores in measured if scores is not None]


def search_text(article: Article) -> str:
    """Lower-cased words that the public list's ?search= matches: title, subtitle, summary, key points, sections."""
    words = [article.title, article.subtitle, article.summary]
    words += [f"{point.title} {point.text}" for point in parts(article, "key_points")]
    words += [f"{section.heading} {plain_text(section.body)}" for section in parts(article, "sections")]
    return " ".join(words).lower()
