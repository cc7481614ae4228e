"""Topics and analysed comments without the embedder: for API and page tests."""

from datetime import datetime
from typing import Any

from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.surveys.models import Response
from cxloop.surveys.services import responses as response_services
from cxloop.textanalysis.models import CommentAnalysis, Topic, TopicAssignment


def comment(
    workspace: Workspace,
    text: str,
    *,
    language: str = "et",
    sentiment: float = -0.6,
    touchpoint: str = "",
    submitted_at: datetime | None = None,
    response_id: str = "",
) -> Response:
    """A response with an analysed comment (language and sentiment set)."""
    data = response_services.ResponseInput(
        survey_key="feedback",
        answers={"text": text},
        channel="api",
        locale=language,
        touchpoint=touchpoint,
        submitted_at=submitted_at,
        response_id=response_id,
    )
    response = response_services.response_submit(
        workspace=workspace, data=data
    ).response
    label = "negative" if sentiment < -0.2 else "positive" if sentiment > 0.2 else ""
    CommentAnalysis.objects.update_or_create(
        response=response,
        defaults={
            "workspace": workspace,
            "status": CommentAnalysis.Status.DONE,
            "language": language,
            "sentiment_score": sentiment,
            "sentiment_label": label or "neutral",
            "analysed_at": timezone.now(),
        },
    )
    return response


def topic(workspace: Workspace, number: int, label: str, **fields: Any) -> Topic:
    return Topic.objects.create(
        workspace=workspace, number=number, label=label, **fields
    )


def assign(response: Response, topic: Topic, score: float = 0.5) -> None:
    TopicAssignment.objects.create(
        workspace_id=response.workspace_id,
        response=response,
        topic=topic,
        score=score,
    )
