"""What a reader reads in an article: words, reading time, readability, the texts that cite sources.

Every function here reads the article's parts as prefetched by `Article.objects.with_content()`
(or `prefetch_related_objects(..., *CONTENT_PARTS)`) and refuses to query behind the caller's back.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from articles import content_model
from articles.content_model import Purpose
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


@dataclass(frozen=True)
class Text:
    """One text of an article, where it is (`where` in the editor's words: "Section “Diagnosis”"), read when used:
    an edit may rewrite it after it was gathered."""

    where: str
    kind: str | None  # the part's kind (`content_model.PARTS`), None for the article's own field
    index: int | None  # the row's place among its kind's rows
    row: Any  # the article, a part's row, or a dict of either (what the admin page sends while an editor types)
    field: str
    markdown: bool

    @property
    def value(self) -> str:
        return _value(self.row, self.field)

    @property
    def plain(self) -> str:
        return plain_text(self.value) if self.markdown else self.value


def _value(row: Any, name: str) -> str:
    """A text of a stored row, or of the dict a page posted for one (absent: empty)."""
    value = row.get(name, "") if isinstance(row, dict) else getattr(row, name)
    return str(value or "")


def texts(article: Any, purpose: Purpose, rows: Callable[[str], Sequence] | None = None) -> list[Text]:
    """The article's texts gathered for `purpose` (declared in `content_model`), in reading order: its own fields,
    then each part's rows. `rows(kind)` gives a part's rows, by default the prefetched ones."""
    rows = rows or (lambda kind: parts(article, kind))
    gathered = [
        Text(content_model.field_label(spec.name), None, None, article, spec.name, spec.markdown)
        for spec in content_model.ARTICLE
        if purpose in spec.texts
    ]
    for kind, part in content_model.PARTS.items():
        specs = [spec for spec in part.fields if purpose in spec.texts]
        if not specs:
            continue
        for index, row in enumerate(rows(kind)):
            where = _row_where(part, row, index)
            gathered += [Text(where, kind, index, row, spec.name, spec.markdown) for spec in specs]
    return gathered


def _row_where(part: content_model.ContentPart, row: Any, index: int) -> str:
    name = _value(row, part.fields[0].name)
    return f"{part.row_label} “{name}”" if name else f"{part.row_label} {index + 1}"


def prose_word_count(article: Article) -> int:
    """Words a reader reads."""
    return word_count(*(text.plain for text in texts(article, Purpose.WORDS)))


def reading_time_minutes(article: Article) -> int:
    if article.reading_time_override:
        return article.reading_time_override
    return max(1, round(prose_word_count(article) / WORDS_PER_MINUTE))


@dataclass(frozen=True)
class Prose:
    """The texts a patient reads, by part (label, plain text without citation markers): from a stored article, or
    from what an editor is typing (the admin's live checks), measured the same way. Each of the article's own
    texts is a part, and so is each row of a kind graded row by row (a section, labelled by its heading); the rows
    of other kinds are graded together (key points, FAQs)."""

    parts: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, article: Any, rows: Callable[[str], Sequence] | None = None) -> "Prose":
        key: tuple
        grouped: dict[tuple, list[str]] = {}
        labels: dict[tuple, str] = {}
        for text in texts(article, Purpose.READABILITY, rows):
            part = content_model.PARTS.get(text.kind or "")
            if part is None:
                key, label = ("field", text.field), text.where
            elif part.graded_each:
                key = ("row", text.kind, text.index)
                label = _value(text.row, part.fields[0].name)
            else:
                key, label = ("kind", text.kind), part.label
            labels.setdefault(key, label)
            grouped.setdefault(key, []).append(text.plain)
        return cls(tuple((str(labels[key]), MARKER.sub("", "\n\n".join(grouped[key]))) for key in grouped))

    def by_part(self) -> list[tuple[str, str]]:
        return list(self.parts)

    def text(self) -> str:
        """The sentences a patient reads, without citation markers."""
        return "\n\n".join(text for _label, text in self.parts if text)


def prose_text(article: Article) -> str:
    return Prose.of(article).text()


def readability(article: Article, *, language: str) -> Readability | None:
    """The article's prose measured as `language` (a BCP 47 tag): the language its text is written in."""
    return measure(prose_text(article), language=language)


def readability_by_part(article: Article, *, language: str) -> list[tuple[str, Readability]]:
    """The score of each part a patient reads (summary, introduction, key points, each section, FAQs), so an
    editor can see where to simplify."""
    return grades_by_part(Prose.of(article), language=language)


def grades_by_part(prose: Prose, *, language: str) -> list[tuple[str, Readability]]:
    measured = ((label, measure(text, language=language)) for label, text in prose.by_part())
    return [(label, scores) for label, scores in measured if scores is not None]


def search_text(article: Article) -> str:
    """Lower-cased words that the public list's ?search= matches (`Purpose.SEARCH`)."""
    return " ".join(text.plain for text in texts(article, Purpose.SEARCH)).lower()
