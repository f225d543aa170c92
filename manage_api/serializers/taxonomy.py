from rest_framework import serializers

from articles.models import Contributor, Topic
from manage_api.serializers.strict import StrictSerializerMixin


class TopicIO(StrictSerializerMixin, serializers.ModelSerializer):
    read_only_names = {"id"}

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description", "is_condition"]
        read_only_fields = ["id"]


class ContributorIO(StrictSerializerMixin, serializers.ModelSerializer):
    read_only_names = {"id", "user"}

    class Meta:
        model = Contributor
        fields = ["id", "slug", "name", "credentials", "is_author", "is_medical_reviewer", "bio"]
        read_only_fields = ["id"]
