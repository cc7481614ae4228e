"""Plain factories for scored responses, topics and their assignments.

Rows are written directly (no analysis, no discovery), so a test states
exactly which comment carries which topic and score.
"""

from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Customer
from cxloop.surveys.models import Question, Response, Survey
from cxloop.textanalysis.models import Topic, TopicAssignment

NOW = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)  # a Wednesday
_ids = count(1)
SCORE_COLUMNS = ("nps", "csat", "ces", "rating")


def survey(workspace: Workspace, key: str, touchpoint: str = "") -> Survey:
    found: Survey | None = Survey.objects.filter(workspace=workspace, key=key).first()
    if found is not None:
        return found
    return Survey.objects.create(
        workspace=workspace,
        key=key,
        name=key.replace("-", " ").title(),
        status=Survey.Status.ACTIVE,
        touchpoint=touchpoint,
    )


def yes_no_survey(workspace: Workspace, key: str, question: str) -> Survey:
    """A survey (e.g. search-found) asking one yes/no question."""
    found = survey(workspace, key)
    Question.objects.get_or_create(
        survey=found, key=question, defaults={"type": Question.Type.YES_NO}
    )
    return found


def topic(workspace: Workspace, label: str, **fields: Any) -> Topic:
    number = fields.pop("number", Topic.objects.filter(workspace=workspace).count() + 1)
    return Topic.objects.create(
        workspace=workspace, number=number, label=label, **fields
    )


def customers(workspace: Workspace, n: int) -> list[Customer]:
    return Customer.objects.bulk_create(
        [Customer(workspace=workspace) for _ in range(n)]
    )


def response(
    workspace: Workspace,
    *,
    survey_key: str = "delivery-csat",
    touchpoint: str = "",
    comment: str = "",
    topics: tuple[Topic, ...] = (),
    at: datetime = NOW,
    customer: Customer | None = None,
    **scores: int,
) -> Response:
    """One response with `scores` (nps=…, csat=…, ces=…, rating=…)."""
    return responses(
        workspace,
        [scores],
        survey_key=survey_key,
        touchpoint=touchpoint,
        comment=comment,
        topics=topics,
        at=at,
        customers_=[customer],
    )[0]


def responses(
    workspace: Workspace,
    scores: list[dict[str, Any]],
    *,
    survey_key: str = "delivery-csat",
    touchpoint: str = "",
    comment: str = "",
    topics: tuple[Topic, ...] = (),
    at: datetime = NOW,
    customers_: list[Customer | None] | None = None,
) -> list[Response]:
    """Many responses at once, one per scores dict, all with the same topics."""
    owner = survey(workspace, survey_key)
    people = customers_ or [None] * len(scores)
    rows = Response.objects.bulk_create(
        [
            Response(
                workspace=workspace,
                response_id=f"r-{next(_ids)}",
                survey=owner,
                touchpoint=touchpoint,
                channel=Response.Channel.API,
                answers=dict(score),
                comment=comment,
                submitted_at=at - timedelta(seconds=index),
                body_digest="x",
                customer=person,
                # Scores have columns; other answers (yes/no) live in answers.
                **{k: v for k, v in score.items() if k in SCORE_COLUMNS},
            )
            for index, (score, person) in enumerate(zip(scores, people, strict=True))
        ]
    )
    if topics:
        TopicAssignment.objects.bulk_create(
            [
                TopicAssignment(workspace=workspace, response=row, topic=t)
                for row in rows
                for t in topics
            ]
        )
    return rows
