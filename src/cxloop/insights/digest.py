"""The weekly digest e-mail, and the daily one of the signals rules queue.

Every Monday at 08:00 in the workspace's time zone each member gets last
week (Monday to Sunday, local): CX managers (admins and analysts) the whole
shop, a member who owns touchpoints those touchpoints; agents and viewers
who own none get only what rules queued for them. A daily digest at 08:00
carries the signals rules queued for a "daily" digest, and nothing else.

Exactly once: the periodic sweep (`digests_send_due`) hands each due
workspace to a task; for each recipient the task writes a `DigestSend`
row, whose unique constraint admits one per member and period, in the same
transaction that puts the e-mail in the delivery outbox and marks the
rules' items sent. A second worker, or the same task retried, meets the
constraint and sends nothing.
"""

import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cxloop.accounts import selectors as account_selectors
from cxloop.accounts.models import Membership, User, Workspace
from cxloop.delivery import services as delivery
from cxloop.errors import InvalidInput
from cxloop.insights import digest_content
from cxloop.insights.models import DigestKind, DigestOptOut, DigestRun, DigestSend
from cxloop.journeys import selectors as journey_selectors
from cxloop.rules import selectors as rule_selectors
from cxloop.rules import services as rule_services
from cxloop.rules.models import DigestItem

logger = logging.getLogger(__name__)

SEND_AT = time(8, 0)  # local time of the workspace
MANAGERS = (Membership.Role.ADMIN, Membership.Role.ANALYST)
TEMPLATES = {
    DigestKind.WEEKLY: "insights/email/digest_weekly",
    DigestKind.DAILY: "insights/email/digest_daily",
}
UNSUBSCRIBE_SALT = "cxloop.insights.digest.unsubscribe"


# When ------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """What one digest covers: [start, end) in the workspace's time zone."""

    kind: str
    label: str  # "2026-W43" for a week, "2026-10-26" for a day
    start: datetime
    end: datetime

    @property
    def week_number(self) -> int:
        return self.start.isocalendar()[1]


def _midnight(day: date, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def period_due(*, workspace: Workspace, kind: str, now: datetime) -> Period | None:
    """The period whose digest is due at `now`, None before today's 08:00.

    A week's digest is due from 08:00 on the Monday after it until the
    next Monday's; a day's from 08:00 the day after. Local times, so the
    hour stays 08:00 across daylight saving changes. A period whose whole
    sending window passed unsent (the worker was down) is not sent late.
    """
    zone = zoneinfo.ZoneInfo(workspace.timezone)
    today = now.astimezone(zone).date()
    first_day = today - timedelta(
        days=today.weekday() if kind == DigestKind.WEEKLY else 0
    )
    if now < datetime.combine(first_day, SEND_AT, tzinfo=zone):
        return None
    length = timedelta(weeks=1) if kind == DigestKind.WEEKLY else timedelta(days=1)
    start_day = first_day - length
    if kind == DigestKind.WEEKLY:
        year, week, _day = start_day.isocalendar()
        label = f"{year}-W{week:02d}"
    else:
        label = start_day.isoformat()
    return Period(kind, label, _midnight(start_day, zone), _midnight(first_day, zone))


def digests_due(*, now: datetime | None = None) -> list[tuple[Workspace, Period]]:
    """Each workspace and period whose digest is due and not yet sent."""
    now = now or timezone.now()
    due = []
    for workspace in Workspace.objects.order_by("pk"):
        for kind in DigestKind.values:
            period = period_due(workspace=workspace, kind=kind, now=now)
            if period is not None:
                due.append((workspace, period))
    finished = set(
        DigestRun.objects.filter(
            period__in={period.label for _workspace, period in due}
        ).values_list("workspace_id", "kind", "period")
    )
    return [
        (workspace, period)
        for workspace, period in due
        if (workspace.pk, period.kind, period.label) not in finished
    ]


# Who -------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    user: User
    language: str
    # Touchpoint keys whose figures they get; None: the whole shop; empty:
    # none (only what rules queued for them).
    touchpoints: tuple[str, ...] | None

    @property
    def is_manager(self) -> bool:
        return self.touchpoints is None


def digest_recipients(*, workspace: Workspace, kind: str) -> list[Recipient]:
    """The members who may get this kind of digest, each with their scope."""
    opted_out = set(
        DigestOptOut.objects.of(workspace)
        .filter(kind=kind)
        .values_list("user_id", flat=True)
    )
    owned: dict[int, list[str]] = {}
    for touchpoint in journey_selectors.touchpoint_list(workspace=workspace):
        if touchpoint.owner_id is not None:
            owned.setdefault(touchpoint.owner_id, []).append(touchpoint.key)
    recipients = []
    for membership in account_selectors.membership_list(workspace=workspace):
        user = membership.user
        if not user.is_active or not user.email or user.pk in opted_out:
            continue
        scope = None if membership.role in MANAGERS else tuple(owned.get(user.pk, ()))
        recipients.append(Recipient(user, user.language_in(workspace), scope))
    return recipients


def _items_by_recipient(
    workspace: Workspace, kind: str, recipients: list[Recipient]
) -> dict[int, list[DigestItem]]:
    """The rules' due items each recipient gets.

    An item queued for a touchpoint without an owner goes to its owner now,
    else to the managers; one for a member goes to them alone.
    """
    owners = {
        touchpoint.key: touchpoint.owner_id
        for touchpoint in journey_selectors.touchpoint_list(workspace=workspace)
    }
    by_user: dict[int, list[DigestItem]] = {r.user.pk: [] for r in recipients}
    managers = [r.user.pk for r in recipients if r.is_manager]
    items = rule_selectors.digest_items_due(workspace=workspace, digest=kind)
    for item in items.select_related("rule", "response__survey"):
        if item.recipient_id is not None:
            targets = [item.recipient_id]
        else:
            owner = owners.get(item.touchpoint)
            targets = [owner] if owner is not None else managers
        for target in targets:
            if target in by_user:
                by_user[target].append(item)
    return by_user


# What ------------------------------------------------------------------------


def _context(
    workspace: Workspace,
    period: Period,
    recipient: Recipient,
    content: digest_content.Content | None,
    signals: list[digest_content.Signal],
    signals_total: int,
) -> dict[str, Any]:
    token = unsubscribe_token(
        workspace=workspace, user=recipient.user, kind=period.kind
    )
    base = digest_content.absolute
    return {
        "workspace": workspace,
        "period": period,
        "last_day": (period.end - timedelta(days=1)).date(),
        "recipient": recipient,
        "user": recipient.user,
        "content": content,
        "signals": signals,
        "signals_total": signals_total,
        "signals_more": signals_total - len(signals),
        "scope_names": _scope_names(workspace, recipient),
        "dashboard_link": base(reverse("web:overview"), workspace),
        "profile_link": base(reverse("web:profile"), workspace),
        "unsubscribe_link": unsubscribe_link(token),
    }


def _scope_names(workspace: Workspace, recipient: Recipient) -> list[str]:
    if recipient.touchpoints is None:
        return []
    names = journey_selectors.touchpoint_names(workspace=workspace)
    return [names.get(key, key) for key in recipient.touchpoints]


def unsubscribe_link(token: str) -> str:
    path = reverse("digest_unsubscribe", args=[token])
    return f"{str(settings.CXLOOP_BASE_URL).rstrip('/')}{path}"


class _Planner:
    """Builds each recipient's e-mail, sharing the work between scopes."""

    def __init__(self, workspace: Workspace, period: Period) -> None:
        self.workspace = workspace
        self.period = period
        self.contents: dict[tuple[Any, ...], digest_content.Content] = {}

    def content(self, recipient: Recipient) -> digest_content.Content | None:
        if self.period.kind != DigestKind.WEEKLY or recipient.touchpoints == ():
            return None
        key = (recipient.touchpoints, translation.get_language())
        if key not in self.contents:
            self.contents[key] = digest_content.digest_content(
                workspace=self.workspace,
                scope=digest_content.scope_of(
                    workspace=self.workspace, keys=recipient.touchpoints
                ),
                start=self.period.start,
                end=self.period.end,
            )
        return self.contents[key]

    def render(
        self, recipient: Recipient, items: list[DigestItem]
    ) -> tuple[str, str, str] | None:
        """Subject, text and HTML; None when there is nothing to tell."""
        workspace = self.workspace
        with (
            translation.override(recipient.language),
            timezone.override(zoneinfo.ZoneInfo(workspace.timezone)),
        ):
            content = self.content(recipient)
            if not items and (content is None or not content.has_news):
                return None
            names = journey_selectors.touchpoint_names(workspace=workspace)
            signals = digest_content.signals_of(
                workspace=workspace, items=items, names=names
            )
            context = _context(
                workspace, self.period, recipient, content, signals, len(items)
            )
            return delivery.email_render(
                TEMPLATES[DigestKind(self.period.kind)],
                context,
                language=recipient.language,
            )


# Sending ---------------------------------------------------------------------


def _already_sent(workspace: Workspace, period: Period) -> set[int]:
    return set(
        DigestSend.objects.of(workspace)
        .filter(kind=period.kind, period=period.label)
        .values_list("user_id", flat=True)
    )


def _send_one(
    workspace: Workspace,
    period: Period,
    recipient: Recipient,
    rendered: tuple[str, str, str],
    items: Iterable[DigestItem],
    now: datetime,
) -> bool:
    """Record, enqueue and mark in one transaction; False if sent before."""
    subject, text, html = rendered
    link = unsubscribe_link(
        unsubscribe_token(workspace=workspace, user=recipient.user, kind=period.kind)
    )
    try:
        with transaction.atomic():
            send = DigestSend.objects.create(
                workspace=workspace,
                user=recipient.user,
                kind=period.kind,
                period=period.label,
                sent_at=now,
            )
            send.message = delivery.email_enqueue(
                workspace=workspace,
                to=[recipient.user.email],
                subject=subject,
                text=text,
                html=html,
                kind=f"digest.{period.kind}",
                # RFC 8058: mail programs offer their own one-click button.
                headers={
                    "List-Unsubscribe": f"<{link}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
                now=now,
            )
            send.save(update_fields=["message"])
            rule_services.digest_items_mark_sent(
                workspace=workspace, item_ids=[item.pk for item in items], now=now
            )
    except IntegrityError:
        return False  # another worker or an earlier try sent this one
    return True


def digest_send(
    *, workspace: Workspace, kind: str, label: str, now: datetime | None = None
) -> int:
    """Send the digest of the period `label` to everyone it is for; how many.

    Safe to run twice or at once in two workers: each member gets it once.
    Refuses a period that is not the one due at `now`, so a late retry of
    last week's task does not send last week's digest this week. One
    member's failure is logged and does not stop the others'; the period
    then stays unfinished, so the next sweep tries that member again.
    """
    now = now or timezone.now()
    period = period_due(workspace=workspace, kind=kind, now=now)
    if period is None or period.label != label:
        return 0
    recipients = digest_recipients(workspace=workspace, kind=kind)
    items = _items_by_recipient(workspace, kind, recipients)
    sent_before = _already_sent(workspace, period)
    planner = _Planner(workspace, period)
    sent = failed = 0
    for recipient in recipients:
        if recipient.user.pk in sent_before:
            continue
        own_items = items.get(recipient.user.pk, [])
        try:
            rendered = planner.render(recipient, own_items)
            if rendered is not None:
                sent += _send_one(
                    workspace, period, recipient, rendered, own_items, now
                )
        except Exception:  # one member's digest must not stop the others'
            failed += 1
            logger.exception(
                "Digest %s of workspace %s for user %s failed",
                period.label,
                workspace.pk,
                recipient.user.pk,
            )
    if failed:
        return sent
    DigestRun.objects.get_or_create(
        workspace=workspace,
        kind=kind,
        period=period.label,
        defaults={"finished_at": now, "sent": sent},
    )
    return sent


def digests_send_due(*, now: datetime | None = None) -> int:
    """Periodic: hand each workspace whose digest is due to a task."""
    from cxloop.insights import tasks

    due = digests_due(now=now)
    for workspace, period in due:
        tasks.digest_send.enqueue(
            workspace_id=workspace.pk, kind=period.kind, label=period.label
        )
    return len(due)


# Subscriptions ---------------------------------------------------------------


@dataclass(frozen=True)
class Unsubscribe:
    """What a signed unsubscribe link names."""

    workspace: Workspace
    user: User
    kind: str


def unsubscribe_token(*, workspace: Workspace, user: User, kind: str) -> str:
    """A link token that needs no login and never expires; only the server's
    secret key can make one, so it cannot be altered to name someone else."""
    signer = signing.Signer(salt=UNSUBSCRIBE_SALT)
    return signer.sign_object({"w": workspace.pk, "u": user.pk, "k": kind})


def unsubscribe_read(*, token: str) -> Unsubscribe:
    """The workspace, member and digest a token names; InvalidInput if the
    token was altered, or names someone or something that is gone."""
    refused = InvalidInput(_("This unsubscribe link is not valid."), field="token")
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError) as error:
        raise refused from error
    if (
        not isinstance(data, dict)
        or data.get("k") not in DigestKind.values
        or not isinstance(data.get("w"), int)
        or not isinstance(data.get("u"), int)
    ):
        raise refused
    workspace = Workspace.objects.filter(pk=data["w"]).first()
    user = User.objects.filter(pk=data["u"]).first()
    if workspace is None or user is None:
        raise refused
    return Unsubscribe(workspace, user, str(data["k"]))


@transaction.atomic
def digest_subscription_set(
    *, workspace: Workspace, user: User, kind: str, subscribed: bool
) -> None:
    """Start or stop one kind of digest for one member; idempotent."""
    if kind not in DigestKind.values:
        raise InvalidInput(_("Unknown digest."), field="kind")
    opt_outs = DigestOptOut.objects.of(workspace).filter(user=user, kind=kind)
    if subscribed:
        opt_outs.delete()
    elif not opt_outs.exists():
        try:
            with transaction.atomic():
                DigestOptOut.objects.create(workspace=workspace, user=user, kind=kind)
        except IntegrityError:
            pass  # two clicks at once: the other one recorded it


@dataclass(frozen=True)
class Subscription:
    workspace: Workspace
    kind: str
    label: str
    subscribed: bool


def digest_subscriptions(*, user: User) -> list[Subscription]:
    """Each digest of each of the user's workspaces, and whether they get it."""
    opted_out = set(
        DigestOptOut.objects.filter(user=user).values_list("workspace_id", "kind")
    )
    return [
        Subscription(workspace, kind, str(label), (workspace.pk, kind) not in opted_out)
        for workspace in account_selectors.workspace_list_for_user(user=user)
        for kind, label in DigestKind.choices
    ]
