"""The actions rules have from the start: notify, chat, webhook, tag, digest.

Opening a case is in `case_actions`; offers and points come with loyalty.
Every performer writes only through other apps' services and the outbox, so
what it does commits or rolls back with the firing row.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cxloop.accounts import selectors as accounts
from cxloop.accounts.models import User, Workspace
from cxloop.delivery import hooks as delivery_hooks
from cxloop.delivery import services as delivery
from cxloop.errors import DomainError
from cxloop.journeys import selectors as journey_selectors
from cxloop.rules.actions import ActionCheck, ActionRun, action_register
from cxloop.rules.models import DigestItem, ObjectKind
from cxloop.surveys import services as survey_services

RULE_MATCHED = "rule.matched"
DIGESTS = ("daily", "weekly")
MAX_RECIPIENTS = 50
MAX_TAGS = 10


# Recipients ------------------------------------------------------------------


def _member_ids(workspace: Workspace) -> set[int]:
    return set(
        accounts.membership_list(workspace=workspace).values_list("user_id", flat=True)
    )


def _check_users(params: dict[str, Any], check: ActionCheck) -> list[int]:
    users = params.get("users", [])
    if not isinstance(users, list) or len(users) > MAX_RECIPIENTS:
        raise check.refuse("users", _("give a list of members."))
    if not all(isinstance(user, int) and not isinstance(user, bool) for user in users):
        raise check.refuse("users", _("give members by their user id."))
    if set(users) - _member_ids(check.workspace):
        raise check.refuse("users", _("someone there is not a member."))
    return list(dict.fromkeys(users))


def _check_team(params: dict[str, Any], check: ActionCheck) -> str:
    team = params.get("team", "")
    if not isinstance(team, str) or len(team) > 100:
        raise check.refuse("team", _("give the team's name."))
    return team.strip()


def _touchpoint_owner(workspace: Workspace, key: str) -> User | None:
    if not key:
        return None
    try:
        touchpoint = journey_selectors.touchpoint_get(workspace=workspace, key=key)
    except DomainError:
        return None
    return touchpoint.owner


def _team_members(workspace: Workspace, team: str) -> list[User]:
    """The owners of the team's touchpoints: who the map says the team is."""
    return [
        touchpoint.owner
        for touchpoint in journey_selectors.touchpoint_list(workspace=workspace)
        if touchpoint.owner is not None
        and touchpoint.team.casefold() == team.casefold()
    ]


def _recipients(params: dict[str, Any], run: ActionRun) -> list[User]:
    """Members named, the team's and the touchpoint's owner; still members."""
    workspace = run.workspace
    memberships = accounts.membership_list(workspace=workspace)
    members = {membership.user_id: membership.user for membership in memberships}
    found: list[User] = [members[pk] for pk in params.get("users", []) if pk in members]
    if params.get("team"):
        found += _team_members(workspace, params["team"])
    if params.get("touchpoint_owner"):
        owner = _touchpoint_owner(workspace, run.subject.touchpoint)
        if owner is not None:
            found.append(owner)
    unique = {user.pk: user for user in found if user.pk in members and user.is_active}
    return list(unique.values())


# Notify by e-mail -------------------------------------------------------------


def _validate_email(params: dict[str, Any], check: ActionCheck) -> dict[str, Any]:
    cleaned = {
        "users": _check_users(params, check),
        "team": _check_team(params, check),
        "touchpoint_owner": bool(params.get("touchpoint_owner", False)),
    }
    if not (cleaned["users"] or cleaned["team"] or cleaned["touchpoint_owner"]):
        raise check.refuse(
            "users", _("name members, a team or the touchpoint's owner.")
        )
    return cleaned


def _link(run: ActionRun) -> str:
    base = str(settings.CXLOOP_BASE_URL).rstrip("/")
    if run.subject.customer_id is not None:
        return f"{base}/app/customers/{run.subject.customer_id}/"
    return f"{base}/app/settings/rules/{run.rule.pk}/"


def _perform_email(params: dict[str, Any], run: ActionRun) -> dict[str, Any]:
    by_language: dict[str, list[str]] = {}
    for user in _recipients(params, run):
        by_language.setdefault(user.language_in(run.workspace), []).append(user.email)
    context = {
        "rule": run.rule,
        "facts": run.subject.describe(),
        "workspace": run.workspace,
        "link": _link(run),
    }
    sent: list[str] = []
    for language, addresses in sorted(by_language.items()):
        subject, text, html = delivery.email_render(
            "rules/email/rule_matched", context, language=language
        )
        delivery.email_enqueue(
            workspace=run.workspace,
            to=addresses,
            subject=subject,
            text=text,
            html=html,
            kind="notification.rule",
            now=run.now,
        )
        sent += addresses
    return {"emailed": len(sent)}


# Post to chat -----------------------------------------------------------------


def _validate_chat(params: dict[str, Any], check: ActionCheck) -> dict[str, Any]:
    url = params.get("url")
    if not isinstance(url, str) or not url.strip() or len(url) > 2000:
        raise check.refuse("url", _("give the chat's incoming-webhook URL."))
    try:
        delivery.url_check(url.strip(), field=f"actions.{check.index}.url")
    except delivery.UnsafeUrl as error:
        raise check.refuse("url", error.message) from error
    return {"url": url.strip()}


def _chat_escape(text: str) -> str:
    """Slack's three control characters; the rest of the text stays as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chat_text(run: ActionRun) -> str:
    facts = run.subject.describe()
    scores = ", ".join(
        f"{name.upper()} {facts[name]}"
        for name in ("nps", "csat", "ces")
        if facts.get(name) is not None
    )
    parts = [
        _("Rule “%(rule)s” matched") % {"rule": run.rule.name},
        facts.get("touchpoint") or "",
        scores,
        f"“{facts['comment']}”" if facts.get("comment") else "",
        facts.get("type") or "",
    ]
    return _chat_escape(" · ".join(part for part in parts if part))


def _perform_chat(params: dict[str, Any], run: ActionRun) -> dict[str, Any]:
    message = delivery.chat_enqueue(
        workspace=run.workspace,
        url=params["url"],
        text=chat_text(run),
        kind="notification.rule",
        now=run.now,
    )
    return {"message": message.webhook_id}


# Signed webhook ---------------------------------------------------------------


def _validate_webhook(params: dict[str, Any], check: ActionCheck) -> dict[str, Any]:
    return {}


def _perform_webhook(params: dict[str, Any], run: ActionRun) -> dict[str, Any]:
    subject = run.subject
    payload: dict[str, Any] = {
        "rule_id": run.rule.pk,
        "rule": run.rule.name[:200],
        "object": subject.kind,
        "id": subject.object_id,
    }
    if subject.response is not None:
        payload["response_id"] = subject.response.response_id
    if subject.event is not None:
        payload["event_id"] = subject.event.event_id
    message = delivery.message_enqueue(
        workspace=run.workspace, event_type=RULE_MATCHED, payload=payload, now=run.now
    )
    return {"message": message.webhook_id if message else None}


# Tag the response -------------------------------------------------------------


def _validate_tags(params: dict[str, Any], check: ActionCheck) -> dict[str, Any]:
    tags = params.get("tags")
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list) or not 0 < len(tags) <= MAX_TAGS:
        raise check.refuse("tags", _("give one to ten tags."))
    cleaned = [" ".join(str(tag).split()) for tag in tags]
    if not all(0 < len(tag) <= 50 for tag in cleaned):
        raise check.refuse("tags", _("a tag has 1–50 characters."))
    return {"tags": list(dict.fromkeys(cleaned))}


def _perform_tags(params: dict[str, Any], run: ActionRun) -> dict[str, Any]:
    response = run.subject.response
    if response is None:
        return {"skipped": "not a response"}
    added = survey_services.response_tags_add(response=response, tags=params["tags"])
    return {"added": added}


# Add to a digest --------------------------------------------------------------


def _validate_digest(params: dict[str, Any], check: ActionCheck) -> dict[str, Any]:
    digest = params.get("digest", "daily")
    if digest not in DIGESTS:
        raise check.refuse(
            "digest", _("choose one of: %(choices)s.") % {"choices": ", ".join(DIGESTS)}
        )
    users = _check_users(params, check)
    owner = bool(params.get("touchpoint_owner", not users))
    if not users and not owner:
        raise check.refuse("users", _("name members or the touchpoint's owner."))
    return {"digest": digest, "users": users, "touchpoint_owner": owner}


def _perform_digest(params: dict[str, Any], run: ActionRun) -> dict[str, Any]:
    subject = run.subject
    common = {
        "workspace": run.workspace,
        "digest": params["digest"],
        "rule": run.rule,
        "response": subject.response,
        "event": subject.event,
        "created_at": run.now,
    }
    members = _member_ids(run.workspace)
    items = [
        DigestItem(recipient_id=pk, **common)
        for pk in params.get("users", [])
        if pk in members
    ]
    if params.get("touchpoint_owner") and subject.touchpoint:
        owner = _touchpoint_owner(run.workspace, subject.touchpoint)
        # No owner yet: queued for the touchpoint, whoever owns it when sent.
        items.append(
            DigestItem(
                recipient=owner,
                touchpoint="" if owner else subject.touchpoint,
                **common,
            )
        )
    DigestItem.objects.bulk_create(items)
    return {"queued": len(items)}


def _kinds(*kinds: str) -> frozenset[str]:
    return frozenset(kinds)


def register_builtin() -> None:
    action_register(
        "notify_email",
        _validate_email,
        _perform_email,
        _l("Notify by e-mail"),
    )
    action_register("post_chat", _validate_chat, _perform_chat, _l("Post to chat"))
    action_register(
        "webhook", _validate_webhook, _perform_webhook, _l("Send a signed webhook")
    )
    action_register(
        "tag_response",
        _validate_tags,
        _perform_tags,
        _l("Tag the response"),
        kinds=_kinds(ObjectKind.RESPONSE),
    )
    action_register(
        "digest",
        _validate_digest,
        _perform_digest,
        _l("Add to a digest"),
        kinds=_kinds(ObjectKind.RESPONSE, ObjectKind.EVENT),
    )
    delivery_hooks.event_type_register(
        RULE_MATCHED, _l("A rule matched a response, an event or a case.")
    )
