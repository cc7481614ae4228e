"""The public link page's workflow: invitations, steps, partial answers."""

import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.errors import Conflict, InvalidInput, NotFound
from cxloop.surveys import offers, selectors, steps
from cxloop.surveys.models import Invitation, Question, Response, Survey
from cxloop.surveys.services.responses import ResponseInput, response_submit


@transaction.atomic
def invitation_create(
    *,
    survey: Survey,
    customer_ref: Mapping[str, str] | None = None,
    locale: str = "",
    context: Mapping[str, Any] | None = None,
    expires_at: datetime | None = None,
) -> Invitation:
    """A personal link token for one customer; put it in the link as `?t=`."""
    if locale and locale not in steps.LANGUAGES:
        raise InvalidInput(_("Unknown language."), field="locale")
    invitation = Invitation(
        workspace=survey.workspace,
        survey=survey,
        customer_ref={
            str(key): str(value) for key, value in (customer_ref or {}).items()
        },
        locale=locale,
        context=dict(context or {}),
        expires_at=expires_at,
    )
    invitation.full_clean()
    invitation.save()
    return invitation


# The public link page, /s/<link_key> ------------------------------------


@dataclass(frozen=True)
class PageQuery:
    """What a link page's address and headers ask for.

    `lang` (`?lang=`), `invitation` (`?t=`), `score` (`?score=`, one-click
    first answer) and `step` (`?step=`, the signed state of a step to show).
    """

    lang: str = ""
    accept_language: str = ""
    invitation: str = ""
    score: str = ""
    step: str = ""


@dataclass(frozen=True)
class _Visit:
    survey: Survey
    questions: list[Question]
    state: steps.PageState
    invitation: Invitation | None


def _public_survey(link_key: str) -> Survey | None:
    try:
        survey = selectors.survey_get_by_link(link_key=link_key)
    except NotFound:
        return None
    # A draft was never published, so its link does not exist yet.
    return None if survey.status == Survey.Status.DRAFT else survey


def _link_response_id(invitation: Invitation | None) -> str:
    if invitation is None:
        return str(uuid.uuid4())
    # One response per invitation, and its token never shows in the id.
    digest = hashlib.sha256(invitation.token.encode()).hexdigest()
    return f"inv-{digest[:32]}"


def _visit(survey: Survey, query: PageQuery, signed: str | None) -> _Visit:
    """Who is answering what, in which language; StateError if forged."""
    questions = selectors.question_list(survey=survey)
    if signed is not None:
        state = steps.state_load(signed, link_key=survey.link_key)
        invitation = selectors.invitation_resolve(
            survey=survey, token=state.invitation, include_expired=True
        )
        return _Visit(survey, questions, state.with_language(query.lang), invitation)
    invitation = selectors.invitation_resolve(survey=survey, token=query.invitation)
    language = steps.choose_language(
        requested=query.lang,
        preferred=invitation.locale if invitation else "",
        accept_language=query.accept_language,
        offered=steps.offered_languages(
            survey.texts, questions, survey.default_language
        ),
        default=survey.default_language,
    )
    state = steps.PageState(
        link_key=survey.link_key,
        response_id=_link_response_id(invitation),
        language=language,
        invitation=invitation.token if invitation else "",
    )
    return _Visit(survey, questions, state, invitation)


def _page(
    visit: _Visit, kind: str, *, status: int = 200, link_state: str = "", **fields: Any
) -> steps.SurveyPage:
    survey, language = visit.survey, visit.state.language
    default = survey.default_language
    return steps.SurveyPage(
        kind=kind,
        language=language,
        status=status,
        link_key=survey.link_key,
        workspace_name=survey.workspace.name,
        title=steps.text_of(survey.texts, "title", language=language, default=default),
        intro=steps.text_of(survey.texts, "intro", language=language, default=default),
        thank_you=steps.text_of(
            survey.texts, "thank_you", language=language, default=default
        ),
        languages=steps.language_links(
            current=language, state=link_state, invitation=visit.state.invitation
        ),
        **fields,
    )


def _thanks(visit: _Visit) -> steps.SurveyPage:
    done = replace(visit.state, done=True)
    return _page(visit, "thanks", link_state=done.sign(), progress=100)


def _other_page(
    survey: Survey, query: PageQuery, kind: str, status: int
) -> steps.SurveyPage:
    """A page about the link itself (missing, closed, forged), not a step."""
    language = steps.choose_language(
        requested=query.lang,
        accept_language=query.accept_language,
        default=survey.default_language,
    )
    return steps.SurveyPage(
        kind=kind,
        language=language,
        status=status,
        link_key=survey.link_key,
        workspace_name=survey.workspace.name,
        languages=steps.language_links(current=language),
    )


def _missing(query: PageQuery) -> steps.SurveyPage:
    language = steps.choose_language(
        requested=query.lang, accept_language=query.accept_language
    )
    return steps.SurveyPage(
        kind="missing",
        language=language,
        status=404,
        languages=steps.language_links(current=language),
    )


def _step_page(
    visit: _Visit,
    answers: Mapping[str, Any],
    *,
    values: Mapping[str, Sequence[str]] | None = None,
    errors: Mapping[str, Any] | None = None,
    status: int = 200,
) -> steps.SurveyPage:
    questions, state = visit.questions, visit.state
    start = steps.index_of(questions, state.start)
    shown, stop = steps.step_at(questions, answers, start)
    if not shown:
        return _thanks(visit)
    language, default = state.language, visit.survey.default_language
    is_last = stop >= len(questions)
    submit = steps.Text(steps.NEXT)
    if is_last:
        submit = steps.text_of(
            visit.survey.texts, "submit", language=language, default=default
        ) or steps.Text(steps.SEND)
    signed = state.sign()
    return _page(
        visit,
        "step",
        status=status,
        link_state=signed,
        state=signed,
        questions=steps.question_views(
            shown,
            language=language,
            default=default,
            values=steps.form_values(shown, answers) if values is None else values,
            errors=errors or {},
        ),
        submit_label=submit,
        is_first=start == 0,
        is_last=is_last,
        progress=_progress(start, len(shown), len(questions), is_last=is_last),
    )


def _progress(start: int, shown: int, total: int, *, is_last: bool) -> int:
    """How far along a step is, in percent; branching makes it an estimate.

    On the last step the questions it skips no longer count, so the bar
    does not claim a two-step survey is a third done at its end.
    """
    return round(100 * start / (start + shown if is_last else total))


def _store(visit: _Visit, answers: Mapping[str, Any], *, complete: bool) -> None:
    known = {question.key for question in visit.questions}
    kept = {key: value for key, value in answers.items() if key in known}
    if not kept:
        return  # nothing was said yet: no empty rows
    invitation = visit.invitation
    with transaction.atomic():
        response_submit(
            workspace=visit.survey.workspace,
            data=ResponseInput(
                survey_key=visit.survey.key,
                answers=kept,
                channel=Response.Channel.LINK,
                response_id=visit.state.response_id,
                locale=visit.state.language,
                customer_ref=dict(invitation.customer_ref) if invitation else {},
                context=dict(invitation.context) if invitation else {},
                complete=complete,
            ),
        )
        if invitation is not None and invitation.used_at is None:
            invitation.used_at = timezone.now()
            invitation.save(update_fields=["used_at"])


def _advance(
    visit: _Visit, answers: Mapping[str, Any], *, stop: int
) -> steps.SurveyPage | None:
    """Store the answers so far and send the browser on; None if refused."""
    questions = visit.questions
    next_shown, _next_stop = steps.step_at(questions, answers, stop)
    complete = not next_shown
    try:
        _store(visit, answers, complete=complete)
    except (Conflict, InvalidInput):
        return None
    next_key = questions[stop].key if stop < len(questions) else ""
    state = replace(visit.state, start=next_key, done=complete)
    return steps.SurveyPage(
        kind="redirect",
        language=state.language,
        link_key=visit.survey.link_key,
        redirect=state.sign(),
    )


def _settled(visit: _Visit) -> steps.SurveyPage | None:
    """The page when there is nothing to answer any more, else None."""
    if not visit.survey.is_answerable:
        return _page(visit, "closed", status=410)
    if visit.state.done:
        return _thanks(visit)
    return None


def survey_page_open(*, link_key: str, query: PageQuery) -> steps.SurveyPage:
    """The page a survey link shows.

    A valid `?score=` for the first question is stored at once, as a partial
    response, and the page moves on to the next step: a one-click answer from
    an e-mail counts even if the respondent goes no further. An invitation's
    link resumes its one response, and shows the thanks once it is complete.
    """
    survey = _public_survey(link_key)
    if survey is None:
        return _missing(query)
    try:
        visit = _visit(survey, query, query.step or None)
    except steps.StateError:
        return _other_page(survey, query, "invalid", 400)
    if (settled := _settled(visit)) is not None:
        return settled
    stored = selectors.response_find(survey=survey, response_id=visit.state.response_id)
    if stored is not None and stored.is_complete:
        return _thanks(visit)
    answers = dict(stored.answers) if stored else {}
    score = None if query.step else steps.one_click_score(visit.questions, query.score)
    if score is not None:
        first = visit.questions[0].key
        moved = _advance(visit, {**answers, first: score}, stop=1)
        if moved is not None:
            return moved
    return _step_page(visit, answers)


def survey_opt_out_page(
    *, link_key: str, query: PageQuery, confirmed: bool
) -> steps.SurveyPage:
    """An e-mail's unsubscribe link: asks first, then records the opt-out.

    Asking first (a button that posts) keeps link scanners in mail servers
    from unsubscribing people by merely opening the link. The opt-out is the
    governor's, so no channel (e-mail, widget, links) asks this person again.
    """
    try:
        survey: Survey | None = selectors.survey_get_by_link(link_key=link_key)
    except NotFound:
        survey = None
    invitation = (
        selectors.invitation_resolve(
            survey=survey, token=query.invitation, include_expired=True
        )
        if survey is not None
        else None
    )
    if survey is None or invitation is None or not invitation.customer_ref:
        return _missing(query)
    if confirmed:
        offers.survey_opt_out(
            workspace=survey.workspace,
            person=offers.Person(customer_ref=dict(invitation.customer_ref)),
        )
    language = steps.choose_language(
        requested=query.lang,
        preferred=invitation.locale,
        accept_language=query.accept_language,
        default=survey.default_language,
    )
    return steps.SurveyPage(
        kind="opted_out" if confirmed else "opt_out",
        language=language,
        link_key=survey.link_key,
        workspace_name=survey.workspace.name,
        state=invitation.token,
        languages=steps.language_links(current=language, invitation=invitation.token),
    )


def survey_preview(*, survey: Survey, language: str) -> steps.SurveyPage:
    """Every question of a survey on one page, as a respondent would see it.

    For the builder: any status, nothing stored, the form does not post.
    """
    questions = selectors.question_list(survey=survey)
    default = survey.default_language
    return steps.SurveyPage(
        kind="step",
        language=language,
        link_key=survey.link_key,
        workspace_name=survey.workspace.name,
        title=steps.text_of(survey.texts, "title", language=language, default=default),
        intro=steps.text_of(survey.texts, "intro", language=language, default=default),
        questions=steps.question_views(
            questions, language=language, default=default, values={}, errors={}
        ),
        submit_label=steps.text_of(
            survey.texts, "submit", language=language, default=default
        )
        or steps.Text(steps.SEND),
        is_first=True,
        is_last=True,
        preview=True,
    )


def survey_page_refused(
    *, link_key: str, query: PageQuery, reason: str = "busy"
) -> steps.SurveyPage:
    """The page for an answer that was refused, so nothing is stored.

    `busy`: the caller posted too often (429). `stale`: the form's security
    token did not match, e.g. the page was open for days or cookies are
    blocked (403); answering again from a freshly loaded page works.
    """
    survey = _public_survey(link_key)
    if survey is None:
        return _missing(query)
    return _other_page(survey, query, reason, 429 if reason == "busy" else 403)


def survey_page_submit(
    *, link_key: str, query: PageQuery, form: Mapping[str, Sequence[str]]
) -> steps.SurveyPage:
    """Store one step's answers, then go on to the next step or the thanks.

    The answers so far are kept as a partial response (`complete=False`)
    under the signed state's response id until the last step completes it.
    An impossible answer re-shows the step (422) and stores nothing; a
    filled-in honeypot gets the thanks page and stores nothing.
    """
    survey = _public_survey(link_key)
    if survey is None:
        return _missing(query)
    try:
        visit = _visit(survey, query, (form.get("state") or [""])[-1])
    except steps.StateError:
        return _other_page(survey, query, "invalid", 400)
    if (settled := _settled(visit)) is not None:
        return settled
    if any(value.strip() for value in form.get(steps.HONEYPOT_FIELD, [])):
        return _thanks(visit)
    stored = selectors.response_find(survey=survey, response_id=visit.state.response_id)
    if stored is not None and stored.is_complete:
        return _thanks(visit)
    answers = dict(stored.answers) if stored else {}
    start = steps.index_of(visit.questions, visit.state.start)
    shown, stop = steps.step_at(visit.questions, answers, start)
    if not shown:
        return _thanks(visit)
    step = steps.read_step(shown, form)
    if not step.errors:
        moved = _advance(visit, steps.merge(answers, step), stop=stop)
        if moved is not None:
            return moved
        if not survey.is_answerable:
            return _page(visit, "closed", status=410)
        step = replace(step, errors={shown[0].key: steps.NOT_SAVED})
    return _step_page(visit, answers, values=form, errors=step.errors, status=422)
