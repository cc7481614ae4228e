from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import TenantModel

# Below this many answers a figure is greyed and says why (stats.MINIMUM_N).
DEFAULT_MINIMUM_N = 30
MAXIMUM_MINIMUM_N = 10_000


class InsightSettings(models.Model):
    """How a workspace wants its figures read: the answers a group needs.

    A group with fewer answers than `minimum_n` is still shown, greyed, with
    the reason; a workspace without a row uses the default.
    """

    workspace = models.OneToOneField(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    minimum_n = models.PositiveIntegerField(
        _("minimum answers per group"),
        default=DEFAULT_MINIMUM_N,
        validators=[MinValueValidator(1), MaxValueValidator(MAXIMUM_MINIMUM_N)],
        help_text=_("Groups with fewer answers are greyed out on every page."),
    )

    def __str__(self) -> str:
        return f"Insight settings of {self.workspace_id}"


# Digests (helper "digest": insights/digest.py) -------------------------------


class DigestKind(models.TextChoices):
    WEEKLY = "weekly", _("Weekly digest")
    # Only the signals rules queued for a daily digest.
    DAILY = "daily", _("Daily digest of rule signals")


class DigestSend(TenantModel):
    """One digest e-mail to one member for one period.

    Written in the transaction that puts the e-mail in the outbox: the
    unique constraint is what sends a digest once per member and period,
    however many workers or retried tasks try. `period` names what the
    digest covers: an ISO week (`2026-W43`) or a local day (`2026-10-26`).
    """

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=DigestKind.choices)
    period = models.CharField(max_length=16)
    message = models.ForeignKey(
        "delivery.Message",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "user", "kind", "period"],
                name="digest_send_once_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period} → {self.user_id}"


class DigestRun(TenantModel):
    """A workspace's digest of one period went to everyone it was for.

    Lets the periodic sweep skip the workspace until the next period; a
    run cut short leaves no row, so the next sweep finishes it (members
    already sent to are skipped by `DigestSend`).
    """

    kind = models.CharField(max_length=16, choices=DigestKind.choices)
    period = models.CharField(max_length=16)
    finished_at = models.DateTimeField(default=now)
    sent = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "kind", "period"], name="digest_run_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.period}"


class DigestOptOut(TenantModel):
    """A member who asked not to get one kind of digest from one workspace."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=DigestKind.choices)
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["workspace", "user", "kind"], name="digest_opt_out_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} opted out of {self.kind}"


# End of digests ---------------------------------------------------------------


class ScoreCounts(models.Model):
    """How many answered each value of each score, and how many responses.

    `n` counts responses (with any score); `nps_0` … `rating_5` count the
    answers per value (see `metrics.COLUMNS`), so every figure, its interval
    and its test come from these columns.
    """

    n = models.IntegerField(default=0)
    nps_0 = models.IntegerField(default=0)
    nps_1 = models.IntegerField(default=0)
    nps_2 = models.IntegerField(default=0)
    nps_3 = models.IntegerField(default=0)
    nps_4 = models.IntegerField(default=0)
    nps_5 = models.IntegerField(default=0)
    nps_6 = models.IntegerField(default=0)
    nps_7 = models.IntegerField(default=0)
    nps_8 = models.IntegerField(default=0)
    nps_9 = models.IntegerField(default=0)
    nps_10 = models.IntegerField(default=0)
    csat_1 = models.IntegerField(default=0)
    csat_2 = models.IntegerField(default=0)
    csat_3 = models.IntegerField(default=0)
    csat_4 = models.IntegerField(default=0)
    csat_5 = models.IntegerField(default=0)
    ces_1 = models.IntegerField(default=0)
    ces_2 = models.IntegerField(default=0)
    ces_3 = models.IntegerField(default=0)
    ces_4 = models.IntegerField(default=0)
    ces_5 = models.IntegerField(default=0)
    ces_6 = models.IntegerField(default=0)
    ces_7 = models.IntegerField(default=0)
    rating_1 = models.IntegerField(default=0)
    rating_2 = models.IntegerField(default=0)
    rating_3 = models.IntegerField(default=0)
    rating_4 = models.IntegerField(default=0)
    rating_5 = models.IntegerField(default=0)

    class Meta:
        abstract = True


class ScoreCell(TenantModel, ScoreCounts):
    """The rollup: counts of the answers of one local day in one cell.

    A cell is what metrics filter and group by (`metrics.Cell`): survey,
    touchpoint as the response names it, channel, language, customer segment
    and order value band. Kept by the worker (`insights.rollups`).
    """

    day = models.DateField()
    survey = models.ForeignKey(
        "surveys.Survey", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    touchpoint = models.CharField(max_length=100, blank=True)
    channel = models.CharField(max_length=16, blank=True)
    language = models.CharField(max_length=8, blank=True)
    segment = models.CharField(max_length=16)
    band = models.CharField(max_length=16)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=[
                    "workspace",
                    "day",
                    "survey",
                    "touchpoint",
                    "channel",
                    "language",
                    "segment",
                    "band",
                ],
                name="score_cell_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.survey_id} {self.touchpoint}"


class ScoreDay(TenantModel, ScoreCounts):
    """The same counts per day, survey and touchpoint only.

    Most pages group by touchpoint, stage or period without splitting by
    channel or segment; this narrower table answers them from a few rows
    per day instead of every cell's.
    """

    day = models.DateField()
    survey = models.ForeignKey(
        "surveys.Survey", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    touchpoint = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["workspace", "day", "survey", "touchpoint"],
                name="score_day_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.survey_id} {self.touchpoint}"


class RolledResponse(TenantModel):
    """What the rollup holds for one response: its cell and its scores then.

    A change to the response (or to what its cell depends on) is taken back
    out of the rollup with exactly these values before the new ones go in.
    """

    response_id = models.BigIntegerField(primary_key=True)
    cell = models.ForeignKey(
        ScoreCell,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # cells go when empty, never while referenced
        db_index=False,
        related_name="+",
    )
    nps = models.PositiveSmallIntegerField(null=True)
    csat = models.PositiveSmallIntegerField(null=True)
    ces = models.PositiveSmallIntegerField(null=True)
    rating = models.PositiveSmallIntegerField(null=True)

    def __str__(self) -> str:
        return f"Rolled response {self.response_id}"


class ScoreChange(TenantModel):
    """A response the rollup must (re)read: stored, changed, merged, re-ordered.

    Written in the transaction that changed the response (or its customer's
    orders), deleted by the worker in the transaction that rolls it up, so
    whatever a reader sees is either in the rollup or still listed here.
    """

    id = models.BigAutoField(primary_key=True)
    response_id = models.BigIntegerField()

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["workspace", "id"], name="score_change_queue")
        ]

    def __str__(self) -> str:
        return f"Change of response {self.response_id}"


class ScoreRollup(models.Model):
    """A workspace's rollup: the time zone its days are in, and its lock.

    No row, or another zone than the workspace's, means the rollup is not
    (or no longer) valid: readers read raw answers until the worker has
    rebuilt it.
    """

    workspace = models.OneToOneField(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    timezone = models.CharField(max_length=64, blank=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Score rollup of {self.workspace_id}"
