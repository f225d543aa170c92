import datetime
import re
from dataclasses import dataclass
from typing import Protocol

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connections
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from core import languages
from core.synonyms import LETTERS_AND_DIGITS as _LETTERS_AND_DIGITS
from core.synonyms import WORD as _WORD
from core.synonyms import SynonymPhrase, synonym_fts5_match, synonym_phrases, synonym_tsquery

# In a query string an unencoded "+" arrives as a space: "…T10:00:00 02:00".
_OFFSET_AFTER_SPACE = re.compile(r" (\d{2}:?\d{2})$")


class LenientOffsetDateTimeField(forms.DateTimeField):
    def to_python(self, value):
        if isinstance(value, str):
            value = _OFFSET_AFTER_SPACE.sub(r"+\1", value.strip())
        value = super().to_python(value)
        if value is None:
            return value
        try:
            # In UTC, so that no database sees an offset it refuses (PostgreSQL stops at ±15:59, RFC 3339 does
            # not); 9999-12-31T23:59:59-12:00 is after the last moment there is.
            return value.astimezone(datetime.UTC)
        except OverflowError as error:
            raise ValidationError(_("Out of range: give a date between 0001 and 9999 in UTC."), code="range") from error


class DateTimeParameterFilter(django_filters.DateTimeFilter):
    """A date (2026-01-31) or an ISO 8601 date-time with offset; naive values are UTC."""

    field_class = LenientOffsetDateTimeField


class StableOrderingFilter(django_filters.OrderingFilter):
    """Ordering that always ends on the primary key, so pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "-pk") if value else qs


def rows_among(qs: QuerySet, sql: str, params: list) -> QuerySet:
    """The rows of `qs` whose primary key `sql` selects (`key_among`)."""
    return qs.filter(_condition(key_among(qs, sql), params))


def key_among(qs: QuerySet, sql: str) -> str:
    """The condition that the row's primary key is one `sql` selects, tested while the rows are read through the
    table's other indexes rather than read one by one from that list: the unary plus keeps SQLite from looking each
    key up in the table, whose rows hold large documents before the columns a list filters and sorts on (reading
    those walks the row's overflow pages). So a list scans its ordering's covering index, checks each key against
    the list, and stops at its page; and a count reads the live set's index alone."""
    column = f'"{qs.model._meta.db_table}"."{qs.model._meta.pk.column}"'
    if connections[qs.db].vendor == "sqlite":
        column = f"+{column}"  # PostgreSQL's planner joins the list by the key itself, as it should
    return f"{column} IN ({sql})"


class AllWordsFilter(django_filters.CharFilter):
    """Every whitespace-separated word must occur in `field_name`, a lower-cased text column.

    The words made of letters and digits are looked up in a full-text index as prefixes of the text's words:
    on PostgreSQL the table's stored `search_vector` column (`to_tsvector('simple', field)`, with its GIN index,
    publishing migrations 0016, 0020, 0023), on SQLite the FTS5 table `sqlite_index` (kept in step by triggers,
    publishing migrations 0014, 0023). The other words (with punctuation) are
    substring tests among the rows the index found. So a plain word matches from the beginning of a word of the
    text ("calc" finds "calcium", "cium" does not). Without an index (SQLite, no `sqlite_index`) every word is a
    substring test.

    `ranked_then`: the rows come by relevance (`FullTextIndex.rank`: where the words are, title first), ties in
    these orderings; an explicit `?ordering=` orders after the search, and wins. `typo_tolerant`: a word of five
    characters or more that no row of the list holds is looked for one edit away in the rows' title and summary
    terms instead (`FullTextIndex.similar`): so it adds rows only where the words as typed found none.
    """

    def __init__(
        self,
        *args,
        sqlite_index: str = "",
        by_language: bool = False,
        ranked_then: tuple[str, ...] = (),
        typo_tolerant: bool = False,
        **kwargs,
    ):
        kwargs.setdefault("validators", [MaxLengthValidator(200)])
        super().__init__(*args, **kwargs)
        self.sqlite_index = sqlite_index
        self.by_language = by_language
        self.ranked_then = ranked_then
        self.typo_tolerant = typo_tolerant

    def search_language(self) -> str | None:
        """The language of the rows searched, when their vector is stored in that language's configuration
        (`by_language`): what the view read from `?language=` (`content_language` on the request)."""
        if not self.by_language:
            return None
        return getattr(getattr(getattr(self, "parent", None), "request", None), "content_language", None)

    def filter(self, qs, value):
        words = (value or "").lower().split()
        index = full_text_index(qs, sqlite_index=self.sqlite_index, language=self.search_language())
        if index is None:
            return self._substrings(qs, words)
        # The phrases that are synonyms (one query) are matched by any term of their group, through the index; the
        # other words as below, in the language of the rows searched.
        phrases, words = synonym_phrases(words=words, language=self.search_language())
        prefixes = [word for word in words if index.holds(word)]
        if phrases:
            qs = qs.filter(_condition(*index.any_term_of_each(phrases)))
        if prefixes:
            if self.typo_tolerant:
                qs = self._each_word_or_similar(qs, index, prefixes)
            else:
                qs = qs.filter(_condition(*index.matches(prefixes)))
        if (prefixes or phrases) and self.ranked_then:
            qs = qs.alias(search_rank=RawSQL(*index.rank(prefixes, phrases), output_field=FloatField()))
            order = ["-search_rank", *self.ranked_then]
            alike = [word for word in prefixes if len(word) >= TYPO_MIN_LENGTH] if self.typo_tolerant else []
            if alike:
                # Rows found by similarity alone all rank 0: those whose title is likest the words come first.
                qs = qs.alias(title_likeness=RawSQL(*index.title_likeness(alike), output_field=FloatField()))
                order.insert(1, "-title_likeness")
            qs = qs.order_by(*order)
        # A text word that begins with the searched word holds it: only the others need the substring test,
        # which reads (and on PostgreSQL decompresses) the whole text of every row the index found.
        return self._substrings(qs, [word for word in words if word not in prefixes])

    def _substrings(self, qs: QuerySet, words: list[str]) -> QuerySet:
        for word in words:
            qs = qs.filter(**{f"{self.field_name}__contains": word})
        return qs

    @staticmethod
    def _each_word_or_similar(qs: QuerySet, index: "FullTextIndex", prefixes: list[str]) -> QuerySet:
        """Each word as typed, or, when no row of `qs` holds it, a word like it (one query: the test whether any row
        holds it is a subquery the database runs once)."""
        listed = qs.order_by()
        for word in prefixes:
            held = _condition(*index.matches([word]))
            if len(word) < TYPO_MIN_LENGTH:
                qs = qs.filter(held)
            else:
                qs = qs.filter(Q(held) | Q(similar_unless_held(listed, index, word, held=Q(held))))
        return qs


def similar_unless_held(listed: QuerySet, index: "FullTextIndex", word: str, *, held: Q) -> RawSQL:
    """The typo fallback, a condition on the row: no row of `listed` meets `held` (the word as typed), and the row's
    terms hold a word like `word`. The test whether a row holds it is compiled on its own, so that its table is its
    own (a subquery Django builds would alias it, and the index's conditions name the table): the database runs it
    once, not once per row."""
    holders = listed.order_by().filter(held).values("pk")[:1]
    held_sql, held_params = holders.query.get_compiler(using=listed.db).as_sql()
    similar_sql, similar_params = index.similar(word)
    return _condition(f"NOT EXISTS ({held_sql}) AND {similar_sql}", [*held_params, *similar_params])


def _condition(sql: str, params: list) -> RawSQL:
    return RawSQL(sql, params, output_field=BooleanField())


# A misspelt word shorter than this is too near too many words to guess.
TYPO_MIN_LENGTH = 5
# The longest word whose look-alikes are looked up (`one_edit_away`: about 70 a letter).
TYPO_MAX_LENGTH = 40
# The letters an edit may add or put in a word's place: the word's own, and those of the site's languages.
TYPO_LETTERS = "abcdefghijklmnopqrstuvwxyzáéíóúüñ"


class FullTextIndex(Protocol):
    """A table's full-text index on one database: the one place that says how a word is looked up."""

    def holds(self, word: str) -> bool:
        """Whether the index can look `word` up as it is (else it is a substring test)."""

    def matches(self, words: list[str]) -> tuple[str, list]:
        """A condition on the row: it holds every word, each as the beginning of one of its words."""

    def similar(self, word: str) -> tuple[str, list]:
        """A condition on the row: its title or summary terms hold a word one edit from `word` (`one_edit_away`)."""

    def title_likeness(self, words: list[str]) -> tuple[str, list]:
        """How like the row's title the words are (trigram similarity), higher first."""

    def title_may_begin(self, word: str) -> tuple[str, list]:
        """A condition on the row that every row whose title has a word beginning with `word` meets, read from an
        index (a superset: the caller tests its own rule among them), so that a search as you type does not read
        every title."""

    def rank(self, words: list[str], phrases: list[SynonymPhrase]) -> tuple[str, list]:
        """How well the row matches any of the words or any term of the phrases' synonym groups, higher first: a
        title match above a summary or key point match above one in the rest of the text."""

    def any_term_of_each(self, phrases: list[SynonymPhrase]) -> tuple[str, list]:
        """A condition on the row: for each phrase, it holds one of the terms of its synonym group (or the phrase's
        own words)."""


@dataclass(frozen=True)
class PostgreSQLIndex:
    """The stored, weighted `search_vector` (GIN, migration 0023); for ranking and typos, `search_head_vector`
    (0026)."""

    table: str
    configuration: str

    def holds(self, word: str) -> bool:
        return bool(_WORD.fullmatch(word))

    def _query(self, words: list[str], operator: str) -> tuple[str, list]:
        # The stored vector, read rather than computed from the text, in the text-search configuration of the
        # language the list holds (`search_language`).
        query = f" {operator} ".join(f"{word}:*" for word in words)
        tsquery = "to_tsquery(%s::regconfig, %s)"
        # A stop word of the language ("and", "the") makes an empty query, which matches no row: alone (each word
        # is looked up on its own for the typo fallback), it asks nothing of the row, as it does among other words.
        return (
            f'("{self.table}"."search_vector" @@ {tsquery} OR numnode({tsquery}) = 0)',
            [self.configuration, query, self.configuration, query],
        )

    def matches(self, words: list[str]) -> tuple[str, list]:
        return self._query(words, "&")

    def similar(self, word: str) -> tuple[str, list]:
        # The rows holding, in the title, subtitle, summary or key points (`search_head_vector`, GIN), a word one edit
        # from `word` ("magnesum", "hypocalcaemia"): each look-alike one look-up in the index, whatever the number of
        # articles. pg_trgm's word similarity over the stored terms (`<%`) fetched and rechecked every row holding
        # the word's commoner trigrams: 0.6 s at 100,000 articles, even when the word as typed was found.
        # The look-alikes some row holds are found first, each by its own look-up (an InitPlan, run once): asked for
        # all at once, the planner guesses that hundreds of alternatives match half the table and reads every row.
        candidates = one_edit_away(word)
        if not candidates:
            return "FALSE", []
        held = (
            "SELECT string_agg(candidate, ' | ') FROM unnest(%s::text[]) AS candidate WHERE EXISTS (SELECT 1 FROM "
            f'"{self.table}" AS holder WHERE holder."search_head_vector" @@ to_tsquery(%s::regconfig, candidate))'
        )
        return (
            f'"{self.table}"."search_head_vector" @@ to_tsquery(%s::regconfig, ({held}))',
            [self.configuration, candidates, self.configuration],
        )

    def title_likeness(self, words: list[str]) -> tuple[str, list]:
        likeness = " + ".join(f'word_similarity(%s, lower("{self.table}"."title"))' for _word in words)
        return f"({likeness})", words

    def title_may_begin(self, word: str) -> tuple[str, list]:
        # The caller's LIKE tests on lower(title) read its trigram index (`publication_title_trigrams`) themselves.
        return "TRUE", []

    def rank(self, words: list[str], phrases: list[SynonymPhrase]) -> tuple[str, list]:
        queries, params = [], []
        if words:
            queries.append("to_tsquery(%s::regconfig, %s)")
            params += [self.configuration, " | ".join(f"{word}:*" for word in words)]
        for phrase in phrases:  # each an OR of its group's terms, and of its words as typed
            query, phrase_params = synonym_tsquery(prefixes=[], phrases=[phrase], configuration=self.configuration)
            queries.append(query)
            params += phrase_params
        # Scored once for the statement (a subquery naming no outer column is an InitPlan): the best RANKED_MATCHES
        # as an object from id to score, which each row looks its own up in. Only the rows holding a word in the
        # title, subtitle, summary or key points are scored, by that vector (`search_head_vector`, migration 0026):
        # scoring the whole text's vector read each match's out-of-line vector, 0.7 s for a common word at 100,000
        # articles. A match in the rest of the text alone ranks 0, as a match past the best does.
        query = " || ".join(queries)
        best = (
            f'SELECT "id", ts_rank("search_head_vector", {query}) AS score FROM "{self.table}" '
            f'WHERE "search_head_vector" @@ ({query}) ORDER BY score DESC, "id" DESC LIMIT {RANKED_MATCHES}'
        )
        scores = f"(SELECT jsonb_object_agg(best.id, best.score) FROM ({best}) best)"
        return f'COALESCE(({scores} ->> "{self.table}"."id"::text)::float, 0)', [*params, *params]

    def any_term_of_each(self, phrases: list[SynonymPhrase]) -> tuple[str, list]:
        query, params = synonym_tsquery(prefixes=[], phrases=phrases, configuration=self.configuration)
        return f'"{self.table}"."search_vector" @@ {query}', params


@dataclass(frozen=True)
class SQLiteIndex:
    """The FTS5 table `index` (columns title, summary, search_text: migration 0023, or search_text alone: 0014),
    and for typos its vocabulary `publication_search_words` (articles only: migration 0025)."""

    qs: QuerySet
    index: str

    @property
    def table(self) -> str:
        return self.qs.model._meta.db_table

    @property
    def key(self) -> str:
        return self.qs.model._meta.pk.column

    def holds(self, word: str) -> bool:
        # FTS5's tokenizer splits at underscores too, so only letters and digits make one of its words.
        return bool(_LETTERS_AND_DIGITS.fullmatch(word))

    def _matching(self, match: str) -> tuple[str, list]:
        return key_among(self.qs, f"SELECT rowid FROM {self.index} WHERE {self.index} MATCH %s"), [match]

    def matches(self, words: list[str]) -> tuple[str, list]:
        return self._matching(synonym_fts5_match(prefixes=words, phrases=[]))

    def any_term_of_each(self, phrases: list[SynonymPhrase]) -> tuple[str, list]:
        return self._matching(synonym_fts5_match(prefixes=[], phrases=phrases))

    def similar(self, word: str) -> tuple[str, list]:
        # The words of the titles and summaries one edit from `word` ("magnesum", "hypocalcaemia"), each looked up in
        # the index's vocabulary (`publication_search_words`, one b-tree look-up each, whatever the number of
        # articles), then the rows holding one of them, through the index. A trigram table scored every row holding
        # any of the word's trigrams: 0.8 s at 100,000 articles. None found: `""`, a phrase that matches nothing.
        candidates = one_edit_away(word)
        found = (
            "SELECT COALESCE(group_concat('\"' || term || '\"', ' OR '), '\"\"') FROM publication_search_words "
            f"WHERE col IN ('title', 'summary') AND term IN ({', '.join(['%s'] * len(candidates)) or 'NULL'})"
        )
        match = f"'{{title summary}} : (' || ({found}) || ')'"
        return key_among(self.qs, f"SELECT rowid FROM {self.index} WHERE {self.index} MATCH {match}"), candidates

    def title_may_begin(self, word: str) -> tuple[str, list]:
        # The index's title column: a word of the title that begins with `word` is one of its tokens that does.
        return self._matching(f"{{title}} : ({synonym_fts5_match(prefixes=[word], phrases=[])})")

    def title_likeness(self, words: list[str]) -> tuple[str, list]:
        # The share of each word's trigrams that the title holds, summed over the words.
        title = f'lower("{self.table}"."title")'
        shares, params = [], []
        for word in words:
            grams = trigrams(word)
            held = " + ".join(f"(instr({title}, %s) > 0)" for _gram in grams)
            shares.append(f"({held}) * 1.0 / %s")
            params.extend([*grams, len(grams)])
        return f"({' + '.join(shares)})", params

    def rank(self, words: list[str], phrases: list[SynonymPhrase]) -> tuple[str, list]:
        # bm25() is lower for a better match: negated, higher first as on PostgreSQL. The index scores its matches
        # once, in one pass (a subquery that names no outer column is materialized once per statement), and keeps
        # the best RANKED_MATCHES: a correlated MATCH per row took 0.3 ms a row, 0.7 s for a word a thousand
        # articles hold. Equal scores keep the newest (a word every article holds scores alike in all), as the list
        # orders them. A row past them, or found by similarity alone, ranks 0.
        match = " OR ".join(
            [
                *(synonym_fts5_match(prefixes=[word], phrases=[]) for word in words),
                *(synonym_fts5_match(prefixes=[], phrases=[phrase]) for phrase in phrases),
            ]
        )
        best = (
            f"SELECT rowid AS matched, -bm25({self.index}, {SQLITE_WEIGHTS}) AS score FROM {self.index} "
            f"WHERE {self.index} MATCH %s ORDER BY score DESC, rowid DESC LIMIT {RANKED_MATCHES}"
        )
        return f'COALESCE((SELECT score FROM ({best}) WHERE matched = "{self.table}"."{self.key}"), 0)', [match]


# bm25() weights of publication_search's columns: title, summary (subtitle, summary, key points), search text.
SQLITE_WEIGHTS = "10.0, 4.0, 1.0"
# How many of a search's matches are ranked; the rest follow in the list's ordering (`AllWordsFilter.ranked_then`).
RANKED_MATCHES = 1000


def one_edit_away(word: str) -> list[str]:
    """The strings one edit from `word` (Damerau-Levenshtein distance 1: a letter left out, added, changed, or two
    neighbours swapped), as a misspelt word is from the word meant; none for a word longer than `TYPO_MAX_LENGTH`."""
    if len(word) > TYPO_MAX_LENGTH:
        return []
    letters = sorted(set(TYPO_LETTERS) | set(word))
    splits = [(word[:place], word[place:]) for place in range(len(word) + 1)]
    edits = {
        *(before + after[1:] for before, after in splits if after),
        *(before + after[1] + after[0] + after[2:] for before, after in splits if len(after) > 1),
        *(before + letter + after[1:] for before, after in splits if after for letter in letters),
        *(before + letter + after for before, after in splits for letter in letters),
    }
    edits.discard(word)
    return sorted(edits)


def trigrams(word: str) -> list[str]:
    """The word's distinct trigrams, a space on either side marking where it begins and ends (as pg_trgm pads)."""
    padded = f" {word} "
    return list(dict.fromkeys(padded[start : start + 3] for start in range(len(padded) - 2)))


def full_text_index(qs: QuerySet, *, sqlite_index: str, language: str | None) -> FullTextIndex | None:
    """The full-text index of `qs`'s table on its database, if it has one."""
    vendor = connections[qs.db].vendor
    table = qs.model._meta.db_table
    if vendor == "postgresql":
        return PostgreSQLIndex(table=table, configuration=languages.search_configuration(language))
    if vendor == "sqlite" and sqlite_index:
        return SQLiteIndex(qs=qs, index=sqlite_index)
    return None
