"""Rules at work: signals noted durably, evaluated once, fired at most once.

A hook (response stored, comment analysed, events stored, case changed)
writes a `PendingEvaluation` in the transaction of the signal and enqueues
the evaluation once that commits; a signal that rolls back leaves nothing.
`pending_sweep` (periodic) evaluates what a lost task or a killed worker
left. A rule fires at most once per object: the firing row is inserted
first, under a unique constraint, in one transaction with its actions.
"""

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.errors import DomainError
from cxloop.rules import actions, conditions
from cxloop.rules.models import (
    ObjectKind,
    PendingEvaluation,
    Rule,
    RuleFiring,
    Trigger,
)
from cxloop.rules.subjects import Subject, subject_load
from cxloop.surveys.models import Response

logger = logging.getLogger(__name__)

# A claimed evaluation is another worker's for this long (then retried).
LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 8
SWEEP_BATCH = 500
SCHEDULE_BATCH = 2000
# A response or event this much older than when it reaches the rules is
# history (a CSV import, a shop's back-fill, a year of comments analysed
# at once), not a signal: last year's detractor does not open a case today.
MAX_SIGNAL_AGE = timedelta(days=7)
ERROR_LENGTH = 500


def rules_wanted(*, workspace_id: int, trigger: str) -> bool:
    """Whether any enabled rule listens: one query on the trigger index."""
    return Rule.objects.filter(
        workspace_id=workspace_id, trigger=trigger, enabled=True
    ).exists()


def signals_note(
    *, workspace_id: int, trigger: str, kind: str, object_ids: Sequence[int]
) -> int:
    """Note objects for evaluation in the caller's transaction; how many.

    Nothing is written (one indexed query) when no enabled rule of the
    workspace listens to `trigger`: this runs on the ingestion hot path.
    """
    if not object_ids or not rules_wanted(workspace_id=workspace_id, trigger=trigger):
        return 0
    now = timezone.now()
    PendingEvaluation.objects.bulk_create(
        [
            PendingEvaluation(
                workspace_id=workspace_id,
                trigger=trigger,
                object_kind=kind,
                object_id=object_id,
                next_attempt_at=now,
                created_at=now,
            )
            for object_id in object_ids
        ],
        ignore_conflicts=True,  # already pending: one evaluation will do
    )
    from cxloop.rules import tasks

    transaction.on_commit(
        partial(
            tasks.rules_evaluate.enqueue,
            trigger=trigger,
            kind=kind,
            object_ids=list(object_ids),
        )
    )
    return len(object_ids)


# The hooks (registered in apps.py) -----------------------------------------


def on_response_stored(
    response: Response, *, previous_comment: str | None = None
) -> None:
    """A complete response: the stored-trigger rules look at it.

    The link page stores a partial response at every step; only the
    complete one counts. One completed after its comment was analysed gets
    the analysed-trigger rules too, which skipped it while it was partial.
    """
    if not response.is_complete:
        return
    ids = [response.pk]
    signals_note(
        workspace_id=response.workspace_id,
        trigger=Trigger.RESPONSE_STORED,
        kind=ObjectKind.RESPONSE,
        object_ids=ids,
    )
    if previous_comment is not None and previous_comment == response.comment:
        signals_note(
            workspace_id=response.workspace_id,
            trigger=Trigger.RESPONSE_ANALYSED,
            kind=ObjectKind.RESPONSE,
            object_ids=ids,
        )


def on_response_analysed(*, workspace_id: int, response_ids: Sequence[int]) -> None:
    """Analysed comments; a back-log of old ones (an import) is left alone."""
    if not rules_wanted(workspace_id=workspace_id, trigger=Trigger.RESPONSE_ANALYSED):
        return
    recent = list(
        Response.objects.filter(
            workspace_id=workspace_id,
            pk__in=list(response_ids),
            submitted_at__gte=timezone.now() - MAX_SIGNAL_AGE,
        ).values_list("pk", flat=True)
    )
    signals_note(
        workspace_id=workspace_id,
        trigger=Trigger.RESPONSE_ANALYSED,
        kind=ObjectKind.RESPONSE,
        object_ids=recent,
    )


def on_events_stored(*, workspace: Workspace, event_pks: Sequence[int]) -> None:
    signals_note(
        workspace_id=workspace.pk,
        trigger=Trigger.EVENT_RECEIVED,
        kind=ObjectKind.EVENT,
        object_ids=event_pks,
    )


def on_case_changed(
    case: Any, *, changes: dict[str, tuple[Any, Any]], actor_id: int | None
) -> None:
    signals_note(
        workspace_id=case.workspace_id,
        trigger=Trigger.CASE_CHANGED,
        kind=ObjectKind.CASE,
        object_ids=[case.pk],
    )


# Evaluation -------------------------------------------------------------------


def _record_failure(
    rule: Rule, subject: Subject, error: DomainError, now: datetime
) -> None:
    """An action refused (e.g. its chat URL now resolves inside): say so, once."""
    try:
        with transaction.atomic():
            RuleFiring.objects.create(
                workspace=subject.workspace,
                rule=rule,
                object_kind=subject.kind,
                object_id=subject.object_id,
                customer_id=subject.customer_id,
                status=RuleFiring.Status.FAILED,
                error=error.message[:ERROR_LENGTH],
                fired_at=now,
            )
    except IntegrityError:
        pass


def rule_fire(
    *, rule: Rule, subject: Subject, now: datetime | None = None
) -> RuleFiring | None:
    """Fire the rule on the subject if it matches and never fired on it.

    The firing row goes in first, in its own savepoint: a second attempt
    (a retried task, another worker) fails on the unique constraint and
    does nothing. The actions run in the same transaction as the row; if
    one refuses, none of them stays and the firing is logged as failed.
    """
    now = now or timezone.now()
    matched = conditions.conditions_match(rule.conditions, rule.match, subject)
    if matched is None:
        return None
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    firing = RuleFiring.objects.create(
                        workspace=subject.workspace,
                        rule=rule,
                        object_kind=subject.kind,
                        object_id=subject.object_id,
                        customer_id=subject.customer_id,
                        matched=matched,
                        fired_at=now,
                    )
            except IntegrityError:
                return None  # fired already
            run = actions.ActionRun(
                rule=rule, subject=subject, matched=matched, now=now
            )
            firing.results = [
                actions.action_perform(action, run) for action in rule.actions
            ]
            firing.save(update_fields=["results"])
            return firing
    except DomainError as error:
        _record_failure(rule, subject, error, now)
        return None


def rules_for(*, workspace: Workspace, trigger: str) -> list[Rule]:
    return list(
        Rule.objects.of(workspace)
        .filter(trigger=trigger, enabled=True)
        .order_by("position", "pk")
    )


def _applies(subject: Subject, trigger: str) -> bool:
    """Partial responses wait; analysed-trigger rules wait for the analysis;
    history (older than MAX_SIGNAL_AGE) is not a signal."""
    oldest = timezone.now() - MAX_SIGNAL_AGE
    if subject.event is not None:
        return subject.event.occurred_at >= oldest
    response = subject.response
    if response is None:
        return True
    if response.submitted_at < oldest:
        return False
    if trigger == Trigger.RESPONSE_ANALYSED and subject.analysis is None:
        return False
    return response.is_complete


@transaction.atomic
def subject_evaluate(
    *,
    workspace: Workspace,
    trigger: str,
    kind: str,
    object_id: int,
    now: datetime | None = None,
) -> list[RuleFiring]:
    """Run the workspace's enabled rules of `trigger` on one object, in order.

    Safe to call again: a rule that fired on the object does not fire again.
    """
    subject = subject_load(workspace=workspace, kind=kind, object_id=object_id)
    if subject is None or not _applies(subject, trigger):
        return []
    fired = []
    for rule in rules_for(workspace=workspace, trigger=trigger):
        firing = rule_fire(rule=rule, subject=subject, now=now)
        if firing is not None:
            fired.append(firing)
    return fired


def _claim(pending: PendingEvaluation, now: datetime) -> bool:
    return bool(
        PendingEvaluation.objects.filter(
            pk=pending.pk, next_attempt_at__lte=now
        ).update(next_attempt_at=now + LEASE, attempts=F("attempts") + 1)
    )


def pending_run(*, pending: PendingEvaluation) -> int:
    """Evaluate one noted signal if this worker can claim it; firings made.

    The claim commits before the work, so a second worker skips it, and a
    worker killed mid-way only delays it until the lease runs out. The row
    goes with the evaluation's transaction, so it is never half done.
    """
    now = timezone.now()
    if not _claim(pending, now):
        return 0
    try:
        with transaction.atomic():
            fired = subject_evaluate(
                workspace=pending.workspace,
                trigger=pending.trigger,
                kind=pending.object_kind,
                object_id=pending.object_id,
            )
            PendingEvaluation.objects.filter(pk=pending.pk).delete()
    except Exception as error:  # recorded on the row, retried by the sweep
        logger.exception("Rule evaluation %s failed", pending.pk)
        current = PendingEvaluation.objects.filter(pk=pending.pk).first()
        if current is None:
            return 0  # another worker finished it meanwhile
        if current.attempts >= MAX_ATTEMPTS:
            current.delete()
            return 0
        current.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
        current.next_attempt_at = now + timedelta(minutes=2**current.attempts)
        current.save(update_fields=["last_error", "next_attempt_at"])
        return 0
    return len(fired)


def pending_evaluate(*, trigger: str, kind: str, object_ids: Sequence[int]) -> int:
    """The task's work: evaluate the noted objects that are still pending."""
    fired = 0
    for pending in PendingEvaluation.objects.select_related("workspace").filter(
        trigger=trigger, object_kind=kind, object_id__in=list(object_ids)
    ):
        fired += pending_run(pending=pending)
    return fired


def pending_sweep(*, now: datetime | None = None) -> int:
    """Evaluate what a lost task, a killed worker or a failure left due."""
    now = now or timezone.now()
    due = list(
        PendingEvaluation.objects.select_related("workspace")
        .filter(next_attempt_at__lte=now)
        .order_by("next_attempt_at")[:SWEEP_BATCH]
    )
    for pending in due:
        pending_run(pending=pending)
    return len(due)


# Scheduled rules ----------------------------------------------------------------


def schedule_run(*, now: datetime | None = None) -> int:
    """Each scheduled rule looks at the responses received since its last run."""
    now = now or timezone.now()
    fired = 0
    for rule in Rule.objects.select_related("workspace").filter(
        trigger=Trigger.SCHEDULE, enabled=True
    ):
        fired += _schedule_run_rule(rule, now)
    return fired


@transaction.atomic
def _schedule_run_rule(rule: Rule, now: datetime) -> int:
    # Locked, so two workers running the schedule share no response.
    locked = Rule.objects.select_for_update().filter(pk=rule.pk, enabled=True).first()
    if locked is None:
        return 0
    since = locked.scheduled_until or locked.created_at
    responses = list(
        Response.objects.of(locked.workspace)
        .select_related("survey")
        .filter(is_complete=True, received_at__gt=since, received_at__lte=now)
        .order_by("received_at", "pk")[:SCHEDULE_BATCH]
    )
    fired = 0
    for response in responses:
        subject = Subject(
            locked.workspace, ObjectKind.RESPONSE, response.pk, response=response
        )
        if rule_fire(rule=locked, subject=subject, now=now) is not None:
            fired += 1
    full = len(responses) == SCHEDULE_BATCH
    locked.scheduled_until = responses[-1].received_at if full else now
    locked.save(update_fields=["scheduled_until"])
    return fired
