"""Forms rendered as Django renders them, the commonest inputs without a template.

The article page renders some 280 inputs, text areas and hidden fields, each through three small templates
(`text.html` → `input.html` → `attrs.html`), and asks each field for its list of errors (a template, empty): a third
of the page's time. For those, `FastWidgetRenderer` writes the same characters as the templates from Python;
anything else (a widget with another template, a value that is not text, an attribute that is not text, a number or
a flag) goes to the templates as before. That the output is the
templates' own, character for character, is tested on every kind of value (tests/core/test_form_renderer.py).
"""

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData

_INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        *("input", "text", "hidden", "number", "email", "url", "password"),
        *("date", "datetime", "time", "search", "checkbox"),
    )
}
_TEXTAREA = "django/forms/widgets/textarea.html"
_LABEL = "django/forms/label.html"
# An error list's templates write nothing when it is empty (every field of a form asks for its list).
_ERROR_LISTS = {"django/forms/errors/list/ul.html", "django/forms/errors/list/default.html"}


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}`: the value as text, escaped unless it is marked safe."""
    return conditional_escape(value) if isinstance(value, SafeData) else escape(f"{value}")


def _simple(value) -> bool:
    # bool is an int: flags and numbers alike are written as the template writes them; a lazy translation is text
    return value is None or isinstance(value, str | int | Promise)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: True is the bare name, False leaves it out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {escape(name)}" if value is True else f' {escape(name)}="{_text(value)}"')
    return "".join(parts)


def _simple_attrs(attrs: dict) -> bool:
    return all(isinstance(name, str) and _simple(value) for name, value in attrs.items())


def _label(context: dict) -> str:
    """django/forms/label.html."""
    label = conditional_escape(context["label"])
    if not context["use_tag"]:
        return label
    tag = escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget: dict) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if not isinstance(context, dict):
            return super().render(template_name, context, request)
        widget = context.get("widget")
        if widget is not None and self._is_simple(widget):
            if template_name in _INPUT_TEMPLATES and isinstance(widget.get("type"), str):
                return _input(widget)
            if template_name == _TEXTAREA and isinstance(widget.get("value"), str | None):
                return _textarea(widget)
        if template_name == _LABEL and self._is_simple_label(context):
            return _label(context)
        if template_name in _ERROR_LISTS and "errors" in context and not context["errors"]:
            return ""
        return super().render(template_name, context, request)

    @staticmethod
    def _is_simple(widget: dict) -> bool:
        return (
            isinstance(widget.get("name"), str)
            and _simple(widget.get("value"))
            and not isinstance(widget.get("value"), Promise)
            and _simple_attrs(widget.get("attrs", {}))
        )

    @staticmethod
    def _is_simple_label(context: dict) -> bool:
        return (
            isinstance(context.get("label"), str)
            and isinstance(context.get("tag"), str)
            and isinstance(context.get("attrs"), dict)
            and _simple_attrs(context["attrs"])
        )
