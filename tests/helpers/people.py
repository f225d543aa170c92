"""Users in the editorial roles (the groups that the roles migration creates)."""

from django.contrib.auth.models import Group

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
