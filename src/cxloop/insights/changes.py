"""Queueing responses for the score rollup (`insights.rollups`).

Each hook runs inside the transaction of the write it reacts to, so the
`ScoreChange` row commits (or rolls back) with the change it announces:
that is what keeps the rollup exact (see `rollups`' docstring).
"""

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import connections
from django.db.models import QuerySet

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.insights import metrics
from cxloop.insights.models import ScoreChange
from cxloop.surveys import selectors as survey_selectors
from cxloop.surveys.models import Response

ID_CHUNK = 2_000


def _chunks(items: Sequence[Any], size: int = ID_CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def record_query(pks: QuerySet[Response, dict[str, Any]]) -> None:
    """Queue the responses of a `surveys.selectors.response_pks` query, in SQL."""
    connection = connections[ScoreChange.objects.db]
    quote = connection.ops.quote_name
    select, params = pks.query.sql_with_params()
    # The table name comes from the model's metadata; values are parameters.
    sql = (
        f"INSERT INTO {quote(ScoreChange._meta.db_table)} "  # noqa: S608
        f"(workspace_id, response_id) {select}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def response_stored(response: Response, *, previous_comment: str | None = None) -> None:
    """surveys' hook: a stored or re-stored response."""
    if (
        previous_comment is None
        and metrics.tally_of(response.nps, response.csat, response.ces, response.rating)
        is None
    ):
        return  # new and without a score: nothing to count yet
    ScoreChange.objects.create(
        workspace_id=response.workspace_id, response_id=response.pk
    )


def responses_imported(workspace: Workspace, response_ids: Sequence[str]) -> None:
    """surveys' hook: responses bulk-created by an import, by their ids."""
    for chunk in _chunks(list(response_ids)):
        record_query(
            survey_selectors.response_pks(
                workspace=workspace, response_ids=chunk, scored=True
            )
        )


def customers_merged(
    workspace: Workspace, survivor_id: int, merged_ids: Sequence[int]
) -> None:
    """customers' hook: the survivor's responses have another order history."""
    record_query(
        survey_selectors.response_pks(
            workspace=workspace, customer_ids=[survivor_id, *merged_ids], scored=True
        )
    )


def visitors_identified(workspace: Workspace, owners: Mapping[str, int]) -> None:
    """customers' hook: anonymous answers got a customer (and a segment)."""
    for chunk in _chunks(sorted(owners)):
        record_query(
            survey_selectors.response_pks(
                workspace=workspace, anonymous_ids=chunk, scored=True
            )
        )


def customer_erased(
    workspace: Workspace, subject: customer_hooks.ErasureSubject
) -> dict[str, int]:
    """customers' hook: erasure keeps scores and customers, but re-read them
    so the rollup never holds anything the raw answers no longer say."""
    record_query(
        survey_selectors.response_pks(
            workspace=workspace, customer_ids=subject.customer_ids, scored=True
        )
    )
    return {}


def orders_changed(workspace: Workspace, changes: Mapping[int, datetime]) -> None:
    """customers' hook: {customer id: earliest order time changed}; the
    customer's answers from then on have another order history."""
    for customer_id, since in changes.items():
        record_query(
            survey_selectors.response_pks(
                workspace=workspace,
                customer_ids=[customer_id],
                submitted_since=since,
                scored=True,
            )
        )
