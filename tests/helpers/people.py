"""Users in the editorial roles (the groups that the roles migration creates)."""

from django.contrib.auth.models import Group, Permission

from tests.helpers.factories import ReviewerFactory, UserFactory


def user_in_role(username: str, group: str):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=group))
    return user


def reviewer_user(username: str = "reviewer", name: str = "Dr Review"):
    """A medical reviewer with the contributor profile that approving records."""
    user = user_in_role(username, "Medical reviewer")
    if not hasattr(user, "contributor_profile"):
        ReviewerFactory(user=user, name=name, credentials="MD")
    return user


def editing_every_article(user):
    """`user` with `articles.edit_any_article`, as a managing editor's group grants it: for tests about editing
    rules other than authorship (which tests/publishing/services/test_separation_of_duties.py covers)."""
    user.user_permissions.add(Permission.objects.get(content_type__app_label="articles", codename="edit_any_article"))
    return type(user).objects.get(pk=user.pk)  # permissions are cached per instance
