"""CSV imports of customers and orders, e.g. from a shop's old export.

A column mapping names which CSV column holds which field (by default the
column called like the field). Customer rows are resolved and stored 500
to a transaction, each order's group of line rows in its own, through the
same customers services as the shop webhooks, so a bad row is reported and
skipped and a re-run changes nothing: customers are found again by their
identities, orders by (source, external_id). It lives in integrations, with
the other inbound adapters, and maps rows onto customers' services.
"""

import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import groupby, islice
from typing import Any

from django.db import IntegrityError, transaction

from cxloop.accounts.models import Workspace
from cxloop.customers import selectors, services
from cxloop.customers.inputs import (
    CustomerData,
    IdentitySignals,
    OrderData,
    OrderLineData,
    ProfileData,
)
from cxloop.errors import DomainError

Row = Mapping[str, str]
Progress = Callable[[int], None]

IDENTITY_FIELDS = ("email", "phone", "external_id", "anonymous_id", "country")
PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "locale",
    "birthday",
    "consent_marketing",
    "consent_surveys",
)
CUSTOMER_FIELDS = (*IDENTITY_FIELDS, *PROFILE_FIELDS)
ORDER_FIELDS = (
    "order_id",
    "number",
    "status",
    "currency",
    "total",
    "placed_at",
    "channel",
    "discount_total",
    "refunded_total",
    "coupon_codes",
    "paid_at",
    "fulfilled_at",
    "delivered_at",
    "cancelled_at",
    "refunded_at",
    "sku",
    "name",
    "category",
    "quantity",
    "unit_price",
    "discount",
    *CUSTOMER_FIELDS,
)
TIMES = ("paid_at", "fulfilled_at", "delivered_at", "cancelled_at", "refunded_at")
# Rows stored per transaction: a crash loses at most this many, which the
# next run of the file stores again.
CHUNK = 500
YES = {"1", "true", "yes", "y", "jah", "jā", "kyllä", "taip"}
NO = {"0", "false", "no", "n", "ei", "nē", "ne"}


class RowError(ValueError):
    """A value in a row that cannot be read; the row is skipped."""


@dataclass
class ImportReport:
    """What an import did; `problems` are (line, outcome, reason) rows."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    rejected: int = 0
    problems: list[tuple[int, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ColumnMap:
    """field → CSV column; a field without a column is not imported."""

    columns: dict[str, str]

    @classmethod
    def of(
        cls, header: Iterable[str], fields: Iterable[str], given: Mapping[str, str]
    ) -> "ColumnMap":
        present = set(header)
        unknown = sorted(set(given) - set(fields))
        if unknown:
            raise DomainError(f"Unknown fields in the mapping: {', '.join(unknown)}.")
        missing = sorted(column for column in given.values() if column not in present)
        if missing:
            raise DomainError(f"No such columns in the file: {', '.join(missing)}.")
        columns = {name: name for name in fields if name in present}
        return cls({**columns, **given})

    def get(self, row: Row, name: str) -> str:
        column = self.columns.get(name)
        return (row.get(column) or "").strip() if column else ""


def _decimal(text: str, name: str) -> Decimal:
    try:
        # Baltic and Nordic exports write decimal commas.
        return Decimal(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation as error:
        raise RowError(f"{name}: {text!r} is not an amount") from error


def _bool(text: str, name: str) -> bool | None:
    if not text:
        return None
    if text.lower() in YES:
        return True
    if text.lower() in NO:
        return False
    raise RowError(f"{name}: {text!r} is not yes or no")


def _date(text: str, name: str) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError as error:
        raise RowError(f"{name}: {text!r} is not a date (YYYY-MM-DD)") from error


def _time(text: str, name: str, zone: zoneinfo.ZoneInfo) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError as error:
        raise RowError(f"{name}: {text!r} is not a date and time") from error
    # A time without offset is the shop's local time.
    return value if value.tzinfo else value.replace(tzinfo=zone)


def _signals(mapping: ColumnMap, row: Row) -> IdentitySignals:
    external = mapping.get(row, "external_id")
    return IdentitySignals(
        email=mapping.get(row, "email") or None,
        phone=mapping.get(row, "phone") or None,
        external_ids=(external,) if external else (),
        anonymous_id=mapping.get(row, "anonymous_id") or None,
        country=mapping.get(row, "country").upper() or None,
    )


def _profile(mapping: ColumnMap, row: Row) -> ProfileData:
    return ProfileData(
        first_name=mapping.get(row, "first_name") or None,
        last_name=mapping.get(row, "last_name") or None,
        locale=mapping.get(row, "locale") or None,
        birthday=_date(mapping.get(row, "birthday"), "birthday"),
        consent_marketing=_bool(
            mapping.get(row, "consent_marketing"), "consent_marketing"
        ),
        consent_surveys=_bool(mapping.get(row, "consent_surveys"), "consent_surveys"),
    )


def _note_identity_problems(
    report: ImportReport, line: int, result: services.ResolveResult | None
) -> None:
    for rejected in result.rejected if result else ():
        report.problems.append(
            (line, "kept", f"{rejected.kind} {rejected.raw!r} {rejected.reason}")
        )


def _customer(columns: ColumnMap, row: Row, source: str, region: str) -> CustomerData:
    data = CustomerData(
        source=source, identities=_signals(columns, row), profile=_profile(columns, row)
    )
    readings = selectors.signals_read(signals=data.identities, region=region)
    if not readings:
        raise RowError("no e-mail, phone or id")
    if not any(reading.ok for reading in readings):
        # A profile known only by a value nobody can look up would be made
        # again by every re-run of the file, and never be found.
        unreadable = "; ".join(f"{r.kind} {r.raw!r} {r.problem}" for r in readings)
        raise RowError(f"no readable e-mail, phone or id: {unreadable}")
    return data


def _store_customers(
    workspace: Workspace, records: list[tuple[int, CustomerData]], report: ImportReport
) -> None:
    """Upsert a chunk's records together; one by one when one of them fails."""
    outcomes: list[tuple[int, services.ResolveResult | Exception]]
    try:
        results = services.customer_upsert_many(
            workspace=workspace, records=[data for _line, data in records]
        )
        outcomes = [
            (line, result)
            for (line, _data), result in zip(records, results, strict=True)
        ]
    except (DomainError, IntegrityError):
        outcomes = []
        for line, data in records:
            try:
                with transaction.atomic():
                    outcome: services.ResolveResult | Exception = (
                        services.customer_upsert(workspace=workspace, data=data)
                    )
            except DomainError as error:
                outcome = error
            outcomes.append((line, outcome))
    for line, result in outcomes:
        if isinstance(result, Exception):
            report.rejected += 1
            report.problems.append((line, "rejected", str(result)))
            continue
        report.created += result.created
        report.updated += not result.created
        _note_identity_problems(report, line, result)


def customer_import(
    *,
    workspace: Workspace,
    rows: Iterable[Row],
    header: Iterable[str],
    mapping: Mapping[str, str],
    source: str = "import",
    progress: Progress | None = None,
) -> ImportReport:
    """One customer per row; line numbers count the header as line 1.

    Rows are stored in chunks of `CHUNK`, each in one transaction: after a
    crash, running the file again finds the stored rows' customers again
    and carries on.
    """
    columns = ColumnMap.of(header, CUSTOMER_FIELDS, mapping)
    report = ImportReport()
    numbered = enumerate(rows, start=2)
    while chunk := list(islice(numbered, CHUNK)):
        records = []
        for line, row in chunk:
            report.rows += 1
            try:
                records.append(
                    (line, _customer(columns, row, source, workspace.phone_region))
                )
            except RowError as error:
                report.rejected += 1
                report.problems.append((line, "rejected", str(error)))
        if records:
            _store_customers(workspace, records, report)
        if progress:
            progress(len(chunk))
    report.problems.sort()
    return report


def _order(
    columns: ColumnMap,
    rows: list[Row],
    source: str,
    zone: zoneinfo.ZoneInfo,
) -> OrderData:
    first = rows[0]
    get = columns.get
    placed_at = _time(get(first, "placed_at"), "placed_at", zone)
    if placed_at is None:
        raise RowError("placed_at is missing")
    lines = tuple(
        OrderLineData(
            sku=get(row, "sku"),
            name=get(row, "name"),
            category=get(row, "category"),
            quantity=int(_decimal(get(row, "quantity") or "1", "quantity")),
            unit_price=_decimal(get(row, "unit_price") or "0", "unit_price"),
            discount=_decimal(get(row, "discount") or "0", "discount"),
        )
        for row in rows
        if get(row, "sku") or get(row, "name")
    )
    times: dict[str, Any] = {
        name: _time(get(first, name), name, zone) for name in TIMES
    }
    return OrderData(
        source=source,
        external_id=get(first, "order_id"),
        number=get(first, "number") or get(first, "order_id"),
        status=get(first, "status").lower() or "placed",
        currency=get(first, "currency").upper() or "EUR",
        total=_decimal(get(first, "total") or "0", "total"),
        placed_at=placed_at,
        customer=_signals(columns, first),
        profile=_profile(columns, first),
        channel=get(first, "channel").lower() or "web",
        discount_total=_decimal(get(first, "discount_total") or "0", "discount_total"),
        refunded_total=_decimal(get(first, "refunded_total") or "0", "refunded_total"),
        coupon_codes=tuple(
            code.strip() for code in get(first, "coupon_codes").split(",") if code
        ),
        lines=lines,
        **times,
    )


def _groups(rows: Iterable[Row], columns: ColumnMap) -> Iterator[tuple[int, list[Row]]]:
    """Consecutive rows of one order (one row per line), with the first line."""
    line = 2
    for _key, group in groupby(rows, key=lambda row: columns.get(row, "order_id")):
        members = list(group)
        yield line, members
        line += len(members)


def order_import(
    *,
    workspace: Workspace,
    rows: Iterable[Row],
    header: Iterable[str],
    mapping: Mapping[str, str],
    source: str = "import",
    progress: Progress | None = None,
) -> ImportReport:
    """Orders with one row per order line; rows of an order are consecutive."""
    columns = ColumnMap.of(header, ORDER_FIELDS, mapping)
    if "order_id" not in columns.columns:
        raise DomainError("Map a column to order_id (the shop's order id).")
    zone = zoneinfo.ZoneInfo(workspace.timezone)
    report = ImportReport()
    for line, group in _groups(rows, columns):
        report.rows += len(group)
        try:
            with transaction.atomic():
                data = _order(columns, group, source, zone)
                result = services.order_upsert(workspace=workspace, data=data)
        except (RowError, DomainError, ValueError) as error:
            report.rejected += 1
            report.problems.append((line, "rejected", str(error)))
        else:
            report.created += result.created
            report.updated += not result.created
            _note_identity_problems(report, line, result.customer)
        if progress:
            progress(len(group))
    return report
