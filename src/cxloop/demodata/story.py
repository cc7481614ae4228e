"""The demo shop's year as a story a CX manager reads on the Overview in a
minute.

1. *A December delivery problem.* In the last December before the demo's
   `now` whose January is over too, the courier partner falls behind:
   parcels arrive late, couriers don't call, and delivery CSAT and the
   relationship NPS drop well below November's (comments about late parcels
   and couriers, in every language).
2. *A fix in January.* On the 15th the shop moves the late areas to another
   courier; from then on delivery scores are a little better than before
   the problem.
3. *A search irritant that matters more than its size.* A few customers
   keep not finding things with the site search; they say so in only a few
   comments, but they are the shop's unhappiest customers.
4. *Detractors spend less.* After a relationship NPS answer, promoters come
   back and spend more in the next 90 days than passives, and passives more
   than detractors.

The dates are relative to `now` (the day `cxloop demo` runs), so every run
shows the same story; the data reaches back far enough to hold the problem
month and the November before it.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

# The demo workspace's time zone: months begin at local midnight.
TIMEZONE = ZoneInfo("Europe/Tallinn")
YEAR = timedelta(days=365)
FIX_DAY = 15  # of January
# More shopping (and feedback) in November and December: a moment in another
# month is kept with this probability.
QUIET_MONTHS = 0.62

# Moods (see `responses._scale_score`: −1…1 shifts a score down or up).
PROBLEM_DELIVERY_MOOD = -0.45  # delivery CSAT and feedback ratings
PROBLEM_NPS_MOOD = -0.3
FIXED_DELIVERY_MOOD = 0.1  # the new courier, from the fix on
SEARCH_TROUBLE_NPS_MOOD = -1.3

# Share of people who keep not finding things with the site search, and the
# share of the searches that find nothing made by them.
SEARCH_TROUBLE, SEARCH_TROUBLE_NOT_FOUND = 0.05, 0.5
# Anyone else says what they were looking for after a failed search only
# this often (times `responses._maybe_comment`'s own chance): the search's
# comments are few, and mostly theirs.
SEARCH_OTHERS_SAY = 0.4
# Of their negative relationship NPS comments, how many are about search.
SEARCH_TROUBLE_SAYS_SO = 0.7

# After a relationship NPS answer: the chance of an order within the next
# 90 days, and of a second one, per NPS band; promoters fill bigger baskets.
REORDER = {"promoter": 0.18, "passive": 0.11, "detractor": 0.05}
SECOND_ORDER = {"promoter": 0.35, "passive": 0.2, "detractor": 0.1}
REORDER_DAYS = 90


def _local(year: int, month: int, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=TIMEZONE)


def nps_band(score: int) -> str:
    if score >= 9:
        return "promoter"
    return "passive" if score >= 7 else "detractor"


@dataclass(frozen=True)
class Story:
    """When things happen in the demo whose data ends at `now`."""

    now: datetime
    start: datetime  # the first moment of the data
    november: datetime  # the month before the problem, to compare with
    december: datetime  # the problem begins
    january: datetime  # the problem month ends (the problem goes on)
    fixed: datetime  # the problem is fixed

    @classmethod
    def of(cls, now: datetime) -> "Story":
        """The story of the data up to `now` (an aware datetime).

        The problem December is the last one whose January is over, so the
        fix shows too: December 2025 on any day from 1 February 2026 to
        31 January 2027.
        """
        local = now.astimezone(TIMEZONE)
        year = local.year - (1 if local >= _local(local.year, 2) else 2)
        november = _local(year, 11)
        return cls(
            now=now,
            start=min(now - YEAR, november),
            november=november,
            december=_local(year, 12),
            january=_local(year + 1, 1),
            fixed=_local(year + 1, 1, FIX_DAY),
        )

    @property
    def span(self) -> timedelta:
        return self.now - self.start

    def moment(self, rng: random.Random) -> datetime:
        """A moment in the data, more of them in November and December."""
        while True:
            moment = self.now - timedelta(
                seconds=rng.uniform(0, self.span.total_seconds())
            )
            if rng.random() < (1.0 if moment.month in (11, 12) else QUIET_MONTHS):
                return moment

    def delivery_problem(self, moment: datetime) -> bool:
        return self.december <= moment < self.fixed

    def after_fix(self, moment: datetime) -> bool:
        return moment >= self.fixed
