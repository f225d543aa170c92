from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.languages import parse_list, validate_list
from core.models import Versioned
from core.text import validate_slug_characters


class Topic(Versioned):
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

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Contributor(Versioned):
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
