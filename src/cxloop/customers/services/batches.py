"""Customer records in batches: a CSV import's rows, resolved together.

`customer_upsert` one record at a time costs a dozen queries a row (look
up, lock, attach, save), so a 100,000-row import takes many minutes. Most
rows of a shop's export are simple: a person seen for the first time, or
again under values already known. Those are resolved here in a few queries
per batch, with the same outcome as one by one in file order; rows that
merge profiles or carry a browser id still go through `customer_upsert`.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.customers import identities
from cxloop.customers.identities import Reading
from cxloop.customers.inputs import CustomerData
from cxloop.customers.models import Customer, Identity
from cxloop.customers.services.resolution import (
    ANONYMOUS,
    MAX_ATTEMPTS,
    RejectedIdentity,
    ResolveResult,
    _insert_order,
    _lookup,
    _Moved,
    customer_upsert,
    profile_changes,
)


@dataclass
class _Step:
    """One record resolved in memory: its owner is a customer id, or -n for
    the n-th new person of the batch."""

    index: int
    owner: int
    created: bool
    record: CustomerData
    readings: list[Reading]


@dataclass
class _Batch:
    workspace: Workspace
    # Every verified value seen: stored ones with their customer's id, the
    # batch's new ones with the owner that first named them.
    known: dict[tuple[str, str], int]
    steps: list[_Step] = field(default_factory=list)
    # Identities to store: (owner, reading, source); unreadable ones are
    # stored once per customer.
    attach: list[tuple[int, Reading, str]] = field(default_factory=list)
    new: int = 0

    def take(self, index: int, record: CustomerData, readings: list[Reading]) -> bool:
        """Resolve the record in memory, or False when it needs `customer_upsert`."""
        good = [reading for reading in readings if reading.ok]
        if not good or any(reading.kind == ANONYMOUS for reading in readings):
            return False
        owners = {self.known[r.key] for r in good if r.key in self.known}
        if len(owners) > 1:
            return False  # the record proves several profiles are one person
        created = not owners
        if created:
            self.new += 1
            owner = -self.new
        else:
            owner = owners.pop()
        for reading in readings:
            if not reading.ok or reading.key not in self.known:
                self.attach.append((owner, reading, record.source))
            if reading.ok:
                self.known.setdefault(reading.key, owner)
        self.steps.append(_Step(index, owner, created, record, readings))
        return True

    def flush(self) -> dict[int, ResolveResult]:
        """Store what `take` resolved; the result of each record by index."""
        if not self.steps:
            return {}
        workspace, at = self.workspace, timezone.now()
        existing = {step.owner for step in self.steps if step.owner > 0}
        # Locked in the order `customer_resolve` locks in; a profile merged
        # or erased since the lookup makes the caller start again.
        customers = {
            customer.pk: customer
            for customer in Customer.objects.of(workspace)
            .select_for_update()
            .filter(pk__in=existing, merged_into__isnull=True, erased_at__isnull=True)
            .order_by("created_at", "pk")
        }
        if len(customers) != len(existing):
            raise _Moved
        new = [
            Customer(workspace=workspace, created_at=at, updated_at=at)
            for _ in range(self.new)
        ]
        customers.update({-n: customer for n, customer in enumerate(new, start=1)})
        changed: set[str] = set()
        updated: dict[int, Customer] = {}
        for step in self.steps:
            fields = profile_changes(customers[step.owner], step.record.profile)
            if fields and step.owner > 0:
                changed.update(fields)
                updated[step.owner] = customers[step.owner]
        Customer.objects.bulk_create(new)  # sets each new customer's pk
        _update(list(updated.values()), sorted(changed))
        Identity.objects.bulk_create(
            sorted(self._identities(customers), key=_insert_order)
        )
        results = {
            step.index: ResolveResult(
                customers[step.owner],
                step.created,
                tuple(
                    RejectedIdentity(kind=r.kind, raw=r.raw, reason=r.problem)
                    for r in step.readings
                    if not r.ok
                ),
            )
            for step in self.steps
        }
        self.known = {
            key: customers[owner].pk if owner < 0 else owner
            for key, owner in self.known.items()
        }
        self.steps, self.attach, self.new = [], [], 0
        return results

    def _identities(self, customers: dict[int, Customer]) -> list[Identity]:
        stored = set(
            Identity.objects.filter(
                customer_id__in=[pk for pk in customers if pk > 0], verified=False
            ).values_list("customer_id", "kind", "raw")
        )
        rows = []
        for owner, reading, source in self.attach:
            customer = customers[owner]
            raw = reading.raw[: identities.MAX_VALUE]
            if not reading.ok:
                if (customer.pk, reading.kind, raw) in stored:
                    continue
                stored.add((customer.pk, reading.kind, raw))
            rows.append(
                Identity(
                    workspace=self.workspace,
                    customer=customer,
                    kind=reading.kind,
                    value=reading.value,
                    raw=raw,
                    verified=reading.ok,
                    problem=reading.problem,
                    source=source[:32],
                )
            )
        return rows


def _update(customers: list[Customer], names: list[str]) -> None:
    """Save `names` of each customer: one statement, many parameter rows.

    `bulk_update` builds a CASE per field over the whole batch, and that
    costs more than the rest of an import batch together.
    """
    if not customers:
        return
    connection = connections[Customer.objects.db]
    quote = connection.ops.quote_name
    fields = [field for field in Customer._meta.concrete_fields if field.name in names]
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
    sql = (
        f"UPDATE {quote(Customer._meta.db_table)} SET {assignments} "  # noqa: S608 - model's own names
        "WHERE id = %s"
    )
    rows = [
        [
            field.get_db_prep_save(getattr(customer, field.attname), connection)
            for field in fields
        ]
        + [customer.pk]
        for customer in customers
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


@transaction.atomic
def customer_upsert_many(
    *, workspace: Workspace, records: Sequence[CustomerData]
) -> list[ResolveResult]:
    """`customer_upsert` of each record, in order, in one transaction.

    The outcome is the one of upserting the records one by one. Anything
    `customer_upsert` raises for a record is raised for the batch (nothing
    is stored then); callers find the culprit by upserting one by one.
    """
    for _attempt in range(MAX_ATTEMPTS - 1):
        try:
            with transaction.atomic():
                return _upsert_many(workspace, records)
        except (IntegrityError, _Moved):
            # A concurrent writer stored one of the values or merged one of
            # the profiles first: look again.
            continue
    # Still racing (or something the batch path did not foresee): one by one.
    return [customer_upsert(workspace=workspace, data=record) for record in records]


def _upsert_many(
    workspace: Workspace, records: Sequence[CustomerData]
) -> list[ResolveResult]:
    region = workspace.phone_region
    readings = [identities.read_signals(r.identities, region=region) for r in records]
    known = _lookup(workspace, [r.key for rs in readings for r in rs if r.ok])
    batch = _Batch(workspace, dict(known))
    results: dict[int, ResolveResult] = {}
    for index, (record, record_readings) in enumerate(
        zip(records, readings, strict=True)
    ):
        if batch.take(index, record, record_readings):
            continue
        results.update(batch.flush())
        result = customer_upsert(workspace=workspace, data=record)
        results[index] = result
        # A merge or a browser id may have moved values between profiles.
        moved = set(result.merged_ids)
        batch.known = {
            key: result.customer.pk if owner in moved else owner
            for key, owner in batch.known.items()
        }
        batch.known.update(_lookup(workspace, [r.key for r in record_readings if r.ok]))
    results.update(batch.flush())
    return [results[index] for index in range(len(records))]
