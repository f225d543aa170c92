"""Input that names a field the endpoint does not take is a 400 naming it, never silently ignored."""

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
        return super().to_internal_value(data)

    def _refusal(self, name: str) -> str:
        if name in self.read_only_names:
            return _("Read-only: it changes only through the lifecycle (POST …/transitions/).")
        return _("Unknown field.")


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
