"""E-mail invitations: scheduled from journey events, sent through the governor.

Two periodic worker jobs, so nothing depends on a request staying alive:

1. `invitations_schedule` follows each workspace's event stream from a stored
   cursor and schedules one invitation per trigger event (and survey) that
   names a customer's e-mail, due `email_delay_minutes` after the event;
2. `invitations_send_due` claims due invitations one by one, asks the
   governor (the same policy as the widget: quiet period, caps, recontact,
   sample rate, opt-out; quiet hours postpone instead of skipping), sends
   the e-mail through Django's e-mail backend and records the contact.

A worker that dies after claiming leaves the invitation `sending`; it is
released after `STALE_CLAIM` and sent again, so a crash may at worst send
one e-mail twice but never loses one.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from cxloop.accounts.models import Workspace
from cxloop.customers import selectors as customer_selectors
from cxloop.customers.models import Customer
from cxloop.journeys import selectors as journey_selectors
from cxloop.journeys.models import Event
from cxloop.surveys import emails, governor, offers, steps
from cxloop.surveys.models import Invitation, InvitationCursor, Survey

logger = logging.getLogger(__name__)

SETTLE = timedelta(seconds=5)
SCAN_BATCH = 2000
SEND_BATCH = 200
STALE_CLAIM = timedelta(minutes=15)
MAX_ATTEMPTS = 5
VALID_FOR = timedelta(days=30)
TOO_LATE = timedelta(days=7)
# Properties of the trigger event a response may carry (what was delivered…).
CONTEXT_PROPERTIES = 20


@dataclass(frozen=True)
class SendReport:
    sent: int = 0
    skipped: int = 0
    postponed: int = 0
    failed: int = 0


def _email_surveys(workspace: Workspace) -> list[Survey]:
    return list(
        Survey.objects.of(workspace)
        .filter(status=Survey.Status.ACTIVE, email_invitations=True)
        .exclude(trigger_event="")
    )


def _email_of(event: Event) -> str:
    address = str(event.customer_ref.get("email", "")).strip()
    try:
        validate_email(address)
    except ValidationError:
        return ""
    return address


def _locale_of(event: Event) -> str:
    for name in ("locale", "language"):
        value = str(event.properties.get(name, "")).strip().lower()[:2]
        if value:
            return value
    return ""


def _skip_reason(address: str, send_after: datetime, received_at: datetime) -> str:
    if not address:
        return "no_email"
    if send_after < received_at - TOO_LATE:
        # Imported history: asking about a delivery of weeks ago would only
        # puzzle the customer.
        return "too_late"
    return ""


def _invitation_for(survey: Survey, event: Event) -> Invitation:
    address = _email_of(event)
    send_after = event.occurred_at + timedelta(minutes=survey.email_delay_minutes)
    skip = _skip_reason(address, send_after, event.received_at)
    context: dict[str, Any] = {"event": event.type}
    context.update(list(event.properties.items())[:CONTEXT_PROPERTIES])
    return Invitation(
        workspace=survey.workspace,
        survey=survey,
        customer_ref=dict(event.customer_ref),
        locale=_locale_of(event) if _locale_of(event) in steps.LANGUAGES else "",
        context=context,
        email=address,
        source_event_id=event.event_id,
        status=Invitation.Status.SKIPPED if skip else Invitation.Status.SCHEDULED,
        skip_reason=skip,
        send_after=send_after,
        expires_at=send_after + VALID_FOR,
    )


@transaction.atomic
def invitations_schedule(*, workspace: Workspace, now: datetime | None = None) -> int:
    """Schedule invitations for the trigger events since the last scan."""
    now = now or timezone.now()
    cursor, _ = InvitationCursor.objects.select_for_update().get_or_create(
        workspace=workspace
    )
    surveys = _email_surveys(workspace)
    by_trigger: dict[str, list[Survey]] = {}
    for survey in surveys:
        by_trigger.setdefault(survey.trigger_event, []).append(survey)
    events, next_cursor = journey_selectors.event_scan(
        workspace=workspace,
        after_id=cursor.last_event_id,
        types=by_trigger,
        received_before=now - SETTLE,
        limit=SCAN_BATCH,
    )
    invitations = [
        _invitation_for(survey, event)
        for event in events
        for survey in by_trigger.get(event.type, [])
    ]
    # A rescan after a crash meets the same (survey, event) pairs: ignored.
    Invitation.objects.bulk_create(invitations, ignore_conflicts=True)
    cursor.last_event_id = next_cursor
    cursor.save(update_fields=["last_event_id"])
    return len(invitations)


def _refuses_surveys(customer: Customer | None) -> bool:
    """Said no to surveys, or to being contacted at all (None: never said)."""
    return customer is not None and (
        customer.consent_surveys is False
        or customer.preferred_channel == Customer.Channel.NONE
        or not customer.is_active
    )


@transaction.atomic
def invitation_schedule_for_customer(
    *,
    survey: Survey,
    customer: Customer,
    source_key: str,
    context: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Invitation:
    """An e-mail invitation for a known customer, due after the survey's delay.

    Once per (survey, `source_key`): a second call returns the first
    invitation (e.g. `case:42` for the follow-up of case 42). It is sent by
    `invitations_send_due` through the governor like any other; a customer
    who refused surveys or has no e-mail gets a skipped invitation, kept so
    the reason shows.
    """
    now = now or timezone.now()
    existing: Invitation | None = (
        Invitation.objects.of(survey.workspace)
        .filter(survey=survey, source_event_id=source_key)
        .first()
    )
    if existing is not None:
        return existing
    address = customer_selectors.customer_email(customer=customer)
    skip = (
        "no_consent" if _refuses_surveys(customer) else ("" if address else "no_email")
    )
    locale = (customer.locale or "").split("-")[0].lower()
    send_after = now + timedelta(minutes=survey.email_delay_minutes)
    invitation = Invitation(
        workspace=survey.workspace,
        survey=survey,
        customer_ref={"email": address} if address else {},
        locale=locale if locale in steps.LANGUAGES else "",
        context=dict(context or {}),
        email=address,
        source_event_id=source_key,
        status=Invitation.Status.SKIPPED if skip else Invitation.Status.SCHEDULED,
        skip_reason=skip,
        send_after=send_after,
        expires_at=send_after + VALID_FOR,
        created_at=now,
    )
    invitation.save()
    return invitation


def invitations_schedule_all(*, now: datetime | None = None) -> int:
    workspaces = Workspace.objects.filter(
        pk__in=Survey.objects.filter(
            status=Survey.Status.ACTIVE, email_invitations=True
        ).values("workspace")
    )
    return sum(
        invitations_schedule(workspace=workspace, now=now) for workspace in workspaces
    )


def _release_stale_claims(now: datetime) -> None:
    Invitation.objects.filter(
        status=Invitation.Status.SENDING, send_after__lt=now - STALE_CLAIM
    ).update(status=Invitation.Status.SCHEDULED)


def _claim(invitation: Invitation, now: datetime) -> bool:
    """Take the invitation for this worker; False when another one has it."""
    return bool(
        Invitation.objects.filter(
            pk=invitation.pk, status=Invitation.Status.SCHEDULED
        ).update(
            status=Invitation.Status.SENDING,
            # Marks the claim's time, so a stale claim can be released.
            send_after=now,
        )
    )


def invitations_send_due(*, now: datetime | None = None) -> SendReport:
    now = now or timezone.now()
    _release_stale_claims(now)
    due = list(
        Invitation.objects.filter(
            status=Invitation.Status.SCHEDULED, send_after__lte=now
        )
        .select_related("survey", "survey__workspace")
        .order_by("send_after", "pk")[:SEND_BATCH]
    )
    outcomes = [
        _send_one(invitation, now) for invitation in due if _claim(invitation, now)
    ]
    return SendReport(
        sent=outcomes.count("sent"),
        skipped=outcomes.count("skipped"),
        postponed=outcomes.count("postponed"),
        failed=outcomes.count("failed"),
    )


def _finish(invitation: Invitation, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(invitation, name, value)
    invitation.save(update_fields=list(fields))


def _send_one(invitation: Invitation, now: datetime) -> str:
    survey = invitation.survey
    if survey.status != Survey.Status.ACTIVE or not survey.email_invitations:
        _finish(
            invitation, status=Invitation.Status.SKIPPED, skip_reason="survey_inactive"
        )
        return "skipped"
    if _refuses_surveys(_customer_of(invitation)):
        # Consent may have been withdrawn since the invitation was scheduled.
        _finish(invitation, status=Invitation.Status.SKIPPED, skip_reason="no_consent")
        return "skipped"
    person = offers.Person(customer_ref=dict(invitation.customer_ref))
    decision = offers.decide(
        workspace=survey.workspace, person=person, surveys=[survey], now=now
    )
    reason = decision.reasons.get(survey.key)
    if reason == "quiet_hours":
        wake = governor.quiet_hours_end(offers.policy_of(survey.workspace), now)
        _finish(invitation, status=Invitation.Status.SCHEDULED, send_after=wake)
        return "postponed"
    if decision.survey_key != survey.key:
        _finish(invitation, status=Invitation.Status.SKIPPED, skip_reason=reason or "")
        return "skipped"
    try:
        emails.invitation_send(invitation)
    except Exception as error:  # any SMTP or backend failure is retried later
        return _failed(invitation, now, error)
    with transaction.atomic():
        offers.contact_record(survey=survey, person=person, channel="email", at=now)
        _finish(invitation, status=Invitation.Status.SENT, sent_at=now, last_error="")
    return "sent"


def _customer_of(invitation: Invitation) -> Customer | None:
    if not invitation.email:
        return None
    return customer_selectors.customer_find(
        workspace=invitation.survey.workspace, kind="email", raw=invitation.email
    )


def _failed(invitation: Invitation, now: datetime, error: Exception) -> str:
    logger.warning("invitation %s: sending failed: %s", invitation.pk, error)
    attempts = invitation.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        _finish(
            invitation,
            status=Invitation.Status.FAILED,
            attempts=attempts,
            last_error=str(error),
        )
        return "failed"
    _finish(
        invitation,
        status=Invitation.Status.SCHEDULED,
        attempts=attempts,
        send_after=now + timedelta(minutes=5 * 2**attempts),
        last_error=str(error),
    )
    return "postponed"
