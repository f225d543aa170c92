"""Review comments in the management API: what a reviewer sends, and what anyone working on the article reads."""

from rest_framework import serializers

from manage_api.serializers.strict import StrictSerializerMixin
from publishing.comment_anchors import ANCHOR_MAX_LENGTH, anchor_label
from publishing.services.comments import BODY_MAX_LENGTH, QUOTE_MAX_LENGTH


class ReviewCommentIn(StrictSerializerMixin, serializers.Serializer):
    anchor = serializers.CharField(
        max_length=ANCHOR_MAX_LENGTH,
        help_text="The field commented on, as the content model names it: a field of the article (`title`, "
        "`summary`, `intro`…) or of one of its rows by the row's `id` (`sections[12].body`, `faqs[3].answer`, "
        "`key_points[5].text`). Another name is a 400 naming `anchor`.",
    )
    quote = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=QUOTE_MAX_LENGTH,
        help_text="The passage commented on: a part of the field's text as it is saved now, its words in order "
        "(whatever whitespace separates them; the comment keeps the field's own passage), otherwise a 400 naming "
        "`quote`. Absent or empty: the comment is on the whole field.",
    )
    body = serializers.CharField(max_length=BODY_MAX_LENGTH)


class ReplyIn(StrictSerializerMixin, serializers.Serializer):
    body = serializers.CharField(max_length=BODY_MAX_LENGTH)


class ReplyOut(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(source="author.get_username")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()


class ReviewCommentOut(serializers.Serializer):
    id = serializers.IntegerField()
    anchor = serializers.CharField()
    field_label = serializers.SerializerMethodField(help_text="The field in the admin's words (“Section 2: Body”).")
    quote = serializers.CharField(help_text="Empty: the comment is on the whole field.")
    version = serializers.IntegerField(help_text="The version of the article (its ETag then) it was made on.")
    author = serializers.CharField(source="author.get_username")
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    resolved = serializers.BooleanField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolved_by = serializers.CharField(source="resolved_by.get_username", allow_null=True)
    replies = ReplyOut(many=True)

    def get_field_label(self, comment) -> str:
        return anchor_label(comment.anchor, self.context.get("positions"))


class ReviewCommentListOut(serializers.Serializer):
    open = serializers.IntegerField(help_text="How many are not resolved: what the author answers before submitting.")
    results = ReviewCommentOut(many=True, help_text="Every comment of every round, oldest first.")
