"""Writes of surveys and their questions."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import time
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.errors import Conflict, InvalidInput
from cxloop.surveys import selectors
from cxloop.surveys.models import ContactPolicy, Question, Survey
from cxloop.surveys.templates import (
    CASE_FOLLOW_UP,
    CASE_FOLLOW_UP_KEY,
    FEEDBACK_KEY,
    TEMPLATES,
)

QUESTION_FIELDS = ("key", "type", "texts", "required", "choices", "condition")


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    type: str
    texts: dict[str, dict[str, str]]
    required: bool = False
    choices: list[dict[str, Any]] = field(default_factory=list)
    condition: dict[str, Any] | None = None


def _question_specs(raw: Sequence[Mapping[str, Any]]) -> list[QuestionSpec]:
    return [
        QuestionSpec(**{name: item[name] for name in QUESTION_FIELDS if name in item})
        for item in raw
    ]


def _check_length(
    value: str, *, model: type[Survey] | type[Question], name: str, field: str
) -> None:
    """Refuse what the column cannot hold (PostgreSQL would fail, SQLite keep it)."""
    limit: int | None = getattr(model._meta.get_field(name), "max_length", None)
    if limit is not None and len(value) > limit:
        raise InvalidInput(
            _("At most %(limit)d characters, please (this has %(n)d).")
            % {"limit": limit, "n": len(value)},
            field=field,
        )


def _check_questions(specs: Sequence[QuestionSpec]) -> None:
    seen: set[str] = set()
    for index, spec in enumerate(specs):
        where = f"questions.{index}"
        _check_length(spec.key, model=Question, name="key", field=f"{where}.key")
        if spec.type not in Question.Type.values:
            raise InvalidInput(_("Unknown question type."), field=f"{where}.type")
        if spec.key in seen:
            raise InvalidInput(_("Question keys must be unique."), field=f"{where}.key")
        choice_types = (Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE)
        if spec.type in choice_types and not spec.choices:
            raise InvalidInput(
                _("A choice question needs choices."), field=f"{where}.choices"
            )
        if spec.condition and spec.condition.get("question") not in seen:
            raise InvalidInput(
                _("A condition must refer to an earlier question."),
                field=f"{where}.condition",
            )
        seen.add(spec.key)


def _create_questions(
    survey: Survey, specs: Sequence[QuestionSpec], start: int = 0
) -> None:
    for position, spec in enumerate(specs, start=start):
        Question.objects.create(
            survey=survey,
            key=spec.key,
            type=spec.type,
            position=position,
            required=spec.required,
            texts=spec.texts,
            choices=spec.choices,
            condition=spec.condition,
        )


DEFAULT_EMAIL_DELAY_MINUTES = 24 * 60
MAX_EMAIL_DELAY_MINUTES = 30 * 24 * 60


def _check_email_delay(minutes: int) -> None:
    if not 0 <= minutes <= MAX_EMAIL_DELAY_MINUTES:
        raise InvalidInput(
            _("The e-mail delay must be between 0 minutes and 30 days."),
            field="email_delay_minutes",
        )


def _check_targeting(
    priority: int | None, sample_rate: float | None, recontact_days: int | None
) -> None:
    if priority is not None and not 0 <= priority <= 100:
        raise InvalidInput(_("Priority must be between 0 and 100."), field="priority")
    if sample_rate is not None and not 0 <= sample_rate <= 1:
        raise InvalidInput(
            _("The sample rate must be between 0 and 1."), field="sample_rate"
        )
    if recontact_days is not None and not 0 <= recontact_days <= 3650:
        raise InvalidInput(
            _("The recontact period must be between 0 and 3650 days."),
            field="recontact_days",
        )


@transaction.atomic
def contact_policy_update(
    *,
    workspace: Workspace,
    quiet_days: int,
    per_session: int,
    per_quarter: int,
    quiet_hours_start: time | None,
    quiet_hours_end: time | None,
) -> ContactPolicy:
    """The workspace's one contact-pressure policy, for every channel."""
    policy, _created = ContactPolicy.objects.update_or_create(
        workspace=workspace,
        defaults={
            "quiet_days": quiet_days,
            "per_session": per_session,
            "per_quarter": per_quarter,
            "quiet_hours_start": quiet_hours_start,
            "quiet_hours_end": quiet_hours_end,
        },
    )
    return policy


@transaction.atomic
def survey_create(
    *,
    workspace: Workspace,
    key: str,
    name: str,
    questions: Sequence[QuestionSpec],
    status: str = Survey.Status.DRAFT,
    default_language: str = "",
    touchpoint: str = "",
    texts: dict[str, dict[str, str]] | None = None,
    trigger_event: str = "",
    template: str = "",
    is_builtin: bool = False,
    email_invitations: bool = False,
    email_delay_minutes: int = DEFAULT_EMAIL_DELAY_MINUTES,
) -> Survey:
    for column, text in (
        ("key", key),
        ("name", name),
        ("touchpoint", touchpoint),
        ("trigger_event", trigger_event),
    ):
        _check_length(text, model=Survey, name=column, field=column)
    if Survey.objects.of(workspace).filter(key=key).exists():
        raise Conflict(_("A survey with this key already exists."), field="key")
    if status not in Survey.Status.values:
        raise InvalidInput(_("Unknown status."), field="status")
    _check_questions(questions)
    _check_email_delay(email_delay_minutes)
    survey = Survey.objects.create(
        workspace=workspace,
        key=key,
        name=name,
        status=status,
        default_language=default_language or workspace.default_locale,
        touchpoint=touchpoint,
        texts=texts or {},
        trigger_event=trigger_event,
        template=template,
        is_builtin=is_builtin,
        email_invitations=email_invitations,
        email_delay_minutes=email_delay_minutes,
    )
    _create_questions(survey, questions)
    _surveys_forget()
    return survey


def survey_create_from_template(
    *,
    workspace: Workspace,
    template: str,
    key: str = "",
    status: str = Survey.Status.ACTIVE,
) -> Survey:
    spec = TEMPLATES.get(template)
    if spec is None:
        raise InvalidInput(_("Unknown template."), field="template")
    return survey_create(
        workspace=workspace,
        key=key or template.replace("_", "-"),
        name=spec["texts"].get(workspace.default_locale, {}).get("name")
        or spec["name"],
        questions=_question_specs(spec["questions"]),
        status=status,
        touchpoint=spec["touchpoint"],
        texts=spec["texts"],
        trigger_event=spec["trigger_event"],
        template=template,
        is_builtin=template == FEEDBACK_KEY,
        email_invitations=spec.get("email_invitations", False),
        email_delay_minutes=spec.get(
            "email_delay_minutes", DEFAULT_EMAIL_DELAY_MINUTES
        ),
    )


def survey_ensure_feedback(*, workspace: Workspace) -> Survey:
    """The workspace's built-in `feedback` survey, created on first need."""
    existing: Survey | None = (
        Survey.objects.of(workspace).filter(key=FEEDBACK_KEY).first()
    )
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return survey_create_from_template(
                workspace=workspace, template=FEEDBACK_KEY, key=FEEDBACK_KEY
            )
    except (Conflict, IntegrityError):
        survey: Survey = Survey.objects.of(workspace).get(key=FEEDBACK_KEY)
        return survey


def survey_ensure_case_follow_up(*, workspace: Workspace) -> Survey:
    """The workspace's `case-follow-up` survey (CES after a resolved case).

    Created on first need, active, e-mailed through the invitation path. A
    workspace that pauses it sends no follow-ups; it is not `is_builtin`,
    so it can be paused and the widget never offers it on its own.
    """
    existing: Survey | None = (
        Survey.objects.of(workspace).filter(key=CASE_FOLLOW_UP_KEY).first()
    )
    if existing is not None:
        return existing
    spec = CASE_FOLLOW_UP
    try:
        with transaction.atomic():
            return survey_create(
                workspace=workspace,
                key=CASE_FOLLOW_UP_KEY,
                name=spec["texts"].get(workspace.default_locale, {}).get("name")
                or spec["name"],
                questions=_question_specs(spec["questions"]),
                status=Survey.Status.ACTIVE,
                touchpoint=spec["touchpoint"],
                texts=spec["texts"],
                template=CASE_FOLLOW_UP_KEY,
                email_invitations=True,
                email_delay_minutes=spec["email_delay_minutes"],
            )
    except (Conflict, IntegrityError):
        survey: Survey = Survey.objects.of(workspace).get(key=CASE_FOLLOW_UP_KEY)
        return survey


def workspace_created(workspace: Workspace) -> None:
    """Every workspace starts with its built-in `feedback` survey.

    The `case-follow-up` survey comes with the first resolved case.
    """
    survey_ensure_feedback(workspace=workspace)


@transaction.atomic
def survey_update(
    *,
    survey: Survey,
    name: str | None = None,
    status: str | None = None,
    default_language: str | None = None,
    touchpoint: str | None = None,
    texts: dict[str, dict[str, str]] | None = None,
    trigger_event: str | None = None,
    email_invitations: bool | None = None,
    email_delay_minutes: int | None = None,
    priority: int | None = None,
    sample_rate: float | None = None,
    recontact_days: int | None = None,
    questions: Sequence[QuestionSpec] | None = None,
) -> Survey:
    """Change a survey without ever changing the meaning of stored answers.

    A question that has answers keeps its key, type and choice keys; its
    texts may change and it may be retired (hidden, answers kept). New
    questions may be added at any time.
    """
    if status is not None and status not in Survey.Status.values:
        raise InvalidInput(_("Unknown status."), field="status")
    for column, text in (
        ("name", name),
        ("touchpoint", touchpoint),
        ("trigger_event", trigger_event),
    ):
        if text is not None:
            _check_length(text, model=Survey, name=column, field=column)
    if email_delay_minutes is not None:
        _check_email_delay(email_delay_minutes)
    _check_targeting(priority, sample_rate, recontact_days)
    if survey.is_builtin and status in (Survey.Status.PAUSED, Survey.Status.ARCHIVED):
        raise InvalidInput(
            _("The built-in feedback survey is always active."), field="status"
        )
    if name is not None and name != survey.name and texts is None:
        # A name typed in one language outdates the per-language names.
        texts = {
            code: {k: v for k, v in fields.items() if k != "name"}
            for code, fields in survey.texts.items()
        }
    for name_, value in (
        ("name", name),
        ("status", status),
        ("default_language", default_language),
        ("touchpoint", touchpoint),
        ("texts", texts),
        ("trigger_event", trigger_event),
        ("email_invitations", email_invitations),
        ("email_delay_minutes", email_delay_minutes),
        ("priority", priority),
        ("sample_rate", sample_rate),
        ("recontact_days", recontact_days),
    ):
        if value is not None:
            setattr(survey, name_, value)
    if questions is not None:
        _replace_questions(survey, questions)
    survey.updated_at = timezone.now()
    survey.save()
    _surveys_forget()
    return survey


def _replace_questions(survey: Survey, specs: Sequence[QuestionSpec]) -> None:
    _check_questions(specs)
    current = {question.key: question for question in survey.questions.all()}
    answered = selectors.answered_question_keys(survey=survey)
    wanted = {spec.key for spec in specs}
    for index, spec in enumerate(specs):
        question = current.get(spec.key)
        if question is None:
            _create_questions(survey, [spec], start=index)
            continue
        if spec.key in answered:
            _refuse_meaning_change(question, spec, index)
        question.type, question.texts, question.required = (
            spec.type,
            spec.texts,
            spec.required,
        )
        question.choices, question.condition = spec.choices, spec.condition
        question.position, question.is_active = index, True
        question.save()
    for key, question in current.items():
        if key in wanted:
            continue
        if key in answered:
            question.is_active = False
            question.save(update_fields=["is_active"])
        else:
            question.delete()


def _refuse_meaning_change(question: Question, spec: QuestionSpec, index: int) -> None:
    if spec.type != question.type:
        raise Conflict(
            _("This question has answers; its type cannot change. Add a new question."),
            field=f"questions.{index}.type",
        )
    new_keys = {str(choice["key"]) for choice in spec.choices}
    if not set(question.choice_keys) <= new_keys:
        raise Conflict(
            _(
                "This question has answers; its choices can be renamed or "
                "added, not removed."
            ),
            field=f"questions.{index}.choices",
        )


def _surveys_forget() -> None:
    """Answering pages see the change: now, and again once it is committed.

    A request between the two may have cached the surveys as they were.
    """
    selectors.survey_forget()
    transaction.on_commit(selectors.survey_forget)
