"""Identity resolution and merging: one profile per person.

Every identity value is read through `customers.identities`, and only
verified values take part in matching. The unique constraint on verified
values decides races: a resolution that loses one retries and finds the
winner's profile (on SQLite writers are serialised anyway).
"""

import functools
import zoneinfo
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks, identities
from cxloop.customers.identities import Reading
from cxloop.customers.inputs import CustomerData, IdentitySignals, ProfileData
from cxloop.customers.models import Customer, CustomerMerge, Identity, Order
from cxloop.delivery import services as delivery
from cxloop.errors import Conflict

ANONYMOUS = Identity.Kind.ANONYMOUS
MAX_ATTEMPTS = 4
LOOKUP_CHUNK = 500
# Reading the zone database scans the disk: once per process is enough.
_zones = functools.cache(zoneinfo.available_timezones)
PROFILE_TEXT = ("first_name", "last_name", "locale", "timezone", "preferred_channel")


@dataclass(frozen=True)
class RejectedIdentity:
    """A value that could not be read; kept unverified, reported to the sender."""

    kind: str
    raw: str
    reason: str


@dataclass(frozen=True)
class ResolveResult:
    customer: Customer
    created: bool
    rejected: tuple[RejectedIdentity, ...] = ()
    merged_ids: tuple[int, ...] = ()


class _Moved(Exception):
    """Identities moved (a concurrent merge) while waiting for row locks."""


def _lookup(workspace: Workspace, keys: Iterable[tuple[str, str]]) -> dict[Any, int]:
    """The customer id of each verified (kind, value) that is known.

    Plain SQL: on the ingestion hot path the ORM's preparation of a
    500-value `IN` costs more than the query itself. `WHERE verified`
    repeats the unique index's condition, so both databases use it.
    """
    wanted = set(keys)
    values = sorted({value for _kind, value in wanted})
    found: dict[Any, int] = {}
    db = connections[Identity.objects.db]
    table = db.ops.quote_name(Identity._meta.db_table)
    for start in range(0, len(values), LOOKUP_CHUNK):
        chunk = values[start : start + LOOKUP_CHUNK]
        # Only the number of placeholders varies; every value is a parameter.
        sql = (
            f"SELECT kind, value, customer_id FROM {table} "  # noqa: S608
            f"WHERE workspace_id = %s AND verified AND value IN "
            f"({', '.join(['%s'] * len(chunk))})"
        )
        with db.cursor() as cursor:
            cursor.execute(sql, [workspace.pk, *chunk])
            rows = cursor.fetchall()
        found.update(
            ((kind, value), customer_id)
            for kind, value, customer_id in rows
            if (kind, value) in wanted
        )
    return found


def _has_strong_identity(customer_ids: Iterable[int]) -> set[int]:
    return set(
        Identity.objects.filter(customer_id__in=list(customer_ids), verified=True)
        .exclude(kind=ANONYMOUS)
        .values_list("customer_id", flat=True)
    )


def _targets(matches: dict[Any, int], *, named: bool) -> set[int]:
    """Which matched profiles are this person.

    E-mail, phone and shop ids are proof: every profile they match is this
    person. A browser id is weaker (a shared computer): when the signals
    also `named` the person, the profile it matches joins only if it knows
    nobody else by name, i.e. it is anonymous.
    """
    strong = {cid for (kind, _v), cid in matches.items() if kind != ANONYMOUS}
    weak = {cid for (kind, _v), cid in matches.items() if kind == ANONYMOUS} - strong
    if not named:
        return weak
    if not weak:
        return strong
    return strong | (weak - _has_strong_identity(weak))


def _lock(workspace: Workspace, ids: set[int]) -> list[Customer]:
    # One fixed order, so that two merges of the same profiles never
    # deadlock; the oldest profile comes first.
    return list(
        Customer.objects.of(workspace)
        .select_for_update()
        .filter(pk__in=ids)
        .order_by("created_at", "pk")
    )


def _insert_order(row: Identity) -> tuple[str, str, str]:
    # Two transactions that insert overlapping values wait for each other on
    # the unique index; inserting in one global order makes that a queue,
    # never a deadlock (PostgreSQL).
    return (row.value, row.kind, row.raw)


def _attach(
    workspace: Workspace,
    customer: Customer,
    readings: Sequence[Reading],
    matches: dict[Any, int],
    source: str,
) -> list[str]:
    """Add the values the customer lacks; the new anonymous ids are returned."""
    new_anonymous = []
    rows = []
    for reading in readings:
        if reading.ok and reading.key in matches:
            continue  # the customer's already, or another person's browser id
        if reading.ok and reading.kind == ANONYMOUS:
            new_anonymous.append(reading.value)
        rows.append(
            Identity(
                workspace=workspace,
                customer=customer,
                kind=reading.kind,
                value=reading.value,
                raw=reading.raw[: identities.MAX_VALUE],
                verified=reading.ok,
                problem=reading.problem,
                source=source[:32],
            )
        )
    known_raw = set(
        Identity.objects.filter(customer=customer, verified=False).values_list(
            "kind", "raw"
        )
    )
    rows = [row for row in rows if row.verified or (row.kind, row.raw) not in known_raw]
    Identity.objects.bulk_create(sorted(rows, key=_insert_order))
    return new_anonymous


def _resolve_once(
    workspace: Workspace,
    readings: Sequence[Reading],
    profile: ProfileData | None,
    source: str,
    actor: str,
) -> ResolveResult:
    good = [reading for reading in readings if reading.ok]
    matches = _lookup(workspace, [reading.key for reading in good])
    named = any(reading.kind != ANONYMOUS for reading in good)
    targets = _targets(matches, named=named)
    customers = _lock(workspace, targets)
    if targets and _lookup(workspace, matches) != matches:
        raise _Moved
    # The oldest profile the e-mail, phone or shop id names survives; a
    # browser's anonymous profile joins it rather than the other way round.
    strong = {cid for (kind, _v), cid in matches.items() if kind != ANONYMOUS}
    customers.sort(key=lambda c: c.pk not in strong)
    created = not customers
    if created:
        customer = Customer(workspace=workspace)
        customer.full_clean()
        customer.save()
    else:
        customer, *others = customers
        if others:
            customer_merge(
                workspace=workspace,
                survivor=customer,
                merged=others,
                actor=actor or source,
                reason=_merge_reason(matches, targets),
            )
    # Values matched by a merged profile are the survivor's now.
    new_anonymous = _attach(workspace, customer, readings, matches, source)
    if profile is not None:
        _apply_profile(customer, profile)
    if new_anonymous:
        hooks.identified(workspace, dict.fromkeys(new_anonymous, customer.pk))
    rejected = tuple(
        RejectedIdentity(kind=r.kind, raw=r.raw, reason=r.problem)
        for r in readings
        if not r.ok
    )
    merged_ids = tuple(c.pk for c in customers if c.pk != customer.pk)
    return ResolveResult(customer, created, rejected, merged_ids)


def _merge_reason(matches: dict[Any, int], targets: set[int]) -> str:
    named = ", ".join(
        f"{kind} {value} → #{cid}"
        for (kind, value), cid in sorted(matches.items())
        if cid in targets
    )
    return f"One signal named several profiles: {named}"[:500]


@transaction.atomic
def customer_resolve(
    *,
    workspace: Workspace,
    signals: IdentitySignals,
    profile: ProfileData | None = None,
    source: str,
    actor: str = "",
) -> ResolveResult:
    """The one profile the signals name, created or merged as needed.

    Finds profiles by every verified identity, creates one when none
    matches, merges them when several do (recorded as `actor`, or the
    source), attaches the values the profile lacks and fills the profile
    fields the source states. Unreadable values are kept unverified and
    listed in `rejected`.
    """
    readings = identities.read_signals(signals, region=workspace.phone_region)
    for attempt in range(MAX_ATTEMPTS):
        try:
            with transaction.atomic():
                return _resolve_once(workspace, readings, profile, source, actor)
        except (IntegrityError, _Moved):
            # Another transaction stored one of these values first; it is
            # committed now (PostgreSQL waited for it), so look again.
            if attempt == MAX_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _follow_merges(workspace: Workspace, ids: set[int]) -> dict[int, int]:
    """Survivor of each id that was merged away (merges keep chains flat)."""
    return dict(
        Customer.objects.of(workspace)
        .filter(pk__in=ids, merged_into__isnull=False)
        .values_list("pk", "merged_into_id")
    )


def customer_resolve_many(
    *, workspace: Workspace, signals: Sequence[IdentitySignals | None], source: str
) -> list[int | None]:
    """The customer id of each signal, for a batch of events or responses.

    One query finds every distinct value already known. People seen for
    the first time are created together in a few queries; other signals
    that name something new (or several profiles) go through
    `customer_resolve`, once per distinct signal. A signal with no readable
    e-mail, phone or shop id never creates a profile: its browser id finds
    the person if they identified before (in this batch or earlier), else
    None. Not atomic itself: the fast path only reads and every write is
    atomic; callers that store rows run it in their own transaction.
    """
    region = workspace.phone_region
    distinct = {
        signal: identities.read_signals(signal, region=region)
        for signal in dict.fromkeys(s for s in signals if s is not None)
    }
    known = _lookup(workspace, [r.key for rs in distinct.values() for r in rs if r.ok])
    found: dict[IdentitySignals, int | None] = {}
    anonymous_only = [s for s, rs in distinct.items() if not _named(rs)]
    named = [s for s, rs in distinct.items() if _named(rs)]
    slow = _known_people(named, distinct, known, found)
    wrote = bool(slow)
    for _attempt in range(MAX_ATTEMPTS):
        created = _create_people(workspace, slow, distinct, known, source)
        if created is not None:
            found.update(created)
            break
        # A concurrent batch stored some of these people first: look again,
        # so only the rest are created (still in bulk), not one by one.
        keys = [r.key for s in slow for r in distinct[s] if r.ok]
        known.update(_lookup(workspace, keys))
        slow = _known_people(slow, distinct, known, found)
    for signal in slow:
        if signal not in found:
            found[signal] = customer_resolve(
                workspace=workspace, signals=signal, source=source
            ).customer.pk
    if wrote:
        # Resolving may have attached browser ids and merged profiles.
        anonymous = [r.key for s in anonymous_only for r in distinct[s] if r.ok]
        known.update(_lookup(workspace, anonymous))
    for signal in anonymous_only:
        keys = [r.key for r in distinct[signal] if r.ok]
        found[signal] = known.get(keys[0]) if keys else None
    if wrote:
        moved = _follow_merges(workspace, {c for c in found.values() if c})
        found = {s: moved.get(c, c) if c else None for s, c in found.items()}
    return [found[s] if s is not None else None for s in signals]


def _named(readings: Sequence[Reading]) -> bool:
    return any(r.ok and r.kind != ANONYMOUS for r in readings)


def _known_people(
    signals: Sequence[IdentitySignals],
    readings: Mapping[Any, list[Reading]],
    known: Mapping[Any, int],
    found: dict[IdentitySignals, int | None],
) -> list[IdentitySignals]:
    """Settle signals whose every value names one known profile; the rest."""
    rest = []
    for signal in signals:
        ids = {known.get(r.key) for r in readings[signal] if r.ok}
        if len(ids) == 1 and None not in ids and all(r.ok for r in readings[signal]):
            found[signal] = ids.pop()
        else:
            rest.append(signal)
    return rest


def _new_people(
    fresh: Sequence[IdentitySignals], readings: Mapping[Any, list[Reading]]
) -> list[tuple[list[IdentitySignals], list[Reading]]]:
    """Group signals of new values into people, as one-by-one resolution would.

    Signals sharing an e-mail, phone or shop id are one person; a browser id
    goes with the first person seen with it.
    """
    parent: dict[Any, Any] = {}

    def root(key: Any) -> Any:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for signal in fresh:
        first, *others = [r.key for r in readings[signal] if r.kind != ANONYMOUS]
        for key in others:
            parent[root(key)] = root(first)
    people: dict[Any, tuple[list[IdentitySignals], dict[Any, Reading]]] = {}
    claimed: set[Any] = set()
    for signal in fresh:
        anchor = next(r.key for r in readings[signal] if r.kind != ANONYMOUS)
        signals, values = people.setdefault(root(anchor), ([], {}))
        signals.append(signal)
        for reading in readings[signal]:
            if reading.kind == ANONYMOUS and reading.key in claimed - values.keys():
                continue
            claimed.add(reading.key)
            values.setdefault(reading.key, reading)
    return [(signals, list(values.values())) for signals, values in people.values()]


def _create_people(
    workspace: Workspace,
    candidates: Sequence[IdentitySignals],
    readings: Mapping[Any, list[Reading]],
    known: Mapping[Any, int],
    source: str,
) -> dict[IdentitySignals, int] | None:
    """Profiles for signals whose every value is readable and new, in bulk.

    First sight of many people (a shop's first day of events) would cost a
    dozen queries per person one by one. A concurrent batch that stores one
    of the values first makes the whole bulk insert fail: None, look again.
    """
    fresh = [
        signal
        for signal in candidates
        if all(r.ok and r.key not in known for r in readings[signal])
    ]
    if not fresh:
        return {}
    people = _new_people(fresh, readings)
    at = timezone.now()
    try:
        with transaction.atomic():
            customers = Customer.objects.bulk_create(
                Customer(workspace=workspace, created_at=at, updated_at=at)
                for _ in people
            )
            rows = [
                Identity(
                    workspace=workspace,
                    customer=customer,
                    kind=reading.kind,
                    value=reading.value,
                    raw=reading.raw[: identities.MAX_VALUE],
                    verified=True,
                    source=source[:32],
                    created_at=at,
                )
                for customer, (_signals, values) in zip(customers, people, strict=True)
                for reading in values
            ]
            Identity.objects.bulk_create(sorted(rows, key=_insert_order))
            hooks.identified(
                workspace,
                {
                    reading.value: customer.pk
                    for customer, (_s, values) in zip(customers, people, strict=True)
                    for reading in values
                    if reading.kind == ANONYMOUS
                },
            )
    except IntegrityError:
        return None
    return {
        signal: customer.pk
        for customer, (signals, _values) in zip(customers, people, strict=True)
        for signal in signals
    }


@transaction.atomic
def customer_upsert(*, workspace: Workspace, data: CustomerData) -> ResolveResult:
    """A customer record from a shop: resolved, then its profile filled."""
    return customer_resolve(
        workspace=workspace,
        signals=data.identities,
        profile=data.profile,
        source=data.source,
        actor=data.source,
    )


# Profile fields -----------------------------------------------------------


def _language(locale: str) -> str:
    """ "et-EE", "et_EE" → "et": surveys and templates speak languages."""
    return locale.replace("_", "-").split("-")[0].strip().lower()[:8]


def _apply_profile(customer: Customer, profile: ProfileData) -> None:
    """Set what the source states; None and blank text leave a field alone."""
    changed = profile_changes(customer, profile)
    if changed:
        customer.save(update_fields=changed)


def profile_changes(customer: Customer, profile: ProfileData) -> list[str]:
    """`_apply_profile` without saving: the fields it changed, to save in bulk."""
    changed = []
    stated: dict[str, Any] = {
        "first_name": (profile.first_name or "").strip()[:150],
        "last_name": (profile.last_name or "").strip()[:150],
        "locale": _language(profile.locale or ""),
        "birthday": profile.birthday,
    }
    if profile.timezone in _zones():
        stated["timezone"] = profile.timezone
    if profile.preferred_channel in Customer.Channel.values:
        stated["preferred_channel"] = profile.preferred_channel
    for name, value in stated.items():
        if value not in (None, "") and getattr(customer, name) != value:
            setattr(customer, name, value)
            changed.append(name)
    for name in ("preferences", "attributes"):
        given = getattr(profile, name)
        if given and {**getattr(customer, name), **given} != getattr(customer, name):
            setattr(customer, name, {**getattr(customer, name), **given})
            changed.append(name)
    for name in ("consent_marketing", "consent_surveys"):
        value = getattr(profile, name)
        if value is not None and getattr(customer, name) != value:
            setattr(customer, name, value)
            changed += [name, "consent_updated_at"]
    if not changed:
        return []
    customer.updated_at = timezone.now()
    if "consent_updated_at" in changed:
        customer.consent_updated_at = customer.updated_at
    return sorted({*changed, "updated_at"})


def _absorb(survivor: Customer, other: Customer) -> None:
    """Fill the survivor's blanks from `other`; a no to consent wins a yes."""
    for name in (*PROFILE_TEXT, "birthday"):
        if not getattr(survivor, name) and getattr(other, name):
            setattr(survivor, name, getattr(other, name))
    for name in ("consent_marketing", "consent_surveys"):
        mine, theirs = getattr(survivor, name), getattr(other, name)
        if mine is None or theirs is False:
            setattr(survivor, name, theirs if mine is None else mine and theirs)
    survivor.preferences = _merge_dicts(survivor.preferences, other.preferences)
    survivor.attributes = _merge_dicts(survivor.attributes, other.attributes)


def _merge_dicts(mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """Mine wins on a conflict, except that lists are joined."""
    merged = {**theirs, **mine}
    for key, value in theirs.items():
        if isinstance(value, list) and isinstance(mine.get(key), list):
            merged[key] = mine[key] + [item for item in value if item not in mine[key]]
    return merged


def _snapshot(customer: Customer) -> dict[str, Any]:
    fields = (
        *PROFILE_TEXT,
        "consent_marketing",
        "consent_surveys",
        "preferences",
        "attributes",
    )
    data: dict[str, Any] = {name: getattr(customer, name) for name in fields}
    data["birthday"] = customer.birthday.isoformat() if customer.birthday else None
    data["created_at"] = customer.created_at.isoformat()
    return data


@transaction.atomic
def customer_merge(
    *,
    workspace: Workspace,
    survivor: Customer,
    merged: Sequence[Customer],
    actor: str,
    reason: str,
) -> Customer:
    """Make `merged` part of `survivor`: nothing is lost, the merge is recorded.

    Identities, orders and (through `hooks.on_merge`) events and responses
    move to the survivor; its blank fields are filled from the others, whose
    profiles are kept as they were in each `CustomerMerge.snapshot`. Callers
    hold row locks on all profiles (`select_for_update`).
    """
    others = [other for other in merged if other.pk != survivor.pk]
    for customer in (survivor, *others):
        if customer.workspace_id != workspace.pk or not customer.is_active:
            raise Conflict(_("Only active profiles of one workspace can be merged."))
    if not others:
        return survivor
    ids = [other.pk for other in others]
    Identity.objects.filter(customer_id__in=ids).update(customer=survivor)
    Order.objects.filter(customer_id__in=ids).update(customer=survivor)
    # Keep chains flat: whoever was merged into a merged profile points here.
    Customer.objects.filter(merged_into_id__in=ids).update(merged_into=survivor)
    CustomerMerge.objects.filter(survivor_id__in=ids).update(survivor=survivor)
    at = timezone.now()
    for other in others:
        CustomerMerge.objects.create(
            workspace=workspace,
            survivor=survivor,
            merged_customer_id=other.pk,
            actor=actor[:200],
            reason=reason[:500],
            snapshot=_snapshot(other),
            created_at=at,
        )
        _absorb(survivor, other)
        other.merged_into = survivor
        other.updated_at = at
        other.save(update_fields=["merged_into", "updated_at"])
    if survivor.created_at > min(other.created_at for other in others):
        # The person has been known since the earliest of the profiles.
        survivor.created_at = min(other.created_at for other in others)
    survivor.updated_at = at
    survivor.save()
    hooks.merged(workspace, survivor.pk, ids)
    delivery.message_enqueue(
        workspace=workspace,
        event_type="customer.merged",
        payload={"id": survivor.pk, "merged_ids": ids[:1000]},
    )
    return survivor
