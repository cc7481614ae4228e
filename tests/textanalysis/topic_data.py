"""A small workspace of comments on a few subjects, in several languages.

The comments are the demo's (project-written, `cxloop.demodata.comments`);
three clearly different subjects, so discovery has something to find.
"""

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.demodata.comments import COMMENTS
from cxloop.surveys import imports
from cxloop.surveys.models import Response
from cxloop.surveys.services import responses as response_services
from cxloop.textanalysis import services

CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]

SUBJECTS = ("delivery_speed", "payment", "packaging")
LANGUAGES = ("et", "fi", "en", "lv")


def comments(per_cell: int = 5) -> list[tuple[str, str, str]]:
    """(text, language, subject) for each subject × language."""
    rows = []
    for subject in SUBJECTS:
        for code in LANGUAGES:
            texts = COMMENTS[code][subject]["negative"][:per_cell]
            rows += [(text, code, subject) for text in texts]
    return rows


def load(
    workspace: Workspace,
    capture: CaptureOnCommit,
    rows: list[tuple[str, str, str]] | None = None,
) -> dict[int, str]:
    """Store the comments and analyse them as the worker would.

    Returns {response pk: subject}.
    """
    rows = rows if rows is not None else comments()
    now = timezone.now()
    imports.response_import(
        workspace=workspace,
        items=[
            response_services.ResponseInput(
                survey_key="feedback",
                answers={"text": text, "rating": 2},
                channel="import",
                response_id=f"t-{n}",
                locale=code,
                submitted_at=now - timedelta(days=n % 60),
            )
            for n, (text, code, _) in enumerate(rows)
        ],
    )
    with capture(execute=True):
        services.analysis_sweep()
    by_id = {f"t-{n}": subject for n, (_, _, subject) in enumerate(rows)}
    return {
        pk: by_id[rid]
        for pk, rid in Response.objects.of(workspace).values_list("pk", "response_id")
        if rid in by_id
    }


def submit(workspace: Workspace, text: str, locale: str) -> Response:
    data = response_services.ResponseInput(
        survey_key="feedback", answers={"text": text}, channel="api", locale=locale
    )
    return response_services.response_submit(workspace=workspace, data=data).response
