"""Bulk import of responses: the demo shop, CSV imports, migrations from rivals.

Writes many responses in batches with the same answer rules as
`services.response_submit`, but without per-row round trips: a row that
breaks a rule is skipped and reported, never half-written.
"""

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db import transaction
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.customers import services as customer_services
from cxloop.surveys import answers as answer_rules
from cxloop.surveys import hooks, selectors
from cxloop.surveys.models import Question, Response, Survey
from cxloop.surveys.services import ResponseInput, response_digest

BATCH = 2000


@dataclass
class ImportReport:
    stored: int = 0
    duplicates: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


def _batches(items: Iterable[ResponseInput]) -> Iterator[list[ResponseInput]]:
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def response_import(
    *, workspace: Workspace, items: Iterable[ResponseInput]
) -> ImportReport:
    """Store many responses; existing `response_id`s are skipped as duplicates."""
    surveys: dict[str, tuple[Survey, list[Question]]] = {}
    report = ImportReport()
    offset = 0
    for batch in _batches(items):
        rows = []
        for index, item in enumerate(batch, start=offset):
            if item.survey_key not in surveys:
                survey = selectors.survey_get(workspace=workspace, key=item.survey_key)
                surveys[item.survey_key] = (
                    survey,
                    selectors.question_list(survey=survey),
                )
            survey, questions = surveys[item.survey_key]
            try:
                cleaned = answer_rules.clean(
                    questions, item.answers, require_complete=False
                )
            except answer_rules.AnswerError as error:
                report.rejected.append((index, f"answers.{error.key}: {error.message}"))
                continue
            rows.append(_row(workspace, survey, questions, item, cleaned))
        offset += len(batch)
        new_rows = _without_known_ids(workspace, rows)
        with transaction.atomic():
            _link_customers(workspace, new_rows)
            Response.objects.bulk_create(new_rows, ignore_conflicts=True)
            hooks.responses_imported(workspace, [row.response_id for row in new_rows])
        report.stored += len(new_rows)
        report.duplicates += len(rows) - len(new_rows)
    return report


def _row(
    workspace: Workspace,
    survey: Survey,
    questions: list[Question],
    item: ResponseInput,
    cleaned: dict[str, object],
) -> Response:
    return Response(
        workspace=workspace,
        response_id=item.response_id or str(uuid.uuid4()),
        survey=survey,
        touchpoint=item.touchpoint or survey.touchpoint,
        channel=item.channel,
        locale=item.locale,
        customer_ref=item.customer_ref,
        anonymous_id=item.anonymous_id,
        answers=cleaned,
        comment=answer_rules.comment_of(questions, cleaned),
        context=item.context,
        is_complete=item.complete,
        body_digest=response_digest(item),
        submitted_at=item.submitted_at or timezone.now(),
        **answer_rules.scores_of(questions, cleaned),
    )


def _link_customers(workspace: Workspace, rows: list[Response]) -> None:
    """Point each row at its person's profile, resolving the batch at once."""
    signals = [
        customer_services.signals_from_ref(row.customer_ref, row.anonymous_id)
        if row.customer_ref or row.anonymous_id
        else None
        for row in rows
    ]
    customer_ids = customer_services.customer_resolve_many(
        workspace=workspace, signals=signals, source="import"
    )
    for row, customer_id in zip(rows, customer_ids, strict=True):
        row.customer_id = customer_id


def _without_known_ids(workspace: Workspace, rows: list[Response]) -> list[Response]:
    """The rows whose response_id is new to the workspace and to the batch."""
    known = set(
        Response.objects.of(workspace)
        .filter(response_id__in=[row.response_id for row in rows])
        .values_list("response_id", flat=True)
    )
    fresh = []
    for row in rows:
        if row.response_id not in known:
            known.add(row.response_id)
            fresh.append(row)
    return fresh
