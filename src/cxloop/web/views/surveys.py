"""The survey builder: list, create, edit (one language at a time), preview."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from cxloop.accounts.models import LOCALE_CHOICES, Membership
from cxloop.accounts.tenancy import TenantRequest
from cxloop.errors import DomainError
from cxloop.surveys import offers, selectors, services, steps
from cxloop.surveys.models import Question, Survey
from cxloop.web.decorators import workspace_required
from cxloop.web.forms import surveys as forms

EDITORS = (Membership.Role.ADMIN, Membership.Role.ANALYST)


def _can_edit(request: TenantRequest) -> bool:
    return request.membership.role in EDITORS


@workspace_required()
def survey_list(request: TenantRequest) -> HttpResponse:
    surveys = list(selectors.survey_list(workspace=request.workspace))
    counts = selectors.survey_response_counts(workspace=request.workspace)
    for survey in surveys:
        survey.response_count = counts.get(survey.pk, 0)  # type: ignore[attr-defined]
    context = {
        "surveys": surveys,
        "can_edit": _can_edit(request),
        "form": forms.SurveyCreateForm(),
    }
    return render(request, "web/surveys/list.html", context)


@require_POST
@workspace_required(*EDITORS)
def survey_new(request: TenantRequest) -> HttpResponse:
    form = forms.SurveyCreateForm(request.POST)
    if form.is_valid():
        try:
            survey = _create(request, form.cleaned_data)
        except DomainError as error:
            form.add_error(
                error.field if error.field in form.fields else None, error.message
            )
        else:
            messages.success(request, _("Survey created as a draft."))
            return redirect("web:survey_edit", key=survey.key)
    surveys = selectors.survey_list(workspace=request.workspace)
    context = {"surveys": surveys, "can_edit": True, "form": form}
    return render(request, "web/surveys/list.html", context, status=422)


def _create(request: TenantRequest, data: dict[str, Any]) -> Survey:
    workspace = request.workspace
    if data["template"] != forms.BLANK:
        survey = services.survey_create_from_template(
            workspace=workspace,
            template=data["template"],
            key=data["key"],
            status=Survey.Status.DRAFT,
        )
        if data["name"]:
            survey = services.survey_update(survey=survey, name=data["name"])
        return survey
    language = workspace.default_locale
    return services.survey_create(
        workspace=workspace,
        key=data["key"],
        name=data["name"] or data["key"],
        default_language=language,
        questions=[
            services.QuestionSpec(
                key="comment",
                type=Question.Type.TEXT,
                texts={language: {"label": str(_("Your feedback"))}},
            )
        ],
    )


def _language(request: TenantRequest, survey: Survey) -> str:
    requested = request.GET.get("lang", "")
    return requested if requested in steps.LANGUAGES else survey.default_language


def _settings_initial(survey: Survey, language: str) -> dict[str, Any]:
    texts = survey.texts.get(language, {})
    return {
        "name": survey.name,
        "status": survey.status,
        "default_language": survey.default_language,
        "touchpoint": survey.touchpoint,
        "trigger_event": survey.trigger_event,
        "title": texts.get("title", ""),
        "thank_you": texts.get("thank_you", ""),
        "priority": survey.priority,
        "sample_percent": round(survey.sample_rate * 100),
        "recontact_days": survey.recontact_days,
        "email_invitations": survey.email_invitations,
        "email_delay_minutes": survey.email_delay_minutes,
    }


@workspace_required()
def survey_edit(request: TenantRequest, key: str) -> HttpResponse:
    survey = selectors.survey_get(workspace=request.workspace, key=key)
    language = _language(request, survey)
    questions = selectors.question_list(survey=survey)
    posted = request.method == "POST" and _can_edit(request)
    settings_form = forms.SurveySettingsForm(
        request.POST if posted else None, initial=_settings_initial(survey, language)
    )
    question_forms = forms.QuestionFormSet(
        request.POST if posted else None,
        initial=[forms.question_initial(q, language) for q in questions],
        prefix="q",
    )
    error = ""
    if posted and settings_form.is_valid() and question_forms.is_valid():
        try:
            _save(survey, language, settings_form, question_forms, questions)
        except DomainError as refused:
            error = (
                f"{refused.field}: {refused.message}"
                if refused.field
                else refused.message
            )
        else:
            messages.success(request, _("Survey saved."))
            return redirect(f"{reverse('web:survey_edit', args=[key])}?lang={language}")
    context = {
        "survey": survey,
        "explain_form": forms.ExplainForm(request.GET or None),
        "explanation": _explanation(survey, request),
        "language": language,
        "text_languages": LOCALE_CHOICES,
        "settings_form": settings_form,
        "question_forms": question_forms,
        "answered": selectors.answered_question_keys(survey=survey),
        "error": error,
        "can_edit": _can_edit(request),
    }
    status = 422 if posted else 200
    return render(request, "web/surveys/edit.html", context, status=status)


def _explanation(survey: Survey, request: TenantRequest) -> offers.Explanation | None:
    """The governor's answer for the person named in the page's query, if any."""
    form = forms.ExplainForm(request.GET)
    if not form.is_valid():
        return None
    if not (form.person_ref() or form.cleaned_data["anonymous_id"]):
        return None
    person = offers.Person(
        customer_ref=form.person_ref(),
        anonymous_id=form.cleaned_data["anonymous_id"],
    )
    return offers.survey_explain(survey=survey, person=person)


def _save(
    survey: Survey,
    language: str,
    settings_form: forms.SurveySettingsForm,
    question_forms: Any,
    questions: list[Question],
) -> None:
    data = settings_form.cleaned_data
    services.survey_update(
        survey=survey,
        name=data["name"],
        status=data["status"],
        default_language=data["default_language"],
        touchpoint=data["touchpoint"],
        trigger_event=data["trigger_event"],
        texts=forms.survey_texts(survey, language, data["title"], data["thank_you"]),
        priority=data["priority"],
        sample_rate=data["sample_percent"] / 100,
        recontact_days=data["recontact_days"],
        email_invitations=data["email_invitations"],
        email_delay_minutes=data["email_delay_minutes"],
        questions=forms.question_specs(list(question_forms), questions, language),
    )


@xframe_options_sameorigin
@workspace_required()
def survey_preview(request: TenantRequest, key: str) -> HttpResponse:
    survey = selectors.survey_get(workspace=request.workspace, key=key)
    page = services.survey_preview(survey=survey, language=_language(request, survey))
    # The respondent's built-in strings (Yes, Send…) in the previewed language.
    with translation.override(page.language):
        return render(request, "web/survey/step.html", {"page": page})
