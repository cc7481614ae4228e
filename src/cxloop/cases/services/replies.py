"""Closing the loop with the customer: prepared answers and replies by e-mail."""

import re
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import User, Workspace
from cxloop.cases import hooks
from cxloop.cases.models import Case, CaseEntry, ReplyTemplate
from cxloop.customers import selectors as customer_selectors
from cxloop.delivery import services as delivery
from cxloop.errors import Conflict, InvalidInput

PLACEHOLDER = re.compile(r"\{(\w+)\}")
MAX_BODY = 20_000


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


@dataclass(frozen=True)
class Reply:
    """A reply ready to send: to whom, in which language, with what text."""

    to: str
    language: str
    subject: str
    body: str


def _placeholders(case: Case, author: User | None) -> dict[str, str]:
    customer = case.customer
    orders = (
        customer_selectors.order_list(customer=customer, limit=1) if customer else []
    )
    first = customer.first_name if customer else ""
    last = customer.last_name if customer else ""
    return {
        "first_name": first,
        "last_name": last,
        "name": " ".join(part for part in (first, last) if part),
        # The number the customer saw ("#1041"), not the shop's internal id.
        "order_number": (orders[0].number or orders[0].external_id) if orders else "",
        "case_number": str(case.number),
        "agent_name": (author.get_full_name() or author.email) if author else "",
        "shop_name": case.workspace.name,
    }


def reply_fill(text: str, values: dict[str, str]) -> str:
    """Fill the known placeholders; an unknown one stays as written."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def reply_language(case: Case) -> str:
    """The customer's language if cxloop speaks it, else the workspace's."""
    for candidate in (case.language, case.customer.locale if case.customer else ""):
        code = (candidate or "").split("-")[0].lower()
        if code in _language_codes():
            return code
    return case.workspace.default_locale


def reply_render(*, case: Case, author: User | None, subject: str, body: str) -> Reply:
    """The reply as the customer will read it, placeholders filled in."""
    values = _placeholders(case, author)
    to = (
        customer_selectors.customer_email(customer=case.customer)
        if case.customer
        else ""
    )
    return Reply(
        to=to,
        language=reply_language(case),
        subject=reply_fill(subject, values).strip(),
        body=reply_fill(body, values).strip(),
    )


@transaction.atomic
def case_reply_send(
    *,
    case: Case,
    author: User | None,
    subject: str,
    body: str,
    now: datetime | None = None,
) -> CaseEntry:
    """E-mail the customer through the outbox and note it on the timeline.

    The first reply stops the first-response clock; a new case becomes
    open. The e-mail is escaped HTML plus plain text, sent with the
    outbox's retries.
    """
    now = now or timezone.now()
    if not body.strip() or len(body) > MAX_BODY or "\x00" in body:
        raise InvalidInput(
            _("Write the reply (up to 20,000 characters)."), field="body"
        )
    if not subject.strip() or len(subject) > 200:
        raise InvalidInput(_("Give the reply a subject."), field="subject")
    reply = reply_render(case=case, author=author, subject=subject, body=body)
    if not reply.to:
        raise Conflict(
            _("The customer has no e-mail address to reply to."), field="customer"
        )
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("workspace", "customer")
        .get(pk=case.pk)
    )
    _html_and_send(case, reply)
    entry = CaseEntry.objects.create(
        workspace_id=case.workspace_id,
        case=case,
        kind=CaseEntry.Kind.REPLY,
        author=author,
        body=reply.body,
        data={"to": reply.to, "subject": reply.subject, "language": reply.language},
        created_at=now,
    )
    changes: dict[str, tuple[object, object]] = {}
    if case.first_response_at is None:
        case.first_response_at = now
        changes["first_response_at"] = (None, now.isoformat())
    if case.status == Case.Status.NEW:
        changes["status"] = (case.status, Case.Status.OPEN)
        case.status = Case.Status.OPEN
    case.updated_at = now
    case.save(update_fields=["first_response_at", "status", "updated_at"])
    if changes:
        hooks.case_changed(
            case, changes=changes, actor_id=author.pk if author else None
        )
    return entry


def _html_and_send(case: Case, reply: Reply) -> None:
    subject, text, html = delivery.email_render(
        "cases/email/reply",
        {"case": case, "subject": reply.subject, "body": reply.body},
        language=reply.language,
    )
    delivery.email_enqueue(
        workspace=case.workspace,
        to=[reply.to],
        subject=subject,
        text=text,
        html=html,
        kind="case.reply",
    )


# Prepared answers -----------------------------------------------------------


@transaction.atomic
def reply_template_save(
    *,
    workspace: Workspace,
    name: str,
    language: str,
    subject: str,
    body: str,
    situation: str = "",
    template: ReplyTemplate | None = None,
) -> ReplyTemplate:
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput(
            _("Give the answer a name of up to 100 characters."), field="name"
        )
    if language not in _language_codes():
        raise InvalidInput(_("Unknown language."), field="language")
    if not subject.strip() or len(subject) > 200:
        raise InvalidInput(_("Give the answer a subject."), field="subject")
    if not body.strip() or len(body) > MAX_BODY or "\x00" in body:
        raise InvalidInput(
            _("Write the answer (up to 20,000 characters)."), field="body"
        )
    clash = ReplyTemplate.objects.of(workspace).filter(name=name, language=language)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise Conflict(
            _("An answer with this name exists in this language."), field="name"
        )
    template = template or ReplyTemplate(workspace=workspace)
    template.name = name
    template.language = language
    template.subject = subject.strip()
    template.body = body.strip()
    template.situation = situation.strip()[:100]
    template.save()
    return template


def reply_template_delete(*, template: ReplyTemplate) -> None:
    template.delete()
