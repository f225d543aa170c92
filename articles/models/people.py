from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import parse_list, validate_list
from core.models import Versioned
from core.text import validate_slug_characters


def label_in(record: dict, *, fields: tuple[str, ...], language: str, default: str) -> dict:
    """A shared record as frozen (its fields and `translations`), shown in `language`: its `fields` from the
    translation where every one of them that has a text has one, else all in the `default` language; `language`
    says which. Never a mix of languages in one record."""
    shown = {name: value for name, value in record.items() if name != "translations"}
    translated = (record.get("translations") or {}).get(language) or {}
    wanted = [name for name in fields if record.get(name)]
    if language != default and wanted and all(translated.get(name) for name in wanted):
        return {**shown, **{name: translated[name] for name in wanted}, "language": language}
    return {**shown, "language": default}


def label_translations_field() -> models.JSONField:
    """The `TRANSLATED` fields of a shared record in the other languages the site serves, as
    {language: {field: text}}: what an article in that language shows (frozen with its approval, as the rest)."""
    return models.JSONField(
        _("translations"), default=dict, blank=True, help_text=_("In the other languages the site serves.")
    )


class Topic(Versioned):
    # What a translation of the site shows in its own language (locales); the rest is the same in every language.
    TRANSLATED = ("name", "description")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(
        _("slug"), max_length=140, unique=True, allow_unicode=True, validators=[validate_slug_characters]
    )
    description = models.TextField(_("description"), blank=True)
    is_condition = models.BooleanField(
        _("names a medical condition"),
        default=False,
        help_text=_("Articles with this topic are marked as being about this condition in structured data."),
    )
    translations = label_translations_field()

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        """The name an article in `language` shows: its translation, or the name in the site's default language."""
        return (self.translations.get(language) or {}).get("name") or self.name


class Contributor(Versioned):
    TRANSLATED = ("bio",)  # a name and credentials read the same in every language

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("slug"), max_length=160, unique=True, allow_unicode=True, validators=[validate_slug_characters]
    )
    credentials = models.CharField(_("credentials"), max_length=100, blank=True, help_text=_('For example "MD, RD".'))
    is_author = models.BooleanField(_("writes articles"), default=True)
    is_medical_reviewer = models.BooleanField(_("medical reviewer"), default=False)
    review_languages = models.CharField(
        _("languages reviewed"),
        max_length=200,
        blank=True,
        validators=[validate_list],
        help_text=_(
            "The languages this medical reviewer reads well enough to approve articles in, as BCP 47 tags separated "
            "by commas (e.g. en, es). Blank: the site's default language only."
        ),
    )
    bio = models.TextField(_("biography"), blank=True)
    translations = label_translations_field()
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor_profile",
        verbose_name=_("admin user"),
        help_text=_("The admin login of this person, if they edit content themselves."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name

    def languages_reviewed(self, *, default: str) -> list[str]:
        """The languages this reviewer approves articles in: those of their profile, or the site's `default`."""
        return parse_list(self.review_languages) or [default]

    @property
    def roles(self) -> list[str]:
        roles = []
        if self.is_author:
            roles.append("author")
        if self.is_medical_reviewer:
            roles.append("medical_reviewer")
        return roles
