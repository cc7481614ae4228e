from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.timezone import now
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import TenantModel

# Minutes of (business) time per priority: a first response, a resolution.
# "normal" resolves in 24 business hours, what the default detractor rule
# promises (issue 13).
DEFAULT_TARGETS: dict[str, dict[str, int]] = {
    "urgent": {"first_response": 60, "resolution": 8 * 60},
    "high": {"first_response": 4 * 60, "resolution": 16 * 60},
    "normal": {"first_response": 8 * 60, "resolution": 24 * 60},
    "low": {"first_response": 16 * 60, "resolution": 48 * 60},
}


class BusinessCalendar(TenantModel):
    """When the workspace's team works: the clock SLA targets count on.

    `schedule` is `cases.business_hours.schedule_to_dict` of a Schedule:
    the time zone, opening hours per weekday, the countries whose public
    holidays close the office and the workspace's own closed days.
    """

    schedule = models.JSONField(_("schedule"), default=dict)
    updated_at = models.DateTimeField(_("updated"), default=now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace"], name="business_calendar_one_per_workspace"
            )
        ]

    def __str__(self) -> str:
        return f"calendar of workspace {self.workspace_id}"


class Team(TenantModel):
    """People who work cases together, with a lead who is told of breaches.

    A case names its team by `Case.team` (the team's name, as touchpoints
    do), so a case opened for a team that has no row yet still has one.
    Members and the lead must be members of the workspace.
    """

    name = models.CharField(_("name"), max_length=100)
    lead = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("lead"),
    )
    members = models.ManyToManyField(
        "accounts.User",
        blank=True,
        related_name="case_teams",
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"], name="team_name_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SlaPolicy(TenantModel):
    """Targets for the first response and the resolution of a case, per priority.

    `targets` maps a priority to minutes: `{"normal": {"first_response":
    480, "resolution": 1440}}`. With `business_hours` the minutes count only
    while the workspace's calendar is open; without, they are wall-clock.
    """

    class Escalation(models.TextChoices):
        NOTIFY = "notify", _("Notify the team lead")
        REASSIGN = "reassign", _("Notify the team lead and give them the case")

    name = models.CharField(_("name"), max_length=100)
    targets = models.JSONField(_("targets"), default=dict)
    business_hours = models.BooleanField(_("count business hours only"), default=True)
    is_default = models.BooleanField(_("default policy"), default=False)
    # What the SLA sweep does when a target is missed.
    escalation = models.CharField(
        _("on a breach"),
        max_length=16,
        choices=Escalation.choices,
        default=Escalation.NOTIFY,
    )
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        ordering = ["-is_default", "name", "pk"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"], name="sla_policy_name_unique"
            ),
            models.UniqueConstraint(
                fields=["workspace"],
                condition=models.Q(is_default=True),
                name="sla_policy_one_default",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def minutes_for(self, priority: str, target: str) -> int | None:
        """The target in minutes, or None when the policy sets none."""
        value = self.targets.get(priority, {}).get(target)
        return int(value) if isinstance(value, int) and value > 0 else None


class Case(TenantModel):
    """A complaint, an error or a detractor handled until it is resolved.

    It comes from a signal (a response, a journey event), is opened by hand
    or imported. It has an owner (a member and/or a team), a priority and
    due times from its SLA policy. `pending` means waiting for the customer:
    the SLA clock stops (`sla_paused_at`) and the due times move on by the
    business time spent waiting when the case comes back. A case merged into
    another is closed and points at it.
    """

    class Source(models.TextChoices):
        RESPONSE = "response", _("Response")
        EVENT = "event", _("Journey event")
        MANUAL = "manual", _("Opened by hand")
        IMPORTED = "imported", _("Imported")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        OPEN = "open", _("Open")
        PENDING = "pending", _("Waiting for the customer")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    customer = models.ForeignKey(
        "customers.Customer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("customer"),
    )
    touchpoint = models.ForeignKey(
        "journeys.Touchpoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("touchpoint"),
    )
    response = models.ForeignKey(
        "surveys.Response",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "journeys.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    owner = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("owner"),
    )
    team = models.CharField(_("team"), max_length=100, blank=True)
    sla_policy = models.ForeignKey(
        SlaPolicy,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("SLA policy"),
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    # The language replies to the customer are written in.
    language = models.CharField(_("language"), max_length=8, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_cases",
        verbose_name=_("merged into"),
    )
    # The rule that opened it; `rules` sits below `cases`, so no foreign key.
    rule_id = models.PositiveIntegerField(null=True, blank=True)
    opened_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), default=now)
    updated_at = models.DateTimeField(_("updated"), default=now)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    first_response_due_at = models.DateTimeField(
        _("first response due"), null=True, blank=True
    )
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    first_response_breached_at = models.DateTimeField(null=True, blank=True)
    resolution_breached_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "number"], name="case_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["workspace", "status", "-opened_at"]),
            models.Index(fields=["workspace", "owner", "status"]),
            models.Index(fields=["workspace", "resolution_due_at"]),
            models.Index(fields=["customer", "-opened_at"]),
            # The SLA sweep looks across workspaces for running clocks only.
            models.Index(
                fields=["resolution_due_at"],
                condition=models.Q(
                    status__in=["new", "open"], sla_paused_at__isnull=True
                ),
                name="case_sla_resolution_due",
            ),
            models.Index(
                fields=["first_response_due_at"],
                condition=models.Q(
                    status__in=["new", "open"],
                    sla_paused_at__isnull=True,
                    first_response_at__isnull=True,
                ),
                name="case_sla_first_response_due",
            ),
            models.Index(fields=["workspace", "resolved_at"], name="case_resolved_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"

    @property
    def is_active(self) -> bool:
        """Still someone's work: not resolved, closed or merged away."""
        return self.status in ACTIVE_STATUSES

    @property
    def next_due_at(self) -> Any:
        """The earliest due time still to meet, while the clock runs."""
        if not self.is_active or self.sla_paused_at is not None:
            return None
        dues = [self.resolution_due_at]
        if self.first_response_at is None:
            dues.append(self.first_response_due_at)
        present = [due for due in dues if due is not None]
        return min(present) if present else None

    @property
    def is_overdue(self) -> bool:
        due = self.next_due_at
        return due is not None and due <= timezone.now()

    @property
    def is_breached(self) -> bool:
        return bool(self.first_response_breached_at or self.resolution_breached_at)


ACTIVE_STATUSES = (Case.Status.NEW, Case.Status.OPEN, Case.Status.PENDING)


class CaseEntry(TenantModel):
    """One line of a case's timeline: a change, a note, a reply or a signal.

    Notes are internal (`data["mentions"]` lists the mentioned members);
    replies went to the customer. A signal is a later response or event
    that joined the case instead of opening another one.
    """

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        STATUS = "status", _("Status changed")
        OWNER = "owner", _("Owner changed")
        PRIORITY = "priority", _("Priority changed")
        TAGS = "tags", _("Tags changed")
        NOTE = "note", _("Internal note")
        REPLY = "reply", _("Reply to the customer")
        SIGNAL = "signal", _("New signal")
        MERGED = "merged", _("Merged")
        SLA_WARNING = "sla_warning", _("SLA breach soon")
        SLA_BREACH = "sla_breach", _("SLA breached")
        ESCALATED = "escalated", _("Escalated")
        FOLLOW_UP = "follow_up", _("Follow-up survey")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    author = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("text"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    response = models.ForeignKey(
        "surveys.Response",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "journeys.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = _("case entries")
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"


class ReplyTemplate(TenantModel):
    """A prepared answer to a recurring situation, in one language.

    "Organise, don't improvise": agents start a reply from it. `body` may
    hold placeholders (`{first_name}`, `{order_number}`, `{case_number}`,
    `{agent_name}`, `{shop_name}`) filled in for each case.
    """

    name = models.CharField(_("name"), max_length=100)
    situation = models.CharField(_("situation"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("created"), default=now)

    class Meta:
        ordering = ["situation", "name", "language", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name", "language"],
                name="reply_template_unique_per_language",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"
