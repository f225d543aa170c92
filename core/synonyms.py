"""Synonyms at query time: the phrases of a search that are terms of a synonym group (`SynonymGroup`) are searched as
any of their group's terms, in the full-text query each database reads (`AllWordsFilter`)."""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.dispatch import Signal

from core.languages import primary
from core.models import SYNONYM_TERM_MAX_WORDS, SynonymTerm

# A word the full-text query can hold as it is: letters, digits and underscores only (PostgreSQL's parser), or
# letters and digits (SQLite's FTS5 unicode61 tokenizer).
WORD = re.compile(r"\w+")
LETTERS_AND_DIGITS = re.compile(r"[^\W_]+")

# Sent by whoever changed synonym groups, in its transaction, once per change however many rows it wrote: the results
# of searches made before are stale (publishing's response cache listens).
synonyms_changed = Signal()


@dataclass(frozen=True)
class SynonymPhrase:
    """Words of the search (`words`, as typed, lowered) that name a concept: any of `terms` (normalized, each one or
    more words) may stand for them in the text."""

    words: tuple[str, ...]
    terms: tuple[str, ...]


def synonym_phrases(*, words: list[str], language: str | None) -> tuple[list[SynonymPhrase], list[str]]:
    """The phrases of `words` that are terms of a group in `language` (the longest from the left first: "low
    calcium" before "calcium"), and the words no phrase took. One query, none without a language or words.

    A group in "en" applies to every English search ("en-GB" too), one in "en-GB" to en-GB's only."""
    if not language or not words:
        return [], words
    runs = {
        " ".join(words[start:end])
        for start in range(len(words))
        for end in range(start + 1, min(len(words), start + SYNONYM_TERM_MAX_WORDS) + 1)
    }
    matched = SynonymTerm.objects.filter(
        Q(group__language=language) | Q(group__language=primary(language)), normalized__in=runs
    ).values("group_id")
    terms_by_group: dict[int, list[str]] = {}
    for group_id, normalized in SynonymTerm.objects.filter(group__in=matched).values_list("group_id", "normalized"):
        terms_by_group.setdefault(group_id, []).append(normalized)
    # A term may be in several groups (an editor's and MeSH's): it stands for the terms of all of them.
    alternatives: dict[str, list[str]] = {}
    for terms in terms_by_group.values():
        for term in terms:
            alternatives.setdefault(term, [])
            alternatives[term] += [other for other in terms if other not in alternatives[term]]
    phrases: list[SynonymPhrase] = []
    rest: list[str] = []
    start = 0
    while start < len(words):
        for end in range(min(len(words), start + SYNONYM_TERM_MAX_WORDS), start, -1):
            phrase = " ".join(words[start:end])
            if phrase in alternatives:
                phrases.append(SynonymPhrase(words=tuple(words[start:end]), terms=tuple(alternatives[phrase])))
                start = end
                break
        else:
            rest.append(words[start])
            start += 1
    return phrases, rest


def synonym_tsquery(*, prefixes: list[str], phrases: list[SynonymPhrase], configuration: str) -> tuple[str, list]:
    """PostgreSQL: the tsquery SQL (and its parameters) that every prefix and every phrase must match, a phrase by
    any of its terms. Each term goes through `phraseto_tsquery` as a parameter: its words are parsed, stemmed and
    joined with <-> by PostgreSQL, so no character of it is ever read as tsquery syntax. The phrase as typed also
    matches as today's words do (each a prefix), so a synonym only ever adds results."""
    parts: list[str] = []
    params: list = []
    if prefixes:
        parts.append("to_tsquery(%s::regconfig, %s)")
        params += [configuration, " & ".join(f"{word}:*" for word in prefixes)]
    for phrase in phrases:
        alternatives = ["phraseto_tsquery(%s::regconfig, %s)"] * len(phrase.terms)
        params += [value for term in phrase.terms for value in (configuration, term)]
        if all(WORD.fullmatch(word) for word in phrase.words):
            alternatives.append("to_tsquery(%s::regconfig, %s)")
            params += [configuration, " & ".join(f"{word}:*" for word in phrase.words)]
        parts.append(f"({' || '.join(alternatives)})")
    return f"({' && '.join(parts)})", params


def synonym_fts5_match(*, prefixes: list[str], phrases: list[SynonymPhrase]) -> str:
    """SQLite: the FTS5 MATCH expression every prefix and every phrase must match, a phrase by any of its terms.
    Every term is an FTS5 string (in double quotes, a quote doubled), inside which nothing is syntax (AND, OR,
    NEAR, parentheses, *, ^, :); its last word is a prefix, as the words of a search are (FTS5 does not stem:
    "fasciculation" finds "fasciculations")."""
    parts = [_fts5_prefix(word) for word in prefixes]
    for phrase in phrases:
        alternatives = [_fts5_prefix(term) for term in phrase.terms]
        if all(LETTERS_AND_DIGITS.fullmatch(word) for word in phrase.words):
            alternatives.append(f"({' AND '.join(_fts5_prefix(word) for word in phrase.words)})")
        parts.append(f"({' OR '.join(alternatives)})")
    return " AND ".join(parts)


def _fts5_prefix(text: str) -> str:
    return '"' + text.replace('"', '""') + '"*'
