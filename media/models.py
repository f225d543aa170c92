import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Versioned
from media.content_model import translatable_fields
from media.storage import image_storage, rendition_storage
from references.identifiers import validate_web_address


class ImageFormat(models.TextChoices):
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    WEBP = "webp", "WebP"
    AVIF = "avif", "AVIF"
    GIF = "gif", "GIF"


def original_name(image: "Image", filename: str) -> str:
    """Originals are named by their content (`media.services` gives the extension of the sniffed format)."""
    return f"originals/{image.content_hash[:2]}/{image.content_hash}.{filename.rsplit('.', 1)[-1]}"


FRACTION = [MinValueValidator(0.0), MaxValueValidator(1.0)]


class ImageQuerySet(models.QuerySet):
    def with_renditions(self) -> "ImageQuerySet":
        """Each image with its renditions, read in one more query for the whole list (`media.renditions`)."""
        return self.prefetch_related("renditions")


@reversion.register()
class Image(Versioned):
    """An image of the media library, kept once and placed in many articles (issue 25 part 4). Its original, as
    `media.uploads` stored it (re-encoded, without metadata), is private: no URL leads to it."""

    # What an article in another language shows in its own (`media.content_model` declares them `translatable`).
    TRANSLATED = translatable_fields()

    file = models.FileField(_("original"), storage=image_storage, upload_to=original_name, max_length=200)
    original_filename = models.CharField(
        _("uploaded as"), max_length=255, blank=True, help_text=_("The file's name on the uploader's computer.")
    )
    width = models.PositiveIntegerField(_("width (pixels)"))
    height = models.PositiveIntegerField(_("height (pixels)"))
    format = models.CharField(_("format"), max_length=10, choices=ImageFormat.choices)
    byte_size = models.PositiveIntegerField(_("size (bytes)"))
    content_hash = models.CharField(
        _("content hash"), max_length=64, db_index=True, help_text=_("SHA-256 of the stored original, hex.")
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=1000,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it; for a chart, what it says. Required unless the "
            "image is decorative."
        ),
    )
    decorative = models.BooleanField(
        _("decorative"),
        default=False,
        help_text=_(
            "Adds nothing to the text, so screen readers skip it: it is shown with an empty alt text, whatever alt "
            "text is written."
        ),
    )
    caption = models.TextField(_("caption"), max_length=2000, blank=True)
    credit = models.CharField(_("credit"), max_length=300, blank=True, help_text=_("Who made it, as readers see it."))
    licence = models.CharField(
        _("licence"), max_length=200, blank=True, help_text=_("For example CC BY 4.0, or “All rights reserved”.")
    )
    source_url = models.URLField(
        _("source URL"),
        max_length=500,
        blank=True,
        validators=[validate_web_address],
        help_text=_("Where it came from (an http or https address)."),
    )
    focal_x = models.FloatField(
        _("focal point x"),
        default=0.5,
        validators=FRACTION,
        help_text=_("From 0 (left edge) to 1 (right edge): what crops keep in view."),
    )
    focal_y = models.FloatField(
        _("focal point y"), default=0.5, validators=FRACTION, help_text=_("From 0 (top edge) to 1 (bottom edge).")
    )
    identifiable_patient = models.BooleanField(
        _("shows an identifiable patient"),
        default=False,
        help_text=_("A face, a tattoo, a name…: then the patient's consent must be on record."),
    )
    consent_reference = models.CharField(
        _("consent reference"),
        max_length=200,
        blank=True,
        help_text=_("Where the patient's signed consent to publication is filed (a form number, a record)."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    translations = models.JSONField(
        _("translations"),
        default=dict,
        blank=True,
        help_text=_("The alt text, caption and credit in the other languages the site serves."),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decorative=True) | ~models.Q(alt_text=""),
                name="media_image_alt_text_unless_decorative",
                violation_error_message=_("Write the alt text, or mark the image decorative."),
            ),
            models.CheckConstraint(
                condition=models.Q(identifiable_patient=False) | ~models.Q(consent_reference=""),
                name="media_image_consent_for_identifiable_patient",
                violation_error_message=_("An image of an identifiable patient needs its consent reference."),
            ),
            models.CheckConstraint(
                condition=models.Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="media_image_focal_point_inside",
            ),
        ]

    def __str__(self) -> str:
        described = self.alt_text.strip() or self.caption.strip() or self.original_filename or _("decorative image")
        if len(described) > 60:
            described = described[:59] + "…"
        return f"{described} ({self.width} × {self.height} {self.get_format_display()})"

    def text_in(self, name: str, language: str | None) -> str:
        """The `TRANSLATED` field `name` as an article in `language` shows it: its translation, or the image's own
        text (in the site's default language) when that language has none."""
        if name not in self.TRANSLATED:
            raise ValueError(f"Not a translated image field: {name}")
        own = getattr(self, name)
        if not language:
            return own
        return ((self.translations or {}).get(language) or {}).get(name) or own

    @property
    def focal_point(self) -> dict[str, float]:
        return {"x": self.focal_x, "y": self.focal_y}

    def clean(self):
        super().clean()
        errors = {}
        if not self.decorative and not self.alt_text.strip():
            errors["alt_text"] = _(
                "Write the alt text: what the image shows, for people who cannot see it (for a chart, what it says). "
                "Only a decorative image, which adds nothing to the text, goes without."
            )
        if self.identifiable_patient and not self.consent_reference.strip():
            errors["consent_reference"] = _(
                "An image of an identifiable patient needs the reference of their signed consent to publication."
            )
        if not _texts_by_language(self.translations, self.TRANSLATED):
            errors["translations"] = _("Texts by language: {language: {field: text}}, for %(fields)s.") % {
                "fields": ", ".join(self.TRANSLATED)
            }
        if errors:
            raise ValidationError(errors)


def _texts_by_language(value, fields: tuple[str, ...]) -> bool:
    """Whether `value` is {language: {field: text}} with only `fields` (an import is checked as an edit is)."""
    return isinstance(value, dict) and all(
        isinstance(language, str)
        and isinstance(texts, dict)
        and all(name in fields and isinstance(text, str) for name, text in texts.items())
        for language, texts in value.items()
    )


RENDITION_FORMATS = (ImageFormat.AVIF, ImageFormat.WEBP, ImageFormat.JPEG)  # also the order lists give them in


class Rendition(models.Model):
    """A public copy of an image at one width, in one format, whole or cropped to an aspect ratio around the image's
    focal point (`media.renditions` makes them). Its file is named by the SHA-256 of its bytes, in the public
    `renditions` storage, and never changes: other bytes are another name. A file may outlive its row (a crop made
    again after the focal point moved): a frozen document may still name it, so files are never deleted."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions", verbose_name=_("image"))
    width = models.PositiveIntegerField(_("width (pixels)"))
    height = models.PositiveIntegerField(_("height (pixels)"))
    format = models.CharField(
        _("format"), max_length=10, choices=[(value, ImageFormat(value).label) for value in RENDITION_FORMATS]
    )
    crop = models.CharField(
        _("crop"),
        max_length=10,
        blank=True,
        help_text=_("An aspect ratio such as 16:9, cut around the focal point; empty for the image's own."),
    )
    # The focal point a crop was cut around: a crop of another point is made again (`media.renditions`).
    focal_x = models.FloatField(_("focal point x"), default=0.5)
    focal_y = models.FloatField(_("focal point y"), default=0.5)
    file = models.FileField(_("file"), storage=rendition_storage, max_length=200)
    byte_size = models.PositiveIntegerField(_("size (bytes)"))
    content_hash = models.CharField(
        _("content hash"), max_length=64, db_index=True, help_text=_("SHA-256 of the rendition's bytes, hex.")
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)

    class Meta:
        ordering = ["image", "crop", "format", "width"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width", "format", "crop"], name="media_rendition_one_per_width_format_crop"
            ),
        ]

    def __str__(self) -> str:
        cropped = f" {self.crop}" if self.crop else ""
        return f"{self.width} × {self.height} {self.get_format_display()}{cropped}"
