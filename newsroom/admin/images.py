"""The media library's page in the admin: upload (checked as the API checks it, `media.uploads`), alt text and
provenance, a focal-point picker on a thumbnail, and which articles use the image.

The thumbnail is made from the private original by the admin's own view, for signed-in editors who may view images;
no public address leads to an original (`media.storage`)."""

import io
from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from PIL import Image as PillowImage
from PIL import ImageOps

from articles.admin import LabelTranslationsAdmin, LabelTranslationsForm
from articles.image_usage import articles_using_image
from core.exceptions import StateConflict
from media.content_model import edited_fields
from media.models import Image, ImageFormat, Rendition
from media.renditions import CONTENT_TYPES, rendition_list
from media.services import image_create_checked, image_delete, renditions_enqueue
from media.signals import image_deleting
from media.uploads import CheckedImage, UploadRefused, accepted_labels, check_upload

THUMBNAIL_SIZE = 480
LIST_THUMBNAIL_SIZE = 80


class FocalPointInput(forms.NumberInput):
    """A fraction from 0 to 1 that the keyboard edits as any number (the picker's clicks fill it too)."""

    def __init__(self, axis: str):
        super().__init__(attrs={"min": "0", "max": "1", "step": "0.01", "data-focal-axis": axis})


class ImageForm(LabelTranslationsForm):
    """The image's fields, and its alt text, caption and credit in each other language the site serves (as a
    topic's texts: `LabelTranslationsForm`)."""

    upload = forms.FileField(
        label=gettext_lazy("Image file"),
        help_text=gettext_lazy(
            "JPEG, PNG, WebP, AVIF or GIF (not animated). Its metadata (camera, GPS position) is removed; the file "
            "is kept private."
        ),
    )

    class Meta:
        model = Image
        fields = list(edited_fields())
        widgets = {"focal_x": FocalPointInput("x"), "focal_y": FocalPointInput("y")}
        field_classes = {"source_url": partial(forms.URLField, assume_scheme="https")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked: CheckedImage | None = None
        if self.instance.pk:
            del self.fields["upload"]  # a new file is a new image
        else:
            self.fields["upload"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp,image/avif,image/gif"
            self.fields["upload"].help_text = _(
                "%(formats)s (not animated). Its metadata (camera, GPS position) is removed; the file is kept private."
            ) % {"formats": accepted_labels()}

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        try:
            self.checked = check_upload(upload)
        except UploadRefused as refused:
            raise forms.ValidationError(refused.message) from refused
        return upload


@admin.register(Image)
class ImageAdmin(LabelTranslationsAdmin):
    form = ImageForm
    list_display = [
        "list_thumbnail", "__str__", "format", "dimensions", "decorative", "identifiable_patient", "created_at",
    ]  # fmt: skip
    # The thumbnail repeats the name beside it (alt=""): only the name is a link, and the row's header.
    list_display_links = ["__str__"]
    list_filter = ["format", "decorative", "identifiable_patient"]
    search_fields = ["alt_text", "caption", "credit", "original_filename", "content_hash"]
    readonly_fields = [
        "focal_point_picker", "dimensions", "format", "byte_size", "content_hash", "original_filename", "uploaded_by",
        "created_at", "usage", "renditions",
    ]  # fmt: skip

    class Media:
        js = ["newsroom/focal_point.js"]
        css = {"all": ["newsroom/focal_point.css"]}

    def get_fieldsets(self, request, obj=None):
        described = ["alt_text", "decorative", "caption", "credit", "licence", "source_url"]
        consent = ["identifiable_patient", "consent_reference"]
        # The alt text, caption and credit in each other language the site serves, as a topic's texts.
        translated = self.translation_field_names()
        in_languages = [(gettext_lazy("In other languages"), {"fields": translated})] if translated else []
        if obj is None:
            return [
                (None, {"fields": ["upload", *described]}),
                *in_languages,
                (gettext_lazy("Focal point"), {"fields": ["focal_x", "focal_y"]}),
                (gettext_lazy("Consent"), {"fields": consent}),
            ]
        return [
            (None, {"fields": ["focal_point_picker", "focal_x", "focal_y", *described, "loaded_version"]}),
            *in_languages,
            (gettext_lazy("Consent"), {"fields": consent}),
            (gettext_lazy("Where it is used"), {"fields": ["usage"]}),
            (
                gettext_lazy("The file"),
                {"fields": ["dimensions", "format", "byte_size", "content_hash", "original_filename", "uploaded_by",
                            "created_at"]},
            ),
            (gettext_lazy("Renditions"), {"fields": ["renditions"]}),
        ]  # fmt: skip

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    # The add page saves through the media service (the checked file, then the record); the change page as any
    # versioned record (VersionCheckedAdmin).
    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            if {"focal_x", "focal_y"} & set(form.changed_data):
                renditions_enqueue(obj)  # the crops, cut around the new point
            return None
        fields = {name: form.cleaned_data[name] for name in edited_fields() if name in form.cleaned_data}
        fields["translations"] = form.cleaned_data.get("translations") or {}
        saved = image_create_checked(
            checked=form.checked, fields=fields, user=request.user, filename=form.cleaned_data["upload"].name
        )
        obj.pk, obj.version, obj.file = saved.pk, saved.version, saved.file
        return None

    def delete_model(self, request, obj):
        image_delete(image=obj, expected_version=None)

    def delete_view(self, request, object_id, extra_context=None):
        """An image an article or an approval shows is not deleted (`media.signals.image_deleting`): the editor is
        sent back to its page with the reason, before the confirmation and if it came into use meanwhile."""
        image = self.get_object(request, unquote(object_id))
        try:
            if image is not None:
                image_deleting.send(sender=Image, image=image)  # its receivers only check: asked before confirming
            return super().delete_view(request, object_id, extra_context)
        except StateConflict as refused:
            self.message_user(request, " ".join(refused.messages), messages.ERROR)
            return redirect(reverse("admin:media_image_change", args=[image.pk]))

    def get_actions(self, request):
        # Deleting several at once would report them all deleted whatever their use: one by one, each answered.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    # Shown on the page.

    @admin.display(description=gettext_lazy("image"))
    def list_thumbnail(self, obj):
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" class="media-list-thumbnail" loading="lazy">',
            self.thumbnail_url(obj, LIST_THUMBNAIL_SIZE),
            *_fit(obj.width, obj.height, LIST_THUMBNAIL_SIZE),
        )

    @admin.display(description=gettext_lazy("focal point"))
    def focal_point_picker(self, obj):
        width, height = _fit(obj.width, obj.height, THUMBNAIL_SIZE)
        return format_html(
            '<div class="focal-picker" data-focal-picker>'
            '<img src="{}" width="{}" height="{}" alt="{}">'
            '<span class="focal-marker" aria-hidden="true"></span></div>'
            '<p class="help" id="focal-picker-help">{}</p>',
            self.thumbnail_url(obj, THUMBNAIL_SIZE),
            width,
            height,
            _("The image: click the point that crops must keep in view"),
            _(
                "Click the image to set the focal point, or type the fractions in “Focal point x” and “Focal point y” "
                "(0 to 1, from the left and from the top)."
            ),
        )

    @admin.display(description=gettext_lazy("size (pixels)"))
    def dimensions(self, obj):
        return f"{obj.width:,} × {obj.height:,}"

    @admin.display(description=gettext_lazy("articles"))
    def usage(self, obj):
        articles = list(articles_using_image(obj).only("pk", "title")[:100])
        if not articles:
            return _("No article uses this image.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", '<li><a href="{}">{}</a></li>',
                ((reverse("admin:articles_article_change", args=[article.pk]), article.title) for article in articles),
            ),
        )  # fmt: skip

    @admin.display(description=gettext_lazy("renditions"))
    def renditions(self, obj):
        """What the public gets of the image (made by the task worker), by format and crop, each width a link."""
        prefetch_related_objects([obj], "renditions")  # one query for the lists below
        whole = rendition_list(obj)
        if not whole:
            return _("None yet: the task worker makes them a few seconds after the upload.")
        rows = [
            (label, [entry for entry in whole if entry["format"] == fmt])
            for fmt, label in ((ImageFormat.AVIF, "AVIF"), (ImageFormat.WEBP, "WebP"), (ImageFormat.JPEG, "JPEG"))
        ]
        rows += [
            (_("Crop %(ratio)s") % {"ratio": crop}, rendition_list(obj, crop=crop))
            for crop in sorted({rendition.crop for rendition in obj.renditions.all() if rendition.crop})
        ]
        return format_html(
            '<ul class="media-renditions">{}</ul><p class="help">{}</p>',
            format_html_join(
                "",
                "<li>{}: {}</li>",
                (
                    (label, format_html_join(", ", '<a href="{}">{} × {}</a>',
                                             ((e["url"], e["width"], e["height"]) for e in entries)))
                    for label, entries in rows
                    if entries
                ),
            ),
            _(
                "Content-addressed: a rendition's address changes when its bytes change, and a file a published "
                "article may name is never deleted while the image exists."
            ),
        )  # fmt: skip

    # The thumbnail, for signed-in editors only.

    def thumbnail_url(self, obj, size: int) -> str:
        url = reverse("admin:media_image_thumbnail", args=[obj.pk, size])
        return f"{url}?v={obj.content_hash[:16]}"

    def get_urls(self):
        thumbnail = path(
            "<int:object_id>/thumbnail/<int:size>/",
            self.admin_site.admin_view(require_GET(self.thumbnail_view)),
            name="media_image_thumbnail",
        )
        return [thumbnail, *super().get_urls()]

    def thumbnail_view(self, request, object_id: int, size: int):
        """A small copy of the image for an editor who may view it: its smallest rendition that is at least `size`
        pixels wide (or as wide as the image), read as it is stored; made from the private original's pixels (no
        metadata) only while it has none yet."""
        if size not in (LIST_THUMBNAIL_SIZE, THUMBNAIL_SIZE):
            raise Http404
        image = get_object_or_404(Image, pk=object_id)
        if not self.has_view_permission(request, image):
            raise PermissionDenied
        rendition = smallest_rendition(image, size)
        if rendition is not None:
            response = FileResponse(rendition.file.open("rb"), content_type=CONTENT_TYPES["webp"])
        else:
            content, content_type = make_thumbnail(image, size)
            response = HttpResponse(content, content_type=content_type)
        response["Cache-Control"] = "private, max-age=3600"
        response["Content-Disposition"] = "inline"
        return response


def smallest_rendition(image: Image, size: int) -> Rendition | None:
    """The image's narrowest whole WebP rendition that is at least `size` pixels wide, or as wide as the image."""
    return (
        image.renditions.filter(crop="", format=ImageFormat.WEBP, width__gte=min(size, image.width))
        .order_by("width")
        .first()
    )


def _fit(width: int, height: int, size: int) -> tuple[int, int]:
    scale = min(1.0, size / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def make_thumbnail(image: Image, size: int) -> tuple[bytes, str]:
    """The image scaled to fit `size` pixels a side, as PNG when it has transparency, else JPEG; no metadata."""
    with image.file.open("rb") as original, PillowImage.open(original) as picture:
        picture.draft("RGB", (size, size))  # JPEG: decode at a reduced scale
        picture.thumbnail((size, size))
        picture = ImageOps.exif_transpose(picture)
        transparent = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
        output = io.BytesIO()
        if transparent:
            picture.convert("RGBA").save(output, format="PNG")
            return output.getvalue(), "image/png"
        picture.convert("RGB").save(output, format="JPEG", quality=85)
        return output.getvalue(), "image/jpeg"
