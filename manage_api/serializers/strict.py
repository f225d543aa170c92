"""Input that names a field the endpoint does not take, or gives a field a value of the wrong JSON type, is a
400 naming it: never silently ignored, never quietly converted (DRF would store `0` as the text "0" and take
`0` for false)."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.fields import empty


class StrictSerializerMixin:
    # Names a client may see in what it reads but may not write (they change through other steps).
    read_only_names: set[str] = set()

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(set(data) - writable)
            if unknown:
                raise serializers.ValidationError({name: [self._refusal(name)] for name in unknown})
            wrong = {name: json_type_problem(self.fields[name], value) for name, value in data.items()}
            if any(wrong.values()):
                raise serializers.ValidationError({name: [problem] for name, problem in wrong.items() if problem})
        return super().to_internal_value(data)

    def _refusal(self, name: str) -> str:
        if name in self.read_only_names:
            return _("Read-only: it changes only through the lifecycle (POST …/transitions/).")
        return _("Unknown field.")


def json_type_problem(field: serializers.Field, value) -> str | None:
    """What is wrong with the JSON type of `value` for `field`, if anything (null is the field's own affair)."""
    if value is None:
        return None
    if isinstance(field, serializers.BooleanField):
        return None if isinstance(value, bool) else _("Must be true or false.")
    if isinstance(field, serializers.IntegerField | serializers.PrimaryKeyRelatedField):
        whole = isinstance(value, int) and not isinstance(value, bool)
        whole = whole or (isinstance(value, float) and value.is_integer())  # JSON's 5.0 is the integer 5
        return None if whole else _("Must be a whole number.")
    if isinstance(field, serializers.SlugRelatedField):
        return None if isinstance(value, str) else _("Must be a string.")
    if isinstance(field, serializers.ManyRelatedField):
        if not isinstance(value, list):
            return _("Must be a list.")
        problems = [json_type_problem(field.child_relation, item) for item in value]
        return next((problem for problem in problems if problem), None)
    textual = serializers.CharField | serializers.ChoiceField | serializers.DateField | serializers.DateTimeField
    if isinstance(field, textual):
        return None if isinstance(value, str) else _("Must be a string.")
    return None


class PartsField(serializers.ListField):
    """A list of rows whose errors come back as a list in the same order: [{}, {"body_markdown": [...]}]."""

    def run_child_validation(self, data):
        result, errors, failed = [], [], False
        for item in data:
            try:
                result.append(self.child.run_validation(item))
                errors.append({})
            except serializers.ValidationError as error:
                errors.append(error.detail)
                failed = True
        if failed:
            raise serializers.ValidationError(errors)
        return result

    def to_internal_value(self, data):
        if data is empty:
            return data
        return super().to_internal_value(data)
