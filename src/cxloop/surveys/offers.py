"""Which survey to offer a person now: the governor applied to real rows.

Used by the widget's eligibility call and by e-mail invitations:
it picks among the active surveys triggered by an event, records the offer
as a contact so the next decision counts it, and renders the survey in the
person's language for the client.
"""

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from cxloop.accounts.models import Workspace
from cxloop.customers import selectors as customer_selectors
from cxloop.surveys import governor, selectors, steps
from cxloop.surveys.models import Contact, ContactPolicy, Survey, SurveyOptOut

HISTORY = timedelta(days=400)


@dataclass(frozen=True)
class Person:
    customer_ref: dict[str, str] = field(default_factory=dict)
    anonymous_id: str = ""

    def key_in(self, workspace: Workspace) -> str:
        """The governor's key: the first of external id, e-mail, phone, browser id."""
        for name, kind in (
            ("external_id", "external"),
            ("email", "email"),
            ("phone", "phone"),
        ):
            if value := self.customer_ref.get(name, "").strip():
                return person_key(workspace, kind, value)
        return person_key(workspace, "anonymous", self.anonymous_id.strip())


def person_key(workspace: Workspace, kind: str, value: str) -> str:
    """One identity as the governor keys it, spelled the way customers stores it.

    A phone typed "5123 4567" on the widget and stored as +37251234567 on
    the profile must be one key, or an erasure would leave contacts behind.
    """
    if not value:
        return ""
    if kind == "anonymous":
        return f"anonymous:{value}"
    stored = customer_selectors.identity_value(
        workspace=workspace, kind=kind, raw=value
    )
    if kind == "email":
        return f"email:{stored.lower()}"
    if kind == "external":
        # A bare id is stored as `api:<id>`; the key keeps it bare.
        return f"external_id:{stored.removeprefix('api:')}"
    return f"{kind}:{stored}"


@dataclass(frozen=True)
class Offer:
    survey: dict[str, Any] | None
    reasons: dict[str, str]


def policy_of(workspace: Workspace) -> governor.Policy:
    stored = ContactPolicy.objects.filter(workspace=workspace).first()
    if stored is None:
        return governor.Policy(timezone=workspace.timezone)
    return governor.Policy(
        quiet_days=stored.quiet_days,
        per_session=stored.per_session,
        per_quarter=stored.per_quarter,
        quiet_hours_start=stored.quiet_hours_start,
        quiet_hours_end=stored.quiet_hours_end,
        timezone=workspace.timezone,
    )


def _candidates(workspace: Workspace, event: str, survey_key: str) -> list[Survey]:
    surveys = Survey.objects.of(workspace).filter(
        status=Survey.Status.ACTIVE, is_builtin=False
    )
    if survey_key:
        return list(surveys.filter(key=survey_key))
    if not event:
        return []
    return list(surveys.filter(trigger_event=event))


@transaction.atomic
def survey_offer(
    *,
    workspace: Workspace,
    person: Person,
    session_id: str = "",
    event: str = "",
    survey_key: str = "",
    language: str = "",
    context: Mapping[str, Any] | None = None,
) -> Offer:
    """The survey to show now, rendered, or None and the reasons why not."""
    surveys = _candidates(workspace, event, survey_key)
    if not surveys:
        return Offer(None, {})
    if not person.key_in(workspace):
        return Offer(None, {survey.key: "unknown_person" for survey in surveys})
    now = timezone.now()
    decision = decide(
        workspace=workspace,
        person=person,
        surveys=surveys,
        now=now,
        session_id=session_id,
    )
    chosen = next((s for s in surveys if s.key == decision.survey_key), None)
    if chosen is None:
        return Offer(None, decision.reasons)
    contact_record(
        survey=chosen, person=person, channel="widget", at=now, session_id=session_id
    )
    return Offer(render(chosen, language, dict(context or {})), decision.reasons)


def decide(
    *,
    workspace: Workspace,
    person: Person,
    surveys: Sequence[Survey],
    now: datetime,
    session_id: str = "",
) -> governor.Decision:
    """The governor's answer for this person and these surveys, from stored rows.

    Every channel (widget, e-mail) asks here, so the policy counts them alike.
    """
    key = person.key_in(workspace)
    contacts = Contact.objects.of(workspace).filter(
        person_key=key, asked_at__gte=now - HISTORY
    )
    history = [
        governor.Contact(contact.survey.key, contact.asked_at, contact.session_id)
        for contact in contacts.select_related("survey")
    ]
    return governor.decide(
        policy=policy_of(workspace),
        candidates=[
            governor.Candidate(s.key, s.priority, s.recontact_days, s.sample_rate)
            for s in surveys
        ],
        history=history,
        now=now,
        person_key=key,
        session_id=session_id,
        opted_out=SurveyOptOut.objects.of(workspace).filter(person_key=key).exists(),
    )


REASON_TEXTS = {
    "opted_out": gettext_lazy("has opted out of surveys"),
    "quiet_hours": gettext_lazy("it is quiet hours in the workspace's time zone"),
    "session_cap": gettext_lazy("was already asked in this browsing session"),
    "quarter_cap": gettext_lazy("was asked the most times allowed in 91 days"),
    "quiet_period": gettext_lazy("was asked recently (global quiet period)"),
    "recontact_period": gettext_lazy(
        "answered or saw this survey recently (recontact period)"
    ),
    "not_sampled": gettext_lazy("is outside the survey's sample"),
    "lower_priority": gettext_lazy("another survey with a higher priority came first"),
    "unknown_person": gettext_lazy("nobody is named"),
}


@dataclass(frozen=True)
class Explanation:
    person_key: str
    eligible: bool
    reason: str  # a key of REASON_TEXTS, or "" when eligible
    contacts: list[Contact]

    @property
    def reason_text(self) -> str:
        return str(REASON_TEXTS.get(self.reason, self.reason))


def survey_explain(*, survey: Survey, person: Person) -> Explanation:
    """Could this survey be shown to this person now, and if not, why not?

    For the dashboard: the governor's answer without recording an ask.
    """
    key = person.key_in(survey.workspace)
    if not key:
        return Explanation("", False, "unknown_person", [])
    now = timezone.now()
    decision = decide(
        workspace=survey.workspace, person=person, surveys=[survey], now=now
    )
    contacts = list(
        Contact.objects.of(survey.workspace)
        .filter(person_key=key)
        .select_related("survey")
        .order_by("-asked_at")[:10]
    )
    reason = decision.reasons.get(survey.key, "")
    return Explanation(key, decision.survey_key == survey.key, reason, contacts)


def contact_record(
    *, survey: Survey, person: Person, channel: str, at: datetime, session_id: str = ""
) -> None:
    """Count one ask against the person's contact pressure."""
    Contact.objects.create(
        workspace=survey.workspace,
        person_key=person.key_in(survey.workspace),
        survey=survey,
        channel=channel,
        session_id=session_id,
        asked_at=at,
    )


@transaction.atomic
def survey_opt_out(*, workspace: Workspace, person: Person) -> None:
    if key := person.key_in(workspace):
        SurveyOptOut.objects.get_or_create(workspace=workspace, person_key=key)


def render(survey: Survey, requested: str, context: dict[str, Any]) -> dict[str, Any]:
    """The survey as the widget shows it: texts resolved in one language."""
    questions = selectors.question_list(survey=survey)
    language = steps.choose_language(
        requested=requested,
        offered=steps.offered_languages(
            survey.texts, questions, survey.default_language
        ),
        default=survey.default_language,
    )
    default = survey.default_language

    def text(texts: Mapping[str, Any], name: str) -> str:
        found = steps.text_of(texts, name, language=language, default=default)
        return str(found) if found else ""

    with override(language):
        ui = {"submit": _("Send"), "next": _("Next"), "thank_you": _("Thank you!")}
    return {
        "key": survey.key,
        "response_id": str(uuid.uuid4()),
        "language": language,
        "texts": {
            "title": text(survey.texts, "title"),
            "thank_you": text(survey.texts, "thank_you") or ui["thank_you"],
            "submit": ui["submit"],
            "next": ui["next"],
        },
        "questions": [
            {
                "key": question.key,
                "type": question.type,
                "label": text(question.texts, "label"),
                "low": text(question.texts, "low"),
                "high": text(question.texts, "high"),
                "placeholder": text(question.texts, "placeholder"),
                "required": question.required,
                "choices": [
                    {
                        "key": choice["key"],
                        "label": str(
                            steps.localize(
                                choice["texts"], language=language, default=default
                            )
                            or choice["key"]
                        ),
                    }
                    for choice in question.choices
                ],
                "condition": question.condition,
            }
            for question in questions
        ],
        "context": context,
    }
