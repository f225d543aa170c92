"""Filters of the preview page: the document holds ISO dates and choice values, a reader wants words."""

import datetime
from typing import TYPE_CHECKING

from django import template
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.safestring import SafeString, mark_safe

from articles.models import Audience
from core.markdown import sanitize_html
from core.readability import FORMULAS
from media.documents import picture_html
from references.models import NoticeNature

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

register = template.Library()


@register.filter
def from_iso(value: str | None) -> datetime.date | datetime.datetime | None:
    """A date or a date and time as the document writes it, for Django's `date` filter."""
    if not value:
        return None
    return parse_datetime(value) if "T" in value else parse_date(value)


@register.filter
def notice_nature(value: str) -> "StrOrPromise":
    return NoticeNature(value).label


@register.filter
def audience(value: str) -> "StrOrPromise":
    return Audience(value).label


@register.filter
def formula_name(formula_id: str) -> "StrOrPromise":
    """ "szigriszt-pazos" -> "Szigriszt-Pazos perspicuity": the document carries the formula's stable id."""
    return next(formula.name for formula in FORMULAS.values() if formula.id == formula_id)


@register.filter
def credited(person: dict) -> str:
    """A contributor as a byline names them: "Maya Lindqvist, MD"."""
    return ", ".join(part for part in (person["name"], person["credentials"]) if part)


@register.filter
def picture(image: dict) -> SafeString:
    """An image of the document (the hero image) as the article's figures are shown: a srcset per format."""
    return mark_safe(
        sanitize_html(picture_html(image, lazy=False))
    )  # built from the document's own values, and sanitized too
