from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import NotFound
from cxloop.pagination import MAX_KEY
from cxloop.rules.models import DigestItem, Rule, RuleFiring

RECENT_DAYS = 30


def rule_list(*, workspace: Workspace) -> QuerySet[Rule]:
    return Rule.objects.of(workspace).order_by("position", "pk")


def rule_list_with_activity(
    *, workspace: Workspace, now: datetime | None = None
) -> QuerySet[Rule]:
    """Rules with `last_fired_at` and `recent_firings` (the last 30 days)."""
    since = (now or timezone.now()) - timedelta(days=RECENT_DAYS)
    return rule_list(workspace=workspace).annotate(
        last_fired_at=Max("firings__fired_at"),
        recent_firings=Count("firings", filter=Q(firings__fired_at__gte=since)),
    )


def rule_get(*, workspace: Workspace, pk: int) -> Rule:
    rule: Rule | None = (
        Rule.objects.of(workspace).filter(pk=pk).first() if 0 < pk <= MAX_KEY else None
    )
    if rule is None:
        raise NotFound(_("No such rule."))
    return rule


def firing_list(*, rule: Rule) -> QuerySet[RuleFiring]:
    return RuleFiring.objects.filter(workspace=rule.workspace, rule=rule).order_by(
        "-fired_at", "-pk"
    )


def digest_items_due(
    *, workspace: Workspace, digest: str = "daily"
) -> QuerySet[DigestItem]:
    """What the digest named `digest` has still to send (the insights issue)."""
    return (
        DigestItem.objects.of(workspace)
        .filter(digest=digest, sent_at__isnull=True)
        .select_related("recipient", "response", "event")
    )


def firing_record(firing: RuleFiring) -> dict[str, Any]:
    return {
        "id": firing.pk,
        "rule_id": firing.rule_id,
        "object": firing.object_kind,
        "object_id": firing.object_id,
        "customer_id": firing.customer_id,
        "status": firing.status,
        "matched": firing.matched,
        "results": firing.results,
        "error": firing.error,
        "fired_at": firing.fired_at,
    }
