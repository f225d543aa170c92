"""/api/v1/manage/articles/: working copies in every state, written through the editing and lifecycle services."""

import django_filters
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from articles.edit_plan import EditProblems
from articles.models import Article, ArticleAction, ArticleStatus
from articles.services.editing import article_create, article_delete, article_update
from core.models import SiteSettings
from manage_api.http import CanView, ManageAPIMixin, etag, expected_version
from manage_api.serializers.articles import (
    ArticleIn,
    ArticleListOut,
    ArticleOut,
    ArticleReplaceIn,
    TransitionIn,
    edit_refused,
)
from manage_api.serializers.comments import ReplyIn, ReviewCommentIn, ReviewCommentListOut, ReviewCommentOut
from manage_api.serializers.strict import StrictSerializerMixin
from publishing.comment_anchors import row_positions
from publishing.models import ReviewComment
from publishing.preview import (
    preview_api_url,
    preview_lifetime,
    preview_links_revoke,
    preview_token_make,
    preview_url,
)
from publishing.selectors import review_comments, translations_behind
from publishing.services.comments import (
    review_comment_add,
    review_comment_reopen,
    review_comment_reply,
    review_comment_resolve,
)
from publishing.services.editorial_steps import HEADER_STEPS, article_transition
from publishing.services.shown import DOCUMENT_FINGERPRINT, candidate_shown
from publishing.services.translations import article_create_translation, article_translation_catch_up

IF_MATCH = OpenApiParameter(
    "If-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=True, description="The ETag you read."
)
CHANGE_ERRORS = {
    400: OpenApiResponse(description="Invalid input, keyed by field and row"),
    401: OpenApiResponse(description="No token, or a token that is invalid, expired or revoked"),
    403: OpenApiResponse(description="Your role does not allow it"),
    404: OpenApiResponse(description="No such article"),
    409: OpenApiResponse(description="Not in this state"),
    412: OpenApiResponse(description="Someone saved since you read it (If-Match is not the current ETag)"),
    428: OpenApiResponse(description="If-Match is missing"),
}


class ArticleFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ArticleStatus.choices, help_text="Only articles in this state.")
    language = django_filters.CharFilter(
        help_text="Only articles in this language (BCP 47). On one article's address: which of the articles with this "
        "slug, when more than one language has it (without it, the one in the site's default language)."
    )
    # Choices, not a BooleanFilter: django-filter reads anything but a boolean as "not given", a silent ignore.
    behind_source = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_behind_source",
        help_text="true: only translations whose source went live with a newer version than the one their text "
        "follows (what the admin lists as behind their source); false: every other article.",
    )

    def filter_behind_source(self, queryset, name, value):
        behind = translations_behind().values("pk")
        return queryset.filter(pk__in=behind) if value == "true" else queryset.exclude(pk__in=behind)

    class Meta:
        model = Article
        fields: list[str] = []


TRANSITION_ERRORS = {
    **CHANGE_ERRORS,
    403: OpenApiResponse(description="Your role does not allow the step (or, with separation of duties, you approved "
                         "the version you would put live)"),
    409: OpenApiResponse(description="Not in this state: the step does not apply to the article's status, or what it "
                         "needs is missing (publish: no approval of this version; cancel_schedule: nothing scheduled; "
                         "republish: nothing taken down to put back, or the working copy changed since the unpublish)"),
}  # fmt: skip
COMMENT_ERRORS = {
    400: OpenApiResponse(description="Invalid input: the body names the field (`anchor`, `quote`, `body`)"),
    401: CHANGE_ERRORS[401],
    403: OpenApiResponse(description="Your role does not allow it (comments: medical reviewers; replies, resolving "
                         "and reopening: the article's authors and medical reviewers)"),
    404: OpenApiResponse(description="No such article, or no such comment of it"),
    409: OpenApiResponse(description="Not in this state (an archived article; a comment resolved, or open, already)"),
}  # fmt: skip
COMMENT_ACTIONS = ("comments", "comment_replies", "comment_resolve", "comment_reopen")
COMMENT_ID = OpenApiParameter("comment_id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The comment's id.")


class PreviewIn(StrictSerializerMixin, serializers.Serializer):
    expires_in = serializers.IntegerField(
        required=False,
        min_value=60,
        help_text="Seconds the link should last; longer than the server's maximum (PREVIEW_TOKEN_MAX_AGE) is "
        "cut to it. Without it, the server's default (PREVIEW_TOKEN_DEFAULT_AGE).",
    )


class PreviewOut(serializers.Serializer):
    token = serializers.CharField()
    url = serializers.URLField(
        help_text="Where the preview is shown: the frontend's preview page, or this server's HTML preview page."
    )
    api_url = serializers.URLField()
    expires_in = serializers.IntegerField(help_text="Seconds.")
    version = serializers.IntegerField(
        help_text="The version of the working copy the link shows (the ETag's): once the article is saved again, "
        "the link answers 410 and a new one is needed."
    )


class PreviewRevokedOut(serializers.Serializer):
    revoked_at = serializers.DateTimeField(help_text="Every link made before this moment answers 410.")


@extend_schema_view(
    list=extend_schema(summary="Working copies, any state", responses=ArticleListOut(many=True)),
    retrieve=extend_schema(
        summary="One working copy, with its parts; its ETag is its version",
        responses={200: OpenApiResponse(ArticleOut, description=(
            "In review, the `Document-Fingerprint` header names the document an approval would freeze now (the "
            "article rendered as the public will see it, with the cited references, authors, topics and site texts): "
            "send it as `document_fingerprint` with `approve`."
        ))},
    ),
    create=extend_schema(summary="Create an article (a draft) with its parts", request=ArticleIn),
    update=extend_schema(
        summary="Replace an article and all its parts", request=ArticleReplaceIn, parameters=[IF_MATCH],
        responses={200: ArticleOut, **CHANGE_ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change some fields or lists of an article", request=ArticleIn, parameters=[IF_MATCH],
        responses={200: ArticleOut, **CHANGE_ERRORS},
    ),
    destroy=extend_schema(
        summary="Delete an article that was never published", parameters=[IF_MATCH],
        responses={204: None, **CHANGE_ERRORS},
    ),
)  # fmt: skip
class ArticleManageViewSet(ManageAPIMixin, viewsets.GenericViewSet):
    if_match_actions = ManageAPIMixin.if_match_actions | {"transitions"}
    lookup_field = "slug"
    lookup_value_regex = "[^/]+"
    serializer_class = ArticleOut
    queryset = Article.objects.none()  # the model, for the permission checks; get_queryset() reads
    filterset_class = ArticleFilter

    def get_queryset(self):
        if self.action == "list":
            return Article.objects.order_by("-updated_at", "-pk")
        return Article.objects.with_content()

    def get_permissions(self):
        if self.action in ("transitions", "preview_token", "preview_token_revoke", *COMMENT_ACTIONS):
            return [CanView()]  # the lifecycle table decides who may take which step
        return super().get_permissions()

    def _article(self, article: Article, status_code: int = status.HTTP_200_OK) -> Response:
        article = self.get_queryset().get(pk=article.pk)
        headers = {"ETag": etag(article.version)}
        if article.status == ArticleStatus.IN_REVIEW:
            # What an approval must name: the document as read, shared records included (the version covers the rest).
            headers[DOCUMENT_FINGERPRINT] = candidate_shown(article=article)
        if status_code == status.HTTP_201_CREATED:
            location = reverse("manage:article-detail", kwargs={"slug": article.slug})
            if article.language != SiteSettings.load().language:
                location = f"{location}?{urlencode({'language': article.language})}"
            headers["Location"] = self.request.build_absolute_uri(location)
        return Response(ArticleOut(article).data, status=status_code, headers=headers)

    def list(self, request):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        response = self.get_paginated_response(ArticleListOut(page, many=True).data)
        response.headers["ETag"] = etag(response.data)
        return response

    def retrieve(self, request, slug=None):
        return self._article(self.get_object())

    def get_object(self):
        """The article at this slug (`?language=` narrows it, through the filter): a slug is unique per language, so
        where several languages have it and none is named, the one in the site's default language, or a 400."""
        found = list(self.filter_queryset(self.get_queryset()).filter(slug=self.kwargs["slug"])[:2])
        if len(found) > 1:
            default = SiteSettings.load().language
            found = [article for article in found if article.language == default]
            if not found:
                raise serializers.ValidationError(
                    {"language": [_("Articles in more than one language have this slug: say which with ?language=.")]}
                )
        if not found:
            raise NotFound(_("No article has this slug."))
        self.check_object_permissions(self.request, found[0])
        return found[0]

    def create(self, request):
        incoming = ArticleIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        edit = incoming.to_edit()
        source = incoming.validated_data.get("translation_of")
        try:
            if source is None:
                article = article_create(edit=edit, user=request.user)
            elif "language" not in incoming.validated_data:
                raise serializers.ValidationError({"language": [_("Say which language the translation is in.")]})
            else:
                language = incoming.validated_data["language"]
                article = article_create_translation(source=source, language=language, edit=edit, user=request.user)
        except EditProblems as refused:
            raise edit_refused(refused.problems, edit) from refused
        return self._article(article, status.HTTP_201_CREATED)

    def _change(self, request, *, partial: bool) -> Response:
        article = self.get_object()
        incoming = (ArticleIn if partial else ArticleReplaceIn)(instance=article, data=request.data, partial=partial)
        incoming.is_valid(raise_exception=True)
        version = expected_version(request, article.version)
        edit = incoming.to_edit()
        try:
            article = article_update(article=article, edit=edit, user=request.user, expected_version=version)
        except EditProblems as refused:
            raise edit_refused(refused.problems, edit) from refused
        return self._article(article)

    def update(self, request, slug=None):
        return self._change(request, partial=False)

    def partial_update(self, request, slug=None):
        return self._change(request, partial=True)

    def destroy(self, request, slug=None):
        article = self.get_object()
        article_delete(article=article, user=request.user, expected_version=expected_version(request, article.version))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Take a lifecycle step (submit, withdraw, request_changes, approve, publish, unpublish, archive, "
        "unarchive, cancel_schedule, republish)",
        description="An approve whose If-Match is not the current version, or whose `document_fingerprint` is not "
        "that of the document as it would be frozen now (a cited reference, an author, a topic or a site text "
        "changed since the reviewer read it), is a 412 and approves nothing: the reviewer approves exactly the "
        "document they read. Without `document_fingerprint`, an approve is a 400.\n\n"
        "`cancel_schedule` (publishers) calls off a scheduled go-live: the scheduled publication is withdrawn before "
        "its time and never goes live, what is live stays live, and no webhook is sent (nothing readers see "
        "changed); a working copy that was the scheduled version is approved again. A 409 when nothing is "
        "scheduled.\n\n"
        "`republish` (publishers; the admin's “Publish again”) puts an unpublished article live again as readers "
        "last saw it: the approved version that was live when it was unpublished, only while the working copy is "
        "still that version, unchanged and not taken through review since; checked as a publish is, and announced "
        "as `article.published`. A 409 saying why when it cannot go back as it was (edited since: it needs a new "
        "review). Both take only `comment` besides the action, and the If-Match of the version read.",
        request=TransitionIn,
        parameters=[IF_MATCH],
        responses={200: ArticleOut, **TRANSITION_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="transitions")
    def transitions(self, request, slug=None):
        article = self.get_object()
        step = TransitionIn(data=request.data)
        step.is_valid(raise_exception=True)
        version = expected_version(request, article.version)
        action = ArticleAction(step.validated_data["action"])
        comment = step.validated_data.get("comment", "")
        if action in HEADER_STEPS:  # the article page header's steps, through the services the admin's header runs
            service = HEADER_STEPS[action]
            return self._article(service(article=article, user=request.user, comment=comment, expected_version=version))
        article = article_transition(
            action,
            article=article,
            user=request.user,
            comment=comment,
            live_from=step.validated_data.get("published_at"),
            expected_version=version,
            override_reason=step.validated_data.get("override_reason", ""),
            shown_document=step.validated_data.get("document_fingerprint"),
        )
        return self._article(article)

    @extend_schema(
        summary="Say a translation now follows its source's live version",
        description="For a translation behind its source (`?behind_source=true`): its translator has brought the text "
        "up to date with the source's live version, which `source_version` then records. A change of the document "
        "like any edit: a published translation's working copy goes back to draft, and readers keep the reviewed "
        "translation (still marked `source_updated_since_translation`) until the new version is approved and "
        "published. A 409 for an article that is not a translation, or whose source is not live.",
        request=None,
        parameters=[IF_MATCH],
        responses={200: ArticleOut, **CHANGE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="source-caught-up")
    def source_caught_up(self, request, slug=None):
        article = self.get_object()
        version = expected_version(request, article.version)
        return self._article(article_translation_catch_up(article=article, user=request.user, expected_version=version))

    @extend_schema(
        summary="A signed, expiring link to preview the working copy as it is now",
        description=(
            "The link opens the version of the working copy saved now, until it expires or the article's links "
            "are revoked; once the article is saved again it answers 410 (`preview_superseded`)."
        ),
        request=PreviewIn,
        responses=PreviewOut,
    )
    @action(detail=True, methods=["post"], url_path="preview-token")
    def preview_token(self, request, slug=None):
        article = self.get_object()
        incoming = PreviewIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        lifetime = preview_lifetime(incoming.validated_data.get("expires_in"))
        token = preview_token_make(article, lifetime)
        return Response(
            {
                "token": token,
                "url": preview_url(request, token),
                "api_url": preview_api_url(request, token),
                "expires_in": lifetime,
                "version": article.version,
            }
        )

    @extend_schema(
        summary="Revoke every preview link of the article made so far",
        description="Links made before answer 410 (`preview_revoked`); links made afterwards open as usual. "
        "Authors, medical reviewers and publishers may revoke.",
        request=None,
        responses=PreviewRevokedOut,
    )
    @action(detail=True, methods=["post"], url_path="preview-token/revoke")
    def preview_token_revoke(self, request, slug=None):
        article = self.get_object()
        links = preview_links_revoke(article=article, user=request.user)
        return Response(PreviewRevokedOut(links).data)

    def _comment(self, article: Article, comment_id) -> ReviewComment:
        comment = ReviewComment.objects.filter(article=article, pk=comment_id).first()
        if comment is None:
            raise NotFound(_("This article has no comment with this id."))
        return comment

    def _comment_out(self, article: Article, comment: ReviewComment, status_code=status.HTTP_200_OK) -> Response:
        comment = next(found for found in review_comments(article) if found.pk == comment.pk)
        context = {"positions": row_positions(article)}
        return Response(ReviewCommentOut(comment, context=context).data, status=status_code)

    @extend_schema(
        methods=["GET"],
        summary="The review comments of the article, oldest first, with their replies",
        description="Every round's comments, resolved or not (`resolved`): those not resolved are what the author "
        "answers before submitting the article again. They are the review's, never part of the public document.",
        responses={200: ReviewCommentListOut, **{code: COMMENT_ERRORS[code] for code in (401, 403, 404)}},
    )
    @extend_schema(
        methods=["POST"],
        summary="Comment on a field of the article, or on a passage of it (medical reviewers)",
        description="Made on the version saved now (`version`). The quote must be found in the field's text as it "
        "is saved now.",
        request=ReviewCommentIn,
        responses={201: ReviewCommentOut, **COMMENT_ERRORS},
    )
    @action(detail=True, methods=["get", "post"], url_path="comments")
    def comments(self, request, slug=None):
        article = self.get_object()
        if request.method != "POST":  # GET, and HEAD
            comments = review_comments(article)
            listed = {"open": sum(not comment.resolved for comment in comments), "results": comments}
            data = ReviewCommentListOut(listed, context={"positions": row_positions(article)}).data
            return Response(data, headers={"ETag": etag(data)})
        incoming = ReviewCommentIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        comment = review_comment_add(article=article, user=request.user, **incoming.validated_data)
        return self._comment_out(article, comment, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Answer a review comment (the article's authors and medical reviewers)",
        request=ReplyIn,
        parameters=[COMMENT_ID],
        responses={201: ReviewCommentOut, **COMMENT_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"comments/(?P<comment_id>[0-9]+)/replies")
    def comment_replies(self, request, slug=None, comment_id=None):
        article = self.get_object()
        comment = self._comment(article, comment_id)
        incoming = ReplyIn(data=request.data)
        incoming.is_valid(raise_exception=True)
        review_comment_reply(comment=comment, user=request.user, body=incoming.validated_data["body"])
        return self._comment_out(article, comment, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Mark a review comment resolved (the article's authors and medical reviewers)",
        request=None,
        parameters=[COMMENT_ID],
        responses={200: ReviewCommentOut, **COMMENT_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"comments/(?P<comment_id>[0-9]+)/resolve")
    def comment_resolve(self, request, slug=None, comment_id=None):
        article = self.get_object()
        comment = review_comment_resolve(comment=self._comment(article, comment_id), user=request.user)
        return self._comment_out(article, comment)

    @extend_schema(
        summary="Open a resolved review comment again (the article's authors and medical reviewers)",
        request=None,
        parameters=[COMMENT_ID],
        responses={200: ReviewCommentOut, **COMMENT_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path=r"comments/(?P<comment_id>[0-9]+)/reopen")
    def comment_reopen(self, request, slug=None, comment_id=None):
        article = self.get_object()
        comment = review_comment_reopen(comment=self._comment(article, comment_id), user=request.user)
        return self._comment_out(article, comment)
