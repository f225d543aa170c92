"""The README's walkthrough: the demo vitamin D article created, reviewed and published through the API alone."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from publishing.models import Publication
from tests.helpers.manage_api import token_for

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(shutil.which("curl") is None, reason="the walkthrough is a curl script"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.slow,  # a live server and a curl script
]


def test_the_vitamin_d_article_goes_live_through_the_api_alone(live_server, settings, django_user_model):
    settings.DEBUG = True
    call_command("load_demo_content", "--people-only")
    tokens = {
        role.upper(): token_for(django_user_model.objects.get(username=role))
        for role in ("author", "reviewer", "publisher")
    }

    result = subprocess.run(
        ["bash", "scripts/api_walkthrough.sh"],
        cwd=ROOT,
        env={**os.environ, "API": f"{live_server.url}/api/v1", "PYTHON": sys.executable, **tokens},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "vitamin-d-deficiency-muscle-twitching 7 FAQs, 8 references, 12 renditions"
    publication = Publication.objects.get(slug="vitamin-d-deficiency-muscle-twitching")
    assert publication.approval.approved_by.username == "reviewer"
    assert publication.created_by.username == "publisher"
