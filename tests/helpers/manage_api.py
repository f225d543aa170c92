"""Clients of the management API, authenticated with a real token."""

import datetime

from knox.models import AuthToken
from rest_framework.test import APIClient


def token_for(user, expiry=datetime.timedelta(days=1)) -> str:
    _instance, token = AuthToken.objects.create(user=user, expiry=expiry)
    return token


def token_client(user, token: str | None = None) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token or token_for(user)}")
    return client
