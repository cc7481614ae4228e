"""What a rule would have matched, without firing anything."""

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import InvalidInput
from cxloop.journeys.models import Event
from cxloop.rules import conditions
from cxloop.rules.models import TRIGGER_KINDS, ObjectKind, Rule, Trigger
from cxloop.rules.services.rules import match_check, trigger_check
from cxloop.rules.subjects import Subject
from cxloop.surveys.models import Response
from cxloop.textanalysis.models import CommentAnalysis, Topic, TopicAssignment

MAX_DAYS = 365
EXAMPLES = 5
CHUNK = 500


def _responses(workspace: Workspace, trigger: str, since: datetime) -> QuerySet[Any]:
    responses = (
        Response.objects.of(workspace)
        .filter(is_complete=True, submitted_at__gte=since)
        .select_related("survey", "analysis")
        .order_by("-submitted_at", "-pk")
    )
    if trigger == Trigger.RESPONSE_ANALYSED:
        responses = responses.filter(analysis__status=CommentAnalysis.Status.DONE)
    return responses


def _response_subject(workspace: Workspace, response: Response) -> Subject:
    analysis = getattr(response, "analysis", None)
    if analysis is not None and analysis.status != CommentAnalysis.Status.DONE:
        analysis = None
    preloaded: dict[str, Any] = {"analysis": analysis}
    assignments = getattr(response, "active_topics", None)
    if assignments is not None:
        preloaded["topics"] = [
            {"number": item.topic.number, "label": item.topic.label}
            for item in assignments
        ]
    return Subject(
        workspace,
        ObjectKind.RESPONSE,
        response.pk,
        response=response,
        preloaded=preloaded,
    )


def rule_preview(
    *,
    workspace: Workspace,
    rule_data: dict[str, Any],
    days: int = 30,
    now: datetime | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """How many stored objects of the last `days` the rule would match, and
    up to five of them, newest first. Fires nothing.

    `rule_data` needs `trigger` and `conditions` (and `match`); the
    conditions are validated as on save. Conditions SQL can answer narrow the
    rows first; each remaining row is then tested as the rule would test it.
    """
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(_("Give 1–365 days."), field="days")
    trigger = trigger_check(rule_data.get("trigger"))
    match = match_check(rule_data.get("match", Rule.Match.ALL))
    cleaned = conditions.conditions_validate(
        rule_data.get("conditions", []), trigger=trigger
    )
    since = (now or timezone.now()) - timedelta(days=days)
    kind = TRIGGER_KINDS[trigger]
    narrowing = conditions.conditions_q(cleaned, match)
    if kind == ObjectKind.RESPONSE:
        rows: QuerySet[Any] = _responses(workspace, trigger, since)
        if any(condition["field"] == "topic" for condition in cleaned):
            rows = rows.prefetch_related(
                Prefetch(
                    "topic_assignments",
                    queryset=TopicAssignment.objects.filter(
                        topic__status=Topic.Status.ACTIVE
                    ).select_related("topic"),
                    to_attr="active_topics",
                )
            )
    elif kind == ObjectKind.EVENT:
        rows = (
            Event.objects.of(workspace)
            .filter(occurred_at__gte=since)
            .order_by("-occurred_at", "-pk")
        )
    else:
        from cxloop.rules import case_actions

        rows = case_actions.cases_since(workspace=workspace, since=since)
        narrowing = None  # the conditions' columns are the responses'
    if narrowing is not None:
        rows = rows.filter(narrowing)
    count = 0
    examples: list[dict[str, Any]] = []
    for row in rows.iterator(chunk_size=CHUNK):
        if kind == ObjectKind.RESPONSE:
            subject = _response_subject(workspace, row)
        elif kind == ObjectKind.EVENT:
            subject = Subject(workspace, kind, row.pk, event=row)
        else:
            subject = Subject(workspace, kind, row.pk, case=row)
        matched = conditions.conditions_match(cleaned, match, subject)
        if matched is None:
            continue
        count += 1
        if len(examples) < EXAMPLES:
            examples.append({"id": row.pk, "kind": kind, **subject.describe()})
    return count, examples
