"""core.form_renderer writes the inputs and text areas as Django's templates do, character for character."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from core.form_renderer import FastWidgetRenderer

TEMPLATES = DjangoTemplates()
FAST = FastWidgetRenderer()

VALUES = [None, "", "plain", 'quote " and <tag> & amp', mark_safe("<b>safe</b>"), 0, 5, "  spaced  ", "é ü 中文"]
ATTRS = [
    {},
    {"required": True, "disabled": False},
    {"maxlength": 200, "class": "vTextField", "data-x": 'a"b<c>'},
    {"aria-label": mark_safe("It&#x27;s"), "placeholder": None, "lang": "en"},
]
WIDGETS = [
    forms.TextInput,
    forms.HiddenInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.PasswordInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.Textarea,
    forms.CheckboxInput,
]


@pytest.mark.parametrize("widget_class", WIDGETS, ids=lambda widget: widget.__name__)
def test_the_same_characters_as_the_templates(widget_class):
    rendered = 0
    for value in [*VALUES, datetime.date(2026, 12, 7), True, False]:
        for attrs in ATTRS:
            widget = widget_class(attrs=attrs)
            expected = widget.render("field", value, renderer=TEMPLATES)
            assert widget.render("field", value, renderer=FAST) == expected, (value, attrs)
            rendered += 1
    assert rendered == 12 * len(ATTRS)


def test_other_widgets_and_values_go_to_the_templates():
    select = forms.Select(choices=[("a", "A <1>"), ("b", "B")])
    assert select.render("pick", "b", renderer=FAST) == select.render("pick", "b", renderer=TEMPLATES)
    assert '<option value="b" selected>B</option>' in select.render("pick", "b", renderer=FAST)
    odd = forms.TextInput(attrs={"data-list": ["x", "y"]})  # not text, a number or a flag: the template writes it
    assert odd.render("f", "v", renderer=FAST) == odd.render("f", "v", renderer=TEMPLATES)


def test_the_fast_path_is_taken(monkeypatch):
    """A positive control: the inputs above did not all reach the templates (which would make the comparison moot)."""
    calls = []
    original = DjangoTemplates.render
    monkeypatch.setattr(DjangoTemplates, "render", lambda self, *a, **k: calls.append(a[0]) or original(self, *a, **k))
    forms.TextInput().render("f", "v", renderer=FAST)
    forms.Textarea().render("f", "v", renderer=FAST)
    assert calls == []
    forms.Select(choices=[("a", "A")]).render("f", "a", renderer=FAST)
    assert calls == ["django/forms/widgets/select.html"]


def test_the_site_renders_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FastWidgetRenderer)


@pytest.mark.parametrize("field_id", ["id_field", ""])
def test_labels_are_the_templates_own(field_id):
    class Form(forms.Form):
        name = forms.CharField(label='Name <"quoted">', help_text="help")
        note = forms.CharField(label=mark_safe("<em>Note</em>"), required=False)

    compared = 0
    for renderer in (TEMPLATES,):
        expected_form = Form(auto_id=field_id or False, renderer=renderer)
        fast_form = Form(auto_id=field_id or False, renderer=FAST)
        for name in ("name", "note"):
            for attrs in ATTRS:
                expected = expected_form[name].label_tag(attrs=dict(attrs))
                assert fast_form[name].label_tag(attrs=dict(attrs)) == expected, (name, attrs)
                legend = expected_form[name].legend_tag(attrs=dict(attrs))
                assert fast_form[name].legend_tag(attrs=dict(attrs)) == legend
                compared += 1
    assert compared == 2 * len(ATTRS)


def test_lazy_text_in_attributes_is_written_as_text():
    from django.utils.translation import gettext_lazy

    widget = forms.Textarea(attrs={"placeholder": gettext_lazy("Required when requesting changes")})
    assert widget.render("f", "v", renderer=FAST) == widget.render("f", "v", renderer=TEMPLATES)
    assert 'placeholder="Required when requesting changes"' in widget.render("f", "v", renderer=FAST)


def test_an_empty_error_list_is_nothing_and_a_full_one_the_templates_own():
    from django.forms.utils import ErrorDict, ErrorList

    for errors in (ErrorList(renderer=FAST), ErrorDict(renderer=FAST)):
        assert errors.as_ul() == "" and str(errors) == ""
    full = ErrorList(["Enter a <valid> value."], renderer=FAST)
    assert full.as_ul() == ErrorList(["Enter a <valid> value."], renderer=TEMPLATES).as_ul()
    assert full.as_ul() == '<ul class="errorlist"><li>Enter a &lt;valid&gt; value.</li></ul>'
