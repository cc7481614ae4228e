"""What a rule looks at: a response, an event or a case, with what it implies.

A `Subject` loads the facts conditions ask about (the comment's analysis,
topics, the customer's orders) once and only when a condition asks, so a
rule about the NPS band costs no query beyond the response itself.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import Count, Max, Sum

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Customer, Order
from cxloop.journeys.models import Event
from cxloop.rules.models import ObjectKind
from cxloop.surveys.models import Response
from cxloop.textanalysis.models import CommentAnalysis, Topic, TopicAssignment


@dataclass
class Subject:
    workspace: Workspace
    kind: str
    object_id: int
    response: Response | None = None
    event: Event | None = None
    case: Any = None  # a cases.Case
    # Filled in for a batch by `subjects_load`, to spare a query each.
    preloaded: dict[str, Any] = field(default_factory=dict)

    @property
    def touchpoint(self) -> str:
        if self.response is not None:
            return self.response.touchpoint
        if self.event is not None:
            return self.event.touchpoint
        touchpoint = getattr(self.case, "touchpoint", None)
        return str(touchpoint.key) if touchpoint is not None else ""

    @property
    def customer_id(self) -> int | None:
        source = self.response or self.event or self.case
        value = getattr(source, "customer_id", None)
        return int(value) if value is not None else None

    @cached_property
    def analysis(self) -> CommentAnalysis | None:
        if self.response is None:
            return None
        if "analysis" in self.preloaded:
            found: CommentAnalysis | None = self.preloaded["analysis"]
            return found
        return CommentAnalysis.objects.filter(
            response_id=self.response.pk, status=CommentAnalysis.Status.DONE
        ).first()

    @cached_property
    def topics(self) -> list[dict[str, Any]]:
        """The comment's active topics: number and label."""
        if self.response is None:
            return []
        if "topics" in self.preloaded:
            preloaded: list[dict[str, Any]] = self.preloaded["topics"]
            return preloaded
        return [
            {"number": number, "label": label}
            for number, label in TopicAssignment.objects.filter(
                response_id=self.response.pk, topic__status=Topic.Status.ACTIVE
            ).values_list("topic__number", "topic__label")
        ]

    @cached_property
    def customer(self) -> Customer | None:
        if self.customer_id is None:
            return None
        found: Customer | None = (
            Customer.objects.of(self.workspace).filter(pk=self.customer_id).first()
        )
        return found

    @cached_property
    def orders(self) -> dict[str, Any]:
        """The customer's order count, total (net of refunds) and last total."""
        if self.customer_id is None:
            return {"count": 0, "total": None, "last": None}
        kept = (
            Order.objects.of(self.workspace)
            .filter(customer_id=self.customer_id)
            .exclude(status=Order.Status.CANCELLED)
        )
        totals = kept.aggregate(
            count=Count("pk"),
            gross=Sum("total"),
            refunded=Sum("refunded_total"),
            last_at=Max("placed_at"),
        )
        last = None
        if totals["last_at"] is not None:
            last = (
                kept.filter(placed_at=totals["last_at"])
                .values_list("total", flat=True)
                .first()
            )
        total = None
        if totals["count"]:
            total = Decimal(totals["gross"] or 0) - Decimal(totals["refunded"] or 0)
        return {
            "count": totals["count"],
            "total": float(total) if total is not None else None,
            "last": float(last) if last is not None else None,
        }

    def describe(self) -> dict[str, Any]:
        """A short record of the object for the firing log and messages."""
        if self.response is not None:
            response = self.response
            return {
                "response_id": response.response_id,
                "survey": response.survey.key,
                "touchpoint": response.touchpoint,
                "channel": response.channel,
                "nps": response.nps,
                "csat": response.csat,
                "ces": response.ces,
                "comment": response.comment[:300],
            }
        if self.event is not None:
            return {
                "event_id": self.event.event_id,
                "type": self.event.type,
                "touchpoint": self.event.touchpoint,
            }
        return {
            "case_id": self.object_id,
            "status": str(getattr(self.case, "status", "")),
            "touchpoint": self.touchpoint,
        }


def subject_load(*, workspace: Workspace, kind: str, object_id: int) -> Subject | None:
    """The object as a Subject, or None if it no longer exists in the workspace."""
    if kind == ObjectKind.RESPONSE:
        response = (
            Response.objects.of(workspace)
            .select_related("survey")
            .filter(pk=object_id)
            .first()
        )
        if response is None:
            return None
        return Subject(workspace, kind, object_id, response=response)
    if kind == ObjectKind.EVENT:
        event = Event.objects.of(workspace).filter(pk=object_id).first()
        if event is None:
            return None
        return Subject(workspace, kind, object_id, event=event)
    from cxloop.rules import case_actions

    case = case_actions.case_find(workspace=workspace, pk=object_id)
    if case is None:
        return None
    return Subject(workspace, kind, object_id, case=case)
