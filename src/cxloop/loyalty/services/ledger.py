"""The ledger's writes: entries, lots and balances under the account lock."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers.models import Customer
from cxloop.errors import Conflict, InvalidInput
from cxloop.loyalty import selectors
from cxloop.loyalty.models import DEFAULT_EXPIRY_DAYS, Account, Entry, Lot, Programme

ORDER = "order"
BONUS = "bonus"  # source_id "first_order": once per customer
REFUND = "refund"  # source_id "<order id>:<refunded total>"
CANCEL = "cancel"
REDEMPTION = "redemption"
ADJUSTMENT = "adjustment"
EXPIRY = "expiry"  # source_id: the expired lot's entry id
REVERSAL = "reversal"  # source_id: the reversed entry's id

FIRST_ORDER = "first_order"
MAX_POINTS = 10**12
MAX_SOURCE_ID = 100


# ---------------------------------------------------------------- programme


@transaction.atomic
def programme_set(
    *,
    workspace: Workspace,
    enabled: bool = True,
    points_per_unit: Decimal = Decimal(1),
    category_multipliers: dict[str, Decimal] | None = None,
    first_order_bonus: int = 0,
    expiry_days: int = DEFAULT_EXPIRY_DAYS,
) -> Programme:
    """Create or replace the workspace's programme; applies to later earning."""
    if points_per_unit < 0:
        raise InvalidInput(_("Points cannot be negative."), field="points_per_unit")
    multipliers = {}
    for category, factor in (category_multipliers or {}).items():
        if Decimal(str(factor)) < 0 or not str(category).strip():
            raise InvalidInput(
                _("Give each category a multiplier of 0 or more."),
                field="category_multipliers",
            )
        multipliers[str(category).strip().lower()] = str(factor)
    if first_order_bonus < 0:
        raise InvalidInput(_("Points cannot be negative."), field="first_order_bonus")
    if expiry_days < 1:
        raise InvalidInput(_("Points must last at least a day."), field="expiry_days")
    programme = Programme.objects.of(workspace).select_for_update().first()
    programme = programme or Programme(workspace=workspace)
    programme.enabled = enabled
    programme.points_per_unit = points_per_unit
    programme.category_multipliers = multipliers
    programme.first_order_bonus = first_order_bonus
    programme.expiry_days = expiry_days
    programme.updated_at = timezone.now()
    programme.full_clean()
    programme.save()
    return programme


# ---------------------------------------------------------------- internals


def _account_lock(workspace: Workspace, customer_id: int) -> Account:
    """The customer's account row, locked until the transaction ends."""
    accounts = Account.objects.of(workspace).select_for_update()
    account = accounts.filter(customer_id=customer_id).first()
    if account is None:
        try:
            with transaction.atomic():
                account = Account.objects.create(
                    workspace=workspace, customer_id=customer_id
                )
        except IntegrityError:
            # A concurrent writer created it first; wait for its lock.
            account = accounts.get(customer_id=customer_id)
    account.workspace = workspace  # scopes the queries below without a fetch
    return account


def _existing(account: Account, source_kind: str, source_id: str) -> Entry | None:
    return (
        Entry.objects.of(account.workspace)
        .filter(
            customer_id=account.customer_id,
            source_kind=source_kind,
            source_id=source_id,
        )
        .first()
    )


def _save_balance(account: Account, delta: int) -> None:
    account.balance += delta
    account.updated_at = timezone.now()
    account.save(update_fields=["balance", "updated_at"])


def _entry(account: Account, **fields: object) -> Entry:
    entry = Entry(
        workspace_id=account.workspace_id, customer_id=account.customer_id, **fields
    )
    entry.full_clean(exclude=["workspace", "customer", "reverses"])
    entry.save()
    return entry


def _credit(
    account: Account,
    *,
    kind: str,
    points: int,
    source_kind: str,
    source_id: str,
    expires_at: datetime | None,
    order_id: int | None = None,
    reason: str = "",
    actor: str = "",
) -> Entry:
    """New points in a lot of their own."""
    entry = _entry(
        account,
        kind=kind,
        points=points,
        source_kind=source_kind,
        source_id=source_id,
        expires_at=expires_at,
        order_id=order_id,
        reason=reason,
        actor=actor,
    )
    Lot.objects.create(
        workspace_id=account.workspace_id,
        customer_id=account.customer_id,
        entry=entry,
        remaining=points,
        expires_at=expires_at,
    )
    _save_balance(account, points)
    return entry


def _draw(account: Account, points: int, prefer: list[int]) -> list[list[int]]:
    """Take `points` from the lots, `prefer`red entries' lots first, then
    soonest-expiring (never-expiring last); returns `[[lot id, points]]`."""
    lots = list(
        Lot.objects.of(account.workspace)
        .filter(customer_id=account.customer_id, remaining__gt=0)
        .order_by(F("expires_at").asc(nulls_last=True), "pk")
    )
    lots.sort(key=lambda lot: lot.entry_id not in prefer)  # stable
    draws = []
    left = points
    for lot in lots:
        if left == 0:
            break
        take = min(left, lot.remaining)
        lot.remaining -= take
        lot.save(update_fields=["remaining"])
        draws.append([lot.pk, take])
        left -= take
    assert left == 0, "the lots hold less than the balance"  # noqa: S101
    return draws


def _debit(
    account: Account,
    *,
    kind: str,
    points: int,
    source_kind: str,
    source_id: str,
    prefer: list[int] | None = None,
    allow_short: bool = False,
    order_id: int | None = None,
    reverses: Entry | None = None,
    reason: str = "",
    actor: str = "",
) -> Entry:
    """Points out, never more than the balance.

    Beyond the balance a redemption is refused; a reversal (`allow_short`)
    takes what there is and records the rest as `shortfall`.
    """
    if points > account.balance and not allow_short:
        raise InvalidInput(
            _("Not enough points: the balance is %(balance)s.")
            % {"balance": account.balance},
            field="points",
        )
    take = min(points, account.balance)
    draws = _draw(account, take, prefer or [])
    entry = _entry(
        account,
        kind=kind,
        points=-take,
        shortfall=points - take,
        draws=draws,
        source_kind=source_kind,
        source_id=source_id,
        order_id=order_id,
        reverses=reverses,
        reason=reason,
        actor=actor,
    )
    _save_balance(account, -take)
    return entry


def _check_points(points: object, *, positive: bool = True) -> int:
    if not isinstance(points, int) or isinstance(points, bool):
        raise InvalidInput(_("Give the points as a whole number."), field="points")
    if (positive and points <= 0) or points == 0 or abs(points) > MAX_POINTS:
        raise InvalidInput(
            _("Give a number of points between 1 and %(max)s.") % {"max": MAX_POINTS},
            field="points",
        )
    return points


def _check_id(value: str, field: str) -> str:
    value = value.strip()
    if not value or len(value) > MAX_SOURCE_ID:
        raise InvalidInput(
            _("Give an id of 1 to %(max)s characters.") % {"max": MAX_SOURCE_ID},
            field=field,
        )
    return value


def _idempotent(existing: Entry, points: int, field: str) -> Entry:
    """The entry a retry finds: the same request again, or a clash of ids."""
    if existing.points != points:
        raise Conflict(
            _("This id was already used for a different number of points."),
            field=field,
        )
    return existing


# ---------------------------------------------------------------- spending


@transaction.atomic
def points_redeem(
    *,
    workspace: Workspace,
    customer: Customer,
    points: int,
    redemption_id: str,
    reason: str = "",
    actor: str = "",
) -> Entry:
    """Spend points, soonest-expiring first; idempotent on `redemption_id`.

    A retry with the same id and points returns the first entry; the same id
    with other points is a Conflict. Beyond the balance: InvalidInput on
    `points`, and nothing is written.
    """
    points = _check_points(points)
    redemption_id = _check_id(redemption_id, "redemption_id")
    account = _account_lock(workspace, customer.pk)
    existing = _existing(account, REDEMPTION, redemption_id)
    if existing is not None:
        return _idempotent(existing, -points, "redemption_id")
    return _debit(
        account,
        kind=Entry.Kind.REDEEM,
        points=points,
        source_kind=REDEMPTION,
        source_id=redemption_id,
        reason=reason[:500],
        actor=actor[:200],
    )


@transaction.atomic
def points_adjust(
    *,
    workspace: Workspace,
    customer: Customer,
    points: int,
    adjustment_id: str,
    reason: str,
    actor: str = "",
) -> Entry:
    """A manual correction (goodwill, a mistake), with its id and reason.

    Positive points form a lot that expires after the programme's period;
    negative ones are taken like a redemption and refused beyond the
    balance. Idempotent on `adjustment_id`.
    """
    points = _check_points(points, positive=False)
    adjustment_id = _check_id(adjustment_id, "adjustment_id")
    if not reason.strip():
        raise InvalidInput(_("Say why the points change."), field="reason")
    account = _account_lock(workspace, customer.pk)
    existing = _existing(account, ADJUSTMENT, adjustment_id)
    if existing is not None:
        return _idempotent(existing, points, "adjustment_id")
    if points < 0:
        return _debit(
            account,
            kind=Entry.Kind.ADJUST,
            points=-points,
            source_kind=ADJUSTMENT,
            source_id=adjustment_id,
            reason=reason.strip()[:500],
            actor=actor[:200],
        )
    programme = selectors.programme_of(workspace=workspace)
    days = programme.expiry_days if programme else DEFAULT_EXPIRY_DAYS
    return _credit(
        account,
        kind=Entry.Kind.ADJUST,
        points=points,
        source_kind=ADJUSTMENT,
        source_id=adjustment_id,
        expires_at=timezone.now() + timedelta(days=days),
        reason=reason.strip()[:500],
        actor=actor[:200],
    )


@transaction.atomic
def points_reverse(
    *, workspace: Workspace, entry: Entry, reason: str, actor: str = ""
) -> Entry:
    """Undo an earn, adjustment or redemption with a new entry; idempotent.

    Reversing a credit takes its points back (from its own lot first, at
    most the balance, the rest as `shortfall`). Reversing a debit gives the
    points back to the lots they came from, except lots that have expired
    since: those points would be gone by now anyway (`shortfall`).
    """
    if entry.workspace_id != workspace.pk or entry.kind not in (
        Entry.Kind.EARN,
        Entry.Kind.ADJUST,
        Entry.Kind.REDEEM,
    ):
        raise InvalidInput(
            _("Only earned, adjusted or redeemed points can be reversed."),
            field="entry",
        )
    account = _account_lock(workspace, entry.customer_id)
    existing = _existing(account, REVERSAL, str(entry.pk))
    if existing is not None:
        return existing
    reason, actor = reason.strip()[:500], actor[:200]
    if entry.points > 0:
        return _debit(
            account,
            kind=Entry.Kind.REVERSE,
            points=entry.points,
            source_kind=REVERSAL,
            source_id=str(entry.pk),
            prefer=[entry.pk],
            allow_short=True,
            reverses=entry,
            reason=reason,
            actor=actor,
        )
    expired = set(
        Entry.objects.of(workspace)
        .filter(customer_id=entry.customer_id, source_kind=EXPIRY)
        .values_list("source_id", flat=True)
    )
    lots = Lot.objects.of(workspace).in_bulk([lot_id for lot_id, _n in entry.draws])
    restored = []
    for lot_id, points in entry.draws:
        lot = lots[lot_id]
        if str(lot.entry_id) in expired:
            continue
        lot.remaining += points
        lot.save(update_fields=["remaining"])
        restored.append([lot_id, points])
    back = sum(points for _lot, points in restored)
    reversal = _entry(
        account,
        kind=Entry.Kind.REVERSE,
        points=back,
        shortfall=-entry.points - back,
        draws=restored,
        source_kind=REVERSAL,
        source_id=str(entry.pk),
        reverses=entry,
        reason=reason,
        actor=actor,
    )
    _save_balance(account, back)
    return reversal


# ---------------------------------------------------------------- expiry


@transaction.atomic
def points_expire_customer(
    *, workspace: Workspace, customer_id: int, now: datetime
) -> int:
    """Expire what the customer's lots due by `now` still hold; entries written."""
    account = _account_lock(workspace, customer_id)
    due = (
        Lot.objects.of(workspace)
        .filter(customer_id=customer_id, remaining__gt=0, expires_at__lte=now)
        .order_by("expires_at", "pk")
    )
    written = 0
    for lot in due:
        if _existing(account, EXPIRY, str(lot.entry_id)):
            continue  # expired once already; a lot is never refilled after
        points = lot.remaining
        lot.remaining = 0
        lot.save(update_fields=["remaining"])
        _entry(
            account,
            kind=Entry.Kind.EXPIRE,
            points=-points,
            draws=[[lot.pk, points]],
            source_kind=EXPIRY,
            source_id=str(lot.entry_id),
            expires_at=lot.expires_at,
        )
        _save_balance(account, -points)
        written += 1
    return written


def points_expire_due(*, now: datetime | None = None) -> int:
    """Periodic: expire every lot due by `now`, one customer per transaction
    (so a long run holds no lock for long); returns the entries written."""
    now = now or timezone.now()
    pairs = (
        Lot.objects.filter(Q(remaining__gt=0) & Q(expires_at__lte=now))
        .values_list("workspace_id", "customer_id")
        .distinct()
    )
    workspaces = Workspace.objects.in_bulk({pair[0] for pair in pairs})
    return sum(
        points_expire_customer(
            workspace=workspaces[workspace_id], customer_id=customer_id, now=now
        )
        for workspace_id, customer_id in pairs
    )
