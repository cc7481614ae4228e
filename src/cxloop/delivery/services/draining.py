"""Draining: every due delivery sent by one task per burst, not one per event.

A task per event paid the task queue's own bookkeeping (its claim, its
result, their commits) for each delivery, which cost more than the POST.
A drain claims due deliveries in batches with one conditional UPDATE that
stamps a claim token and the lease, sends them grouped by endpoint — each
endpoint's in order over one kept-alive connection, a few endpoints at once
on a small thread pool — and records a group's successes in a few writes.

Fairness between endpoints: an endpoint has at most one group on its way
per drain, so a slow endpoint holds one thread, never the others' turn; a
time-out stops its group (the rest go back, untried, for the next drain);
no send starts that could outlast the claim's lease; and a drain stops
after its time budget, asking for another, so other tasks get the worker.
"""

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.delivery import ssrf, transport
from cxloop.delivery.models import Channel, Delivery, DeliveryAttempt, WebhookEndpoint
from cxloop.delivery.services.endpoints import signing_secrets
from cxloop.delivery.services.limits import (
    DRAIN_BATCH,
    DRAIN_BUDGET,
    DRAIN_POLL_SECONDS,
    DRAIN_THREADS,
    ERROR_LENGTH,
    LEASE,
    RECORD_MARGIN_SECONDS,
    SWEEP_BATCH,
    logger,
)
from cxloop.delivery.services.outbox import drain_request
from cxloop.delivery.services.sending import (
    Outcome,
    Tried,
    claim_token_new,
    email_send,
    endpoint_note,
    failure_log,
    sender_post,
    tried_record,
    webhook_headers,
)


@dataclass
class _Claim:
    token: str
    now: datetime
    # time.monotonic() when claimed; the lease runs out LEASE after it.
    claimed_at: float
    deliveries: list[Delivery]

    @property
    def sends_until(self) -> float:
        """No send may start later than this, or its outcome could come after
        the lease ran out (when another worker may already be sending)."""
        return (
            self.claimed_at
            + LEASE.total_seconds()
            - RECORD_MARGIN_SECONDS
            - transport.TIMEOUT_SECONDS
        )

    def groups(self) -> Iterator[tuple["_Lane", list[Delivery]]]:
        grouped: dict[_Lane, list[Delivery]] = defaultdict(list)
        for delivery in self.deliveries:
            lane = (delivery.channel, str(delivery.endpoint_id or delivery.target))
            grouped[lane].append(delivery)
        yield from grouped.items()


# Where a group goes: an endpoint, a chat URL, the mail server. A lane
# sends one group at a time, in order.
_Lane = tuple[str, str]


@dataclass
class _Sent:
    claim: _Claim
    endpoint_id: int | None
    tried: list[Tried] = field(default_factory=list)
    unsent: list[Delivery] = field(default_factory=list)
    timed_out: bool = False


_CLAIMED_FIELDS = (
    "workspace_id",
    "channel",
    "endpoint_id",
    "target",
    "status",
    "attempts",
    "claim_token",
    "message__webhook_id",
    "message__event_type",
    "message__body",
)


def _claim(now: datetime, *, skip: set[int]) -> _Claim | None:
    """Take up to DRAIN_BATCH due deliveries, oldest first, for one attempt.

    The conditional UPDATE is the lock, as in `delivery_claim`: a row
    another drain took in the meantime no longer matches, on PostgreSQL
    (re-checked after its row lock) as on SQLite (one writer at a time),
    and it commits before anything is sent.
    """
    due = Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_attempt_at__lte=now
    )
    if skip:
        due = due.exclude(endpoint_id__in=skip)
    # On PostgreSQL the rows another drain is claiming are skipped rather
    # than waited for (two claims locking in different orders could
    # deadlock); SQLite has one writer at a time and no row locks.
    batch = (
        due.order_by("next_attempt_at")
        .select_for_update(skip_locked=True)
        .values("pk")[:DRAIN_BATCH]
    )
    token = claim_token_new()
    claimed_at = time.monotonic()
    with transaction.atomic():
        claimed = Delivery.objects.filter(
            pk__in=batch, status=Delivery.Status.PENDING, next_attempt_at__lte=now
        ).update(
            next_attempt_at=now + LEASE, attempts=F("attempts") + 1, claim_token=token
        )
    if not claimed:
        return None
    # Only what sending and recording read: building the rows is most of a
    # claim's cost, and every endpoint is loaded once, not once per row.
    deliveries = list(
        Delivery.objects.filter(claim_token=token)
        .select_related("message")
        .only(*_CLAIMED_FIELDS)
        .order_by("created_at", "pk")
    )
    endpoints = WebhookEndpoint.objects.in_bulk(
        {delivery.endpoint_id for delivery in deliveries if delivery.endpoint_id}
    )
    endpoint_cache = Delivery.endpoint.field
    for delivery in deliveries:
        if delivery.endpoint_id is not None:
            endpoint_cache.set_cached_value(delivery, endpoints[delivery.endpoint_id])
    return _Claim(token=token, now=now, claimed_at=claimed_at, deliveries=deliveries)


def _send_each(
    sent: _Sent, deliveries: list[Delivery], send: Callable[[Delivery], Outcome]
) -> None:
    claim = sent.claim
    for index, delivery in enumerate(deliveries):
        started = time.monotonic()
        if started > claim.sends_until:
            sent.unsent = deliveries[index:]
            return
        try:
            outcome = send(delivery)
        except Exception as error:  # a bug must not leave the batch leased
            logger.exception("delivery %s could not be sent", delivery.pk)
            outcome = Outcome(succeeded=False, error=f"{type(error).__name__}: {error}")
        # On the schedule's clock, which the tests move.
        at = claim.now + timedelta(seconds=started - claim.claimed_at)
        sent.tried.append(Tried(delivery, outcome, at, time.monotonic() - started))
        if outcome.timed_out or outcome.gone:
            # Waiting 15 s per delivery for an endpoint that does not answer
            # would hold the lease of the rest; a 410 disables it.
            sent.timed_out = outcome.timed_out
            sent.unsent = deliveries[index + 1 :]
            return


def _group_send(deliveries: list[Delivery], claim: _Claim) -> _Sent:
    """Send one endpoint's (or address's) claimed deliveries, in order.

    Runs on the drain's thread pool and touches no database: everything it
    needs was loaded with the claim.
    """
    first = deliveries[0]
    sent = _Sent(claim=claim, endpoint_id=first.endpoint_id)
    if first.channel == Channel.EMAIL:
        _send_each(sent, deliveries, email_send)
        return sent
    endpoint = first.endpoint
    keys: list[str] = []
    if first.channel == Channel.CHAT:
        url = first.target
    elif endpoint is None or not endpoint.enabled:
        disabled = Outcome(succeeded=False, error=_("The endpoint is disabled."))
        _send_each(sent, deliveries, lambda delivery: disabled)
        return sent
    else:
        url = endpoint.url
        keys = signing_secrets(endpoint, claim.now)
    try:
        # Checked once per group, at send time; every connection of the
        # group goes to the address this check approved.
        target = ssrf.url_check(url)
    except ssrf.UnsafeUrl as error:
        refused = Outcome(succeeded=False, error=error.message)
        _send_each(sent, deliveries, lambda delivery: refused)
        return sent

    def post(delivery: Delivery) -> Outcome:
        body = delivery.message.body.encode("utf-8")
        headers = (
            # Signed with the moment it leaves, as receivers check it.
            webhook_headers(delivery.message, keys, timezone.now(), body)
            if keys
            else {}
        )
        return sender_post(sender, body, headers)

    sender = transport.Sender(target)
    try:
        _send_each(sent, deliveries, post)
    finally:
        sender.close()
    return sent


def _successes_record(tried: list[Tried], claim: _Claim) -> list[Tried]:
    """Mark delivered in one UPDATE per distinct answer (usually one)."""
    by_answer: dict[tuple[int | None, str], list[Tried]] = defaultdict(list)
    for one in tried:
        by_answer[(one.outcome.status_code, one.outcome.response)].append(one)
    recorded: list[Tried] = []
    for (status_code, response), answered in by_answer.items():
        pks = [one.delivery.pk for one in answered]
        ours = Delivery.objects.filter(pk__in=pks, claim_token=claim.token)
        updated = ours.update(
            status=Delivery.Status.SUCCEEDED,
            delivered_at=claim.now,
            next_attempt_at=None,
            last_attempt_at=max(one.at for one in answered),
            last_status_code=status_code,
            last_response=response,
            last_error="",
        )
        if updated < len(pks):
            # Some went with their endpoint, or to a later claim: not ours.
            kept = set(ours.values_list("pk", flat=True))
            answered = [one for one in answered if one.delivery.pk in kept]
        recorded.extend(answered)
    return recorded


def _attempts_insert(tried: list[Tried]) -> None:
    """The attempt rows of a group in one statement.

    Plain values rather than `bulk_create`: preparing a model per row cost
    more than a third of the POST it records.
    """
    if not tried:
        return
    ops = connection.ops
    table = ops.quote_name(DeliveryAttempt._meta.db_table)
    columns = ", ".join(ops.quote_name(name) for name in _ATTEMPT_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_ATTEMPT_COLUMNS))
    rows = [
        (
            one.delivery.pk,
            one.delivery.attempts,
            ops.adapt_datetimefield_value(one.at),
            min(int(one.duration * 1000), 2**31 - 1),
            one.outcome.status_code,
            one.outcome.response,
            one.outcome.error[:ERROR_LENGTH],
        )
        for one in tried
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608 - names from the model
            rows,
        )


_ATTEMPT_COLUMNS = (
    "delivery_id",
    "number",
    "at",
    "duration_ms",
    "status_code",
    "response",
    "error",
)


def _unsent_release(unsent: list[Delivery], claim: _Claim) -> None:
    """Give back claimed deliveries that were not tried: due again, the
    attempt the claim counted not counted."""
    Delivery.objects.filter(
        pk__in=[delivery.pk for delivery in unsent], claim_token=claim.token
    ).update(next_attempt_at=claim.now, attempts=F("attempts") - 1)


def _sent_record(sent: _Sent) -> int:
    claim = sent.claim
    successes = [one for one in sent.tried if one.outcome.succeeded]
    with transaction.atomic():
        if successes:
            endpoint = successes[0].delivery.endpoint
            if endpoint is not None and endpoint.failing_since is not None:
                endpoint_note(endpoint, successes[0].outcome, claim.now)
            _attempts_insert(_successes_record(successes, claim))
        if sent.unsent:
            _unsent_release(sent.unsent, claim)
    # Failures one by one, as `delivery_send` records them: each has its
    # own schedule, and may disable the endpoint and tell its admins.
    for one in sent.tried:
        if not one.outcome.succeeded:
            failure_log(one.delivery, one.outcome)
            tried_record(one, claim.now)
    return len(sent.tried)


def _due(now: datetime, skip: set[int]) -> bool:
    due = Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_attempt_at__lte=now
    )
    if skip:
        due = due.exclude(endpoint_id__in=skip)
    return due.exists()


class _Drain:
    """The bookkeeping of one drain: lanes, groups on their way, skips.

    A lane sends one group at a time; while it does, the next batch for it
    is claimed and waits in `queued`, and its last group is recorded, so the
    database work of a busy endpoint overlaps its sending. Only one group
    waits per endpoint, and an endpoint that timed out is skipped for the
    rest of the drain, its waiting group given back.
    """

    def __init__(self, pool: ThreadPoolExecutor) -> None:
        self.pool = pool
        self.running: dict[Future[_Sent], _Lane] = {}
        self.busy: set[_Lane] = set()
        self.queued: dict[_Lane, list[tuple[list[Delivery], _Claim]]] = {}
        self.skip: set[int] = set()  # endpoints that timed out
        self.attempts = 0

    def claim_wanted(self) -> bool:
        # Claims skip endpoints that have a group waiting, so a claim now
        # can only find work for the others; bounded so that claimed work
        # never piles up faster than the threads can send it.
        return (
            len(self.queued) < DRAIN_THREADS and len(self.running) < 2 * DRAIN_THREADS
        )

    def exclude(self) -> set[int]:
        waiting = {int(lane[1]) for lane in self.queued if lane[0] == Channel.WEBHOOK}
        return self.skip | waiting

    def add(self, claim: _Claim) -> None:
        for lane, group in claim.groups():
            if lane in self.busy:
                self.queued.setdefault(lane, []).append((group, claim))
            else:
                self._submit(lane, group, claim)

    def _submit(self, lane: _Lane, group: list[Delivery], claim: _Claim) -> None:
        self.busy.add(lane)
        self.running[self.pool.submit(_group_send, group, claim)] = lane

    def finish(self, future: Future[_Sent]) -> None:
        lane = self.running.pop(future)
        self.busy.discard(lane)
        sent = future.result()
        waiting = self.queued.pop(lane, [])
        if sent.timed_out and sent.endpoint_id is not None:
            self.skip.add(sent.endpoint_id)
            for group, claim in waiting:
                _sent_record(_Sent(claim=claim, endpoint_id=None, unsent=group))
        elif waiting:
            # Next on this lane first, then write down the last group.
            group, claim = waiting.pop(0)
            self._submit(lane, group, claim)
            if waiting:
                self.queued[lane] = waiting
        self.attempts += _sent_record(sent)


def deliveries_drain(
    *, now: datetime | None = None, budget: timedelta = DRAIN_BUDGET
) -> int:
    """Send every due delivery once; return how many attempts were made.

    Stops when nothing is due (but deliveries of an endpoint that timed out
    in this drain, left for the next) or after `budget`, then asks for
    another drain if anything is still due.
    """
    stop_at = time.monotonic() + budget.total_seconds()
    with ThreadPoolExecutor(DRAIN_THREADS, thread_name_prefix="cxloop-drain") as pool:
        drain = _Drain(pool)
        while True:
            claim = None
            if time.monotonic() < stop_at and drain.claim_wanted():
                claim = _claim(now or timezone.now(), skip=drain.exclude())
                if claim is not None:
                    drain.add(claim)
            if not drain.running:
                if time.monotonic() >= stop_at:
                    break
                if not _due(now or timezone.now(), drain.skip):
                    break
                # Another drain is claiming what is due: look again shortly.
                time.sleep(DRAIN_POLL_SECONDS)
                continue
            done, _waiting = wait(
                drain.running,
                # While more could be claimed, look for newly due work.
                timeout=DRAIN_POLL_SECONDS if drain.claim_wanted() else None,
                return_when=FIRST_COMPLETED,
            )
            for future in done:
                drain.finish(future)
    if time.monotonic() >= stop_at and _due(now or timezone.now(), set()):
        drain_request()
    return drain.attempts


def deliveries_send_due(*, now: datetime | None = None) -> int:
    """Ask for a drain if any delivery is due; return how many are (capped).

    A delivery whose drain was lost (a crash between commit and enqueue),
    one whose worker was killed mid-attempt (its lease ran out) and one
    waiting for its retry all come here. A drain asked for twice is
    harmless: the claims let one attempt through.
    """
    now = now or timezone.now()
    due = Delivery.objects.filter(
        status=Delivery.Status.PENDING, next_attempt_at__lte=now
    )[:SWEEP_BATCH].count()
    if due:
        drain_request()
    return due
