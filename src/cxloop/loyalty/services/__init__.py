"""Writes of the points ledger.

Rules every function here keeps (see docs/loyalty.md):

- An entry is never edited or deleted; a correction is a new entry
  (`points_reverse`). Each entry is unique per customer on its source, so
  a redelivered webhook or a retried task finds it and writes nothing.
- Every writer first locks the customer's `Account` row
  (`select_for_update`; SQLite serialises writers anyway), then checks for
  the entry it is about to write, then writes the entry, the lots and the
  balance in the same transaction. Sum of entries = balance = sum of the
  lots' `remaining`.
- The balance is never negative. A redemption or a negative adjustment
  beyond it is refused with `InvalidInput` naming `points`. A reversal of
  points already spent (a refund after the customer redeemed them) takes
  what the balance holds and records the rest on the entry as `shortfall`:
  unlike Odoo, which lets the balance go negative, the debt is written
  down, not carried.
- Debits draw lots down soonest-expiring first (lots that never expire
  last); a reversal of an order's points draws that order's lots first.
  Expiry takes what a lot still holds once its time has come, and runs
  hourly: a lot past its time may be spent until then.
- Orders earn once paid (per currency unit × the line's category
  multiplier, rounded down, + the first-order bonus once per customer) and
  are reversed proportionally to the refunded total (idempotent on that
  total), or wholly when cancelled or refunded in full; the bonus goes
  back only with the whole order.
"""

from cxloop.loyalty.services.ledger import (
    ADJUSTMENT,
    BONUS,
    CANCEL,
    EXPIRY,
    ORDER,
    REDEMPTION,
    REFUND,
    REVERSAL,
    points_adjust,
    points_expire_customer,
    points_expire_due,
    points_redeem,
    points_reverse,
    programme_set,
)
from cxloop.loyalty.services.orders import points_for_order
from cxloop.loyalty.services.people import points_erase, points_move_customers

__all__ = [
    "ADJUSTMENT",
    "BONUS",
    "CANCEL",
    "EXPIRY",
    "ORDER",
    "REDEMPTION",
    "REFUND",
    "REVERSAL",
    "points_adjust",
    "points_erase",
    "points_expire_customer",
    "points_expire_due",
    "points_for_order",
    "points_move_customers",
    "points_redeem",
    "points_reverse",
    "programme_set",
]
