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
