"""Settings → Rules: the list, a rule's page with its firing log, the editor.

Admins configure; analysts, agents and viewers read.
"""

from dataclasses import asdict

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cxloop.accounts.tenancy import TenantRequest
from cxloop.errors import DomainError
from cxloop.rules import selectors, services
from cxloop.rules.models import Rule
from cxloop.web.decorators import ADMIN, workspace_required
from cxloop.web.forms.rules import RuleEditor, action_text, condition_text
from cxloop.web.paging import page_or_first

FIRINGS_PAGE = 50


@workspace_required()
def rule_list(request: TenantRequest) -> HttpResponse:
    context = {
        "rules": selectors.rule_list_with_activity(workspace=request.workspace),
        "can_edit": request.membership.role == ADMIN,
        "tab": "rules",
    }
    return render(request, "web/rules/rule_list.html", context)


@workspace_required()
def rule_detail(request: TenantRequest, pk: int) -> HttpResponse:
    rule = selectors.rule_get(workspace=request.workspace, pk=pk)
    firings = page_or_first(
        selectors.firing_list(rule=rule),
        time_field="fired_at",
        limit=FIRINGS_PAGE,
        cursor=request.GET.get("cursor"),
        serialize=lambda firing: firing,
    )
    context = {
        "rule": rule,
        "conditions": [condition_text(c) for c in rule.conditions],
        "actions": [action_text(a) for a in rule.actions],
        "firings": firings["items"],
        "next_cursor": firings["next_cursor"],
        "can_edit": request.membership.role == ADMIN,
        "tab": "rules",
    }
    return render(request, "web/rules/rule_detail.html", context)


def _editor_page(request: TenantRequest, rule: Rule | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    action = request.POST.get("do", "save")
    editor = RuleEditor(
        workspace=request.workspace,
        data=post,
        rule=rule,
        add=action.removeprefix("add_"),
    )
    preview = None
    if post is not None and action in ("save", "preview") and editor.is_valid():
        try:
            if action == "preview":
                count, examples = services.rule_preview(
                    workspace=request.workspace, rule_data=editor.preview_data()
                )
                preview = {"count": count, "examples": examples}
            else:
                return _save(request, rule, editor)
        except DomainError as error:
            editor.refuse(error)
    context = {"editor": editor, "rule": rule, "preview": preview, "tab": "rules"}
    return render(request, "web/rules/rule_form.html", context)


def _save(
    request: TenantRequest, rule: Rule | None, editor: RuleEditor
) -> HttpResponse:
    data = editor.rule_data()
    if rule is None:
        rule = services.rule_create(
            workspace=request.workspace, data=data, created_by=request.user
        )
    else:
        rule = services.rule_update(
            rule=rule, changes=asdict(data), updated_by=request.user
        )
    messages.success(request, _("Rule saved."))
    return redirect("web:rule_detail", pk=rule.pk)


@workspace_required(ADMIN)
def rule_new(request: TenantRequest) -> HttpResponse:
    return _editor_page(request, None)


@workspace_required(ADMIN)
def rule_edit(request: TenantRequest, pk: int) -> HttpResponse:
    return _editor_page(request, selectors.rule_get(workspace=request.workspace, pk=pk))


@require_POST
@workspace_required(ADMIN)
def rule_set_enabled(request: TenantRequest, pk: int) -> HttpResponse:
    rule = selectors.rule_get(workspace=request.workspace, pk=pk)
    services.rule_set_enabled(
        rule=rule, enabled=request.POST.get("enabled") == "1", updated_by=request.user
    )
    return redirect("web:rule_list")


@require_POST
@workspace_required(ADMIN)
def rule_delete(request: TenantRequest, pk: int) -> HttpResponse:
    rule = selectors.rule_get(workspace=request.workspace, pk=pk)
    services.rule_delete(rule=rule)
    messages.success(request, _("Rule deleted."))
    return redirect("web:rule_list")
