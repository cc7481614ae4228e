"""Writes of responses, from every channel."""

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import orjson
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.customers import hooks as customer_hooks
from cxloop.customers import services as customer_services
from cxloop.delivery import services as delivery
from cxloop.errors import Conflict, InvalidInput, NotFound
from cxloop.surveys import answers as answer_rules
from cxloop.surveys import hooks, offers, selectors
from cxloop.surveys.models import Contact, Invitation, Question, Response, Survey
from cxloop.surveys.services.surveys import survey_ensure_feedback
from cxloop.surveys.templates import FEEDBACK_KEY


@dataclass(frozen=True)
class ResponseInput:
    survey_key: str
    answers: dict[str, Any]
    channel: str
    response_id: str = ""
    touchpoint: str = ""
    locale: str = ""
    customer_ref: dict[str, str] = field(default_factory=dict)
    anonymous_id: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    submitted_at: datetime | None = None
    complete: bool = True


@dataclass(frozen=True)
class SubmitResult:
    response: Response
    created: bool


def response_digest(data: ResponseInput) -> str:
    body = {
        "survey": data.survey_key,
        "answers": data.answers,
        "channel": data.channel,
        "touchpoint": data.touchpoint,
        "locale": data.locale,
        "customer": data.customer_ref,
        "anonymous_id": data.anonymous_id,
        "submitted_at": data.submitted_at.isoformat() if data.submitted_at else None,
    }
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()


def _survey_for(workspace: Workspace, key: str) -> tuple[Survey, list[Question]]:
    try:
        return selectors.survey_with_questions(workspace=workspace, key=key)
    except NotFound as error:
        if key == FEEDBACK_KEY:  # a workspace made before surveys existed
            survey = survey_ensure_feedback(workspace=workspace)
            return survey, list(survey.questions.filter(is_active=True))
        raise InvalidInput(_("No survey with this key."), field="survey") from error


def _customer_id(workspace: Workspace, data: ResponseInput) -> int | None:
    if not (data.customer_ref or data.anonymous_id):
        return None
    signals = customer_services.signals_from_ref(data.customer_ref, data.anonymous_id)
    [customer_id] = customer_services.customer_resolve_many(
        workspace=workspace, signals=[signals], source="responses"
    )
    return customer_id


def _emit_created(workspace: Workspace, response: Response) -> None:
    """The `response.created` webhook, written in the response's transaction."""
    delivery.message_enqueue(
        workspace=workspace,
        event_type="response.created",
        payload={
            "id": response.pk,
            "response_id": response.response_id,
            "survey": response.survey.key,
            "customer_id": response.customer_id,
            "channel": response.channel,
            "complete": response.is_complete,
            "nps": response.nps,
            "csat": response.csat,
            "ces": response.ces,
            "rating": response.rating,
            "submitted_at": response.submitted_at.isoformat(),
        },
    )


def response_submit(*, workspace: Workspace, data: ResponseInput) -> SubmitResult:
    """Store a response once; a retry with the same id and body changes nothing.

    The same `response_id` with a different body is a conflict (409), except
    from the link page and widget, which send `complete=False` partial
    answers first and update them as the respondent goes on.
    """
    survey, questions = _survey_for(workspace, data.survey_key)
    if not survey.is_answerable and not survey.is_builtin:
        raise Conflict(_("This survey is not accepting answers."), field="survey")
    try:
        cleaned = answer_rules.clean(
            questions, data.answers, require_complete=data.complete
        )
    except answer_rules.AnswerError as error:
        raise InvalidInput(
            f"answers.{error.key}: {error.message}", field=f"answers.{error.key}"
        ) from error
    response_id = data.response_id or str(uuid.uuid4())
    digest = response_digest(data)
    fields = {
        "survey": survey,
        "touchpoint": data.touchpoint or survey.touchpoint,
        "channel": data.channel,
        "locale": data.locale,
        "customer_ref": data.customer_ref,
        "customer_id": _customer_id(workspace, data),
        "anonymous_id": data.anonymous_id,
        "answers": cleaned,
        "comment": answer_rules.comment_of(questions, cleaned),
        "context": data.context,
        "is_complete": data.complete,
        "body_digest": digest,
        "submitted_at": data.submitted_at or timezone.now(),
        **dict.fromkeys(("nps", "csat", "ces", "rating")),
        **answer_rules.scores_of(questions, cleaned),
    }
    try:
        with transaction.atomic():
            response = Response.objects.create(
                workspace=workspace, response_id=response_id, **fields
            )
            hooks.response_stored(response)
            _emit_created(workspace, response)
            return SubmitResult(response=response, created=True)
    except IntegrityError:
        pass
    with transaction.atomic():
        existing = Response.objects.select_for_update().get(
            workspace=workspace, response_id=response_id
        )
        # The same body again changes nothing, unless it completes a partial
        # (the digest leaves `complete` out, so that retries stay idempotent).
        if existing.body_digest == digest and (
            existing.is_complete or not data.complete
        ):
            return SubmitResult(response=existing, created=False)
        if existing.is_complete or existing.survey_id != survey.pk:
            raise Conflict(
                _("This response_id was already used with a different body."),
                field="response_id",
            )
        previous_comment = existing.comment
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.save()
        hooks.response_stored(existing, previous_comment=previous_comment)
        return SubmitResult(response=existing, created=False)


MAX_TAGS = 50
MAX_TAG_LENGTH = 50


@transaction.atomic
def response_tags_add(*, response: Response, tags: Sequence[str]) -> list[str]:
    """Add tags the response does not have yet; return the ones added.

    Tags keep their first spelling; a second spelling differing only in
    case is the same tag. Locks the row, so two rules tagging the same
    response at once both keep their tags.
    """
    cleaned = [" ".join(str(tag).split())[:MAX_TAG_LENGTH] for tag in tags]
    if not all(cleaned):
        raise InvalidInput(_("A tag cannot be empty."), field="tags")
    current = Response.objects.select_for_update().get(pk=response.pk)
    known = {tag.casefold() for tag in current.tags}
    added = []
    for tag in cleaned:
        if tag.casefold() not in known:
            known.add(tag.casefold())
            added.append(tag)
    if not added:
        return []
    if len(current.tags) + len(added) > MAX_TAGS:
        raise InvalidInput(
            _("A response has at most %(count)s tags.") % {"count": MAX_TAGS},
            field="tags",
        )
    current.tags = [*current.tags, *added]
    current.save(update_fields=["tags"])
    response.tags = current.tags
    return added


# What customers asks of responses (registered in apps.py) -----------------


def response_move_customers(
    workspace: Workspace, survivor_id: int, merged_ids: Sequence[int]
) -> None:
    """A merge: the merged profiles' responses are the survivor's."""
    customer_hooks.rows_move(Response.objects.of(workspace), survivor_id, merged_ids)


def response_identify(workspace: Workspace, owners: Mapping[str, int]) -> None:
    """Visitors identified: what they answered anonymously joins their profiles."""
    customer_hooks.rows_identify(Response.objects.of(workspace), owners)


def response_erase(
    workspace: Workspace, subject: customer_hooks.ErasureSubject
) -> dict[str, int]:
    """Keep scores and choices; drop free text, context and raw references."""
    responses = list(
        Response.objects.of(workspace)
        .filter(customer_id__in=list(subject.customer_ids))
        .select_related("survey")
    )
    text_keys: dict[int, set[str]] = {}
    for response in responses:
        if response.survey_id not in text_keys:
            text_keys[response.survey_id] = set(
                response.survey.questions.filter(type=Question.Type.TEXT).values_list(
                    "key", flat=True
                )
            )
        keys = text_keys[response.survey_id]
        response.answers = {
            key: value for key, value in response.answers.items() if key not in keys
        }
        response.comment = ""
        response.context = {}
        response.customer_ref = {}
        response.anonymous_id = ""
    Response.objects.bulk_update(
        responses,
        ["answers", "comment", "context", "customer_ref", "anonymous_id"],
        batch_size=500,
    )
    return {"responses": len(responses), **_erase_invitations(workspace, subject)}


def _erase_invitations(
    workspace: Workspace, subject: customer_hooks.ErasureSubject
) -> dict[str, int]:
    """Invitations and contact history name the person by value: forget them.

    An opt-out is kept: it is the person's own wish not to be asked, and
    dropping it would let the next import ask them again.
    """
    emails = [value for kind, value in subject.identities if kind == "email"]
    keys = [
        offers.person_key(workspace, kind, value) for kind, value in subject.identities
    ]
    invitations = Invitation.objects.of(workspace).filter(email__in=emails)
    erased = invitations.update(email="", customer_ref={}, context={})
    contacts, _deleted = (
        Contact.objects.of(workspace).filter(person_key__in=keys).delete()
    )
    return {"invitations": erased, "contacts": contacts}
