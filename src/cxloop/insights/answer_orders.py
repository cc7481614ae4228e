"""One query that links each answer to its customer's orders after it.

The answers come from `surveys.selectors.scored_answers`; the customers app
gives the subqueries that count and sum a customer's orders in the window
and ask whether they ordered within the churn window
(`customers.selectors.orders_between`, `ordered_between`): two ranges of the
orders' (customer, placed_at) index per answer. Whether an
answer's windows are over is asked in SQL too, so no moment is read back
into Python.
"""

from datetime import datetime
from typing import Any, NamedTuple

from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    DateTimeField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
)

from cxloop.accounts.models import Workspace
from cxloop.customers import selectors as customer_selectors


class AnswerRow(NamedTuple):
    """One answer and what its customer did after it."""

    customer: int
    touchpoint: str
    nps: int | None
    csat: int | None
    rating: int | None
    ces: int | None
    in_window: bool  # its window is over
    in_churn: bool  # its churn window is over
    orders: int  # in the window
    revenue: float  # in the window, net of refunds
    came_back: bool  # ordered within the churn window


class DaysAfter(Func):
    """A moment plus whole days (of 24 hours, as in UTC), in the database's
    own date arithmetic.

    Django's `F(…) + timedelta` runs as a Python function on SQLite, once per
    answer and per order compared: a second over 17,000 answers.
    """

    output_field = DateTimeField()

    def __init__(self, expression: Any, days: int) -> None:
        super().__init__(expression)
        self.days = days

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        moment, params = compiler.compile(self.source_expressions[0])
        return f"({moment} + make_interval(days => %s))", [*params, self.days]

    def as_sqlite(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        # SQLite keeps moments as "YYYY-MM-DD HH:MM:SS[.ffffff]" text in
        # UTC; this gives the same layout (to the millisecond), so moments
        # still compare as text.
        moment, params = compiler.compile(self.source_expressions[0])
        return (
            f"strftime(%s, {moment}, %s)",
            ["%Y-%m-%d %H:%M:%f", *params, f"+{self.days} days"],
        )


def _before(moment: datetime | None) -> ExpressionWrapper[Any]:
    if moment is None:
        return ExpressionWrapper(Value(False), output_field=BooleanField())
    return ExpressionWrapper(Q(submitted_at__lt=moment), output_field=BooleanField())


def answer_rows(
    *,
    workspace: Workspace,
    answers: QuerySet[Any],
    window_days: int,
    window_before: datetime,
    churn_days: int | None,
    churn_before: datetime | None,
    currency: str | None,
) -> list[AnswerRow]:
    """Per answer of a known customer: where, the scores, the orders and
    revenue in the `window_days` after it, and whether the customer ordered
    within `churn_days`; an answer's window counts when it was given before
    `window_before` (its churn window before `churn_before`)."""
    customer, after = OuterRef("customer_id"), OuterRef("submitted_at")
    annotated = answers.annotate(
        window_end=DaysAfter(F("submitted_at"), window_days),
        in_window=_before(window_before),
        in_churn=_before(churn_before),
        figures=customer_selectors.orders_between(
            workspace=workspace,
            customer=customer,
            after=after,
            until=OuterRef("window_end"),
            currency=currency,
        ),
    )
    if churn_days is None:
        annotated = annotated.annotate(came_back=Value(False))
    else:
        annotated = annotated.annotate(
            churn_end=DaysAfter(F("submitted_at"), churn_days),
            came_back=customer_selectors.ordered_between(
                workspace=workspace,
                customer=customer,
                after=after,
                until=OuterRef("churn_end"),
            ),
        )
    fields = ["customer_id", "touchpoint", "nps", "csat", "rating", "ces"]
    rows = annotated.values_list(
        *fields, "in_window", "in_churn", "figures", "came_back"
    )
    with transaction.atomic(using=rows.db):
        connection = connections[rows.db]
        if connection.vendor == "postgresql":
            # The subqueries' summed cost makes PostgreSQL compile the query
            # (JIT): 0.8 s of 2.5 s over 75,000 answers, for nothing.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        return [_row(row) for row in rows]


def _row(values: tuple[Any, ...]) -> AnswerRow:
    *scores, in_window, in_churn, figures, came_back = values
    customer, touchpoint, nps, csat, rating, ces = scores
    figures = figures or {}  # NULL: no order in the window
    return AnswerRow(
        customer,
        touchpoint,
        nps,
        csat,
        rating,
        ces,
        bool(in_window),
        bool(in_churn),
        orders=int(figures.get("orders") or 0),
        revenue=float(figures.get("revenue") or 0),
        came_back=bool(came_back),
    )
