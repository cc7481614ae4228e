"""Settings → SLA & business hours, and Settings → Prepared answers.

Every member may read them (agents use the answers every day); only admins
change them.
"""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cxloop.accounts.tenancy import TenantRequest
from cxloop.cases import business_hours, selectors, services
from cxloop.cases.models import Case, SlaPolicy
from cxloop.errors import DomainError
from cxloop.web.decorators import ADMIN, workspace_required
from cxloop.web.forms.case_settings import (
    PLACEHOLDERS,
    TARGETS,
    CalendarForm,
    ReplyTemplateForm,
    SlaPolicyForm,
)

HOLIDAYS_AHEAD = timedelta(days=365)


def _posted(request: TenantRequest) -> bool:
    """A change, which only an admin may make."""
    if request.method != "POST":
        return False
    if request.membership.role != ADMIN:
        raise PermissionDenied
    return True


def _policy_rows(policies: list[SlaPolicy]) -> list[dict[str, Any]]:
    return [
        {
            "policy": policy,
            "targets": [
                (label, [policy.minutes_for(priority, t) for t, _l in TARGETS])
                for priority, label in reversed(Case.Priority.choices)
            ],
        }
        for policy in policies
    ]


@workspace_required()
def settings_sla(request: TenantRequest) -> HttpResponse:
    workspace = request.workspace
    calendar = services.calendar_ensure(workspace=workspace)
    form = CalendarForm(
        request.POST if _posted(request) else None,
        initial=CalendarForm.initial_of(calendar.schedule),
    )
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                services.calendar_update(workspace=workspace, schedule=form.schedule())
            except DomainError as error:
                field = error.field if error.field in form.fields else None
                form.add_error(field, error.message)
            else:
                messages.success(request, _("Business hours saved."))
                return redirect("web:settings_sla")
        status = 400
    schedule = business_hours.schedule_from_dict(calendar.schedule)
    today = timezone.localdate()
    context = {
        "form": form,
        "holidays": business_hours.holidays_between(
            schedule, today, today + HOLIDAYS_AHEAD
        ),
        "policies": _policy_rows(list(selectors.sla_policy_list(workspace=workspace))),
        "target_names": [label for _t, label in TARGETS],
        "can_edit": request.membership.role == ADMIN,
        "tab": "sla",
    }
    return render(request, "web/settings/sla.html", context, status=status)


@workspace_required(ADMIN)
def sla_policy_edit(request: TenantRequest, pk: int | None = None) -> HttpResponse:
    policy = (
        selectors.sla_policy_get(workspace=request.workspace, pk=pk)
        if pk is not None
        else None
    )
    initial: dict[str, Any] = {"business_hours": True}
    if policy is not None:
        initial = {
            "name": policy.name,
            "business_hours": policy.business_hours,
            "is_default": policy.is_default,
            **SlaPolicyForm.initial_of(policy.targets),
        }
    form = SlaPolicyForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if form.is_bound and form.is_valid():
        try:
            services.sla_policy_save(
                workspace=request.workspace,
                name=form.cleaned_data["name"],
                targets=form.targets(),
                business_hours_only=form.cleaned_data["business_hours"],
                is_default=form.cleaned_data["is_default"],
                policy=policy,
            )
        except DomainError as error:
            form.add_error(
                error.field if error.field in form.fields else None, error.message
            )
        else:
            messages.success(request, _("SLA policy saved."))
            return redirect("web:settings_sla")
    context = {"form": form, "policy": policy, "tab": "sla"}
    status = 400 if form.is_bound else 200
    return render(request, "web/settings/sla_policy.html", context, status=status)


@workspace_required()
def settings_answers(request: TenantRequest) -> HttpResponse:
    context = {
        "answers": selectors.reply_template_list(workspace=request.workspace),
        "can_edit": request.membership.role == ADMIN,
        "tab": "answers",
    }
    return render(request, "web/settings/answers.html", context)


@workspace_required(ADMIN)
def answer_edit(request: TenantRequest, pk: int | None = None) -> HttpResponse:
    answer = (
        selectors.reply_template_get(workspace=request.workspace, pk=pk)
        if pk is not None
        else None
    )
    initial: dict[str, Any] = {"language": request.workspace.default_locale}
    if answer is not None:
        initial = {
            name: getattr(answer, name)
            for name in ("name", "situation", "language", "subject", "body")
        }
    form = ReplyTemplateForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if form.is_bound and form.is_valid():
        try:
            services.reply_template_save(
                workspace=request.workspace, template=answer, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(
                error.field if error.field in form.fields else None, error.message
            )
        else:
            messages.success(request, _("Prepared answer saved."))
            return redirect("web:settings_answers")
    context = {
        "form": form,
        "answer": answer,
        "placeholders": PLACEHOLDERS,
        "tab": "answers",
    }
    status = 400 if form.is_bound else 200
    return render(request, "web/settings/answer_edit.html", context, status=status)


@require_POST
@workspace_required(ADMIN)
def answer_delete(request: TenantRequest, pk: int) -> HttpResponse:
    answer = selectors.reply_template_get(workspace=request.workspace, pk=pk)
    services.reply_template_delete(template=answer)
    messages.success(request, _("Prepared answer deleted."))
    return redirect("web:settings_answers")
