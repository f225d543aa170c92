"""The rows of the admin's tabular inlines, each input named for screen readers."""

from django.forms.formsets import DELETION_FIELD_NAME
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class LabelledCells:
    """A formset mixin for a tabular inline. A table's cells have no <label>: the column's header says what each
    holds, which assistive technology does not always announce inside a form (axe-core calls such an input
    unlabelled, critical). Each visible input takes its column's header as its aria-label, and each row's Delete
    checkbox names the row it deletes. The empty form that "Add another" copies is labelled too."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, field in form.fields.items():
            # The inner widget of the admin's related-object wrapper: the wrapper's own attrs are not copied per form.
            widget = getattr(field.widget, "widget", field.widget)
            if widget.is_hidden:
                continue
            if name == DELETION_FIELD_NAME:
                label = _("Delete “%(row)s”") % {"row": form.instance} if form.instance.pk else _("Delete")
            else:
                label = capfirst(field.label)
            widget.attrs.setdefault("aria-label", label)
