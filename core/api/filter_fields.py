import datetime
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connections
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from core import languages
from core.synonyms import LETTERS_AND_DIGITS as _LETTERS_AND_DIGITS
from core.synonyms import WORD as _WORD
from core.synonyms import synonym_fts5_match, synonym_phrases, synonym_tsquery

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
    """The rows of `qs` whose primary key `sql` selects, tested while the rows are read through the table's other
    indexes rather than read one by one from that list: the unary plus keeps SQLite from looking each key up in
    the table, whose rows hold large documents before the columns a list filters and sorts on (reading those
    walks the row's overflow pages). So a list scans its ordering's covering index, checks each key against the
    list, and stops at its page; and a count reads the live set's index alone."""
    column = f'"{qs.model._meta.db_table}"."{qs.model._meta.pk.column}"'
    if connections[qs.db].vendor == "sqlite":
        column = f"+{column}"  # PostgreSQL's planner joins the list by the key itself, as it should
    return qs.filter(RawSQL(f"{column} IN ({sql})", params, output_field=BooleanField()))


class AllWordsFilter(django_filters.CharFilter):
    """Every whitespace-separated word must occur in `field_name`, a lower-cased text column.

    The words made of letters and digits are looked up in a full-text index as prefixes of the text's words:
    on PostgreSQL the table's stored `search_vector` column (`to_tsvector('simple', field)`, with its GIN index,
    publishing migration 0016), on SQLite the FTS5 table `sqlite_index` (kept in step by triggers, publishing
    migration 0014). The other words (with punctuation) are
    substring tests among the rows the index found. So a plain word matches from the beginning of a word of the
    text ("calc" finds "calcium", "cium" does not). Without an index (SQLite, no `sqlite_index`) every word is a
    substring test.
    """

    def __init__(self, *args, sqlite_index: str = "", by_language: bool = False, **kwargs):
        kwargs.setdefault("validators", [MaxLengthValidator(200)])
        super().__init__(*args, **kwargs)
        self.sqlite_index = sqlite_index
        self.by_language = by_language

    def search_language(self) -> str | None:
        """The language of the rows searched, when their vector is stored in that language's configuration
        (`by_language`): what the view read from `?language=` (`content_language` on the request)."""
        if not self.by_language:
            return None
        return getattr(getattr(getattr(self, "parent", None), "request", None), "content_language", None)

    def filter(self, qs, value):
        words = (value or "").lower().split()
        vendor = connections[qs.db].vendor
        # The phrases that are synonyms (one query) are matched by any term of their group, through the index; the
        # other words as before. Only where an index reads the search, in the language of the rows searched.
        indexed = vendor == "postgresql" or (vendor == "sqlite" and self.sqlite_index)
        phrases, words = synonym_phrases(words=words, language=self.search_language() if indexed else None)
        if vendor == "postgresql":
            prefixes = [word for word in words if _WORD.fullmatch(word)]
            if prefixes or phrases:
                # The stored vector (publishing migrations 0016, 0020), read rather than computed from the text, in
                # the text-search configuration of the language the list holds (`search_language`).
                vector = f'"{qs.model._meta.db_table}"."search_vector"'
                configuration = languages.search_configuration(self.search_language())
                query, params = synonym_tsquery(prefixes=prefixes, phrases=phrases, configuration=configuration)
                matches = RawSQL(f"{vector} @@ {query}", params, output_field=BooleanField())
                qs = qs.alias(_words=matches).filter(_words=True)
        elif vendor == "sqlite" and self.sqlite_index:
            # FTS5's tokenizer splits at underscores too, so only letters and digits make one of its words.
            prefixes = [word for word in words if _LETTERS_AND_DIGITS.fullmatch(word)]
            if prefixes or phrases:
                match = synonym_fts5_match(prefixes=prefixes, phrases=phrases)
                index = self.sqlite_index
                qs = rows_among(qs, f"SELECT rowid FROM {index} WHERE {index} MATCH %s", [match])
        else:
            prefixes = []
        # A text word that begins with the searched word holds it: only the others need the substring test,
        # which reads (and on PostgreSQL decompresses) the whole text of every row the index found.
        for word in words:
            if word not in prefixes:
                qs = qs.filter(**{f"{self.field_name}__contains": word})
        return qs
