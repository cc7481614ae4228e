"""Settings pages: the workspace itself, its members and its API keys."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cxloop.accounts import selectors, services
from cxloop.accounts.tenancy import TenantRequest
from cxloop.errors import DomainError
from cxloop.insights import selectors as insight_selectors
from cxloop.insights import services as insight_services
from cxloop.web import shown_once
from cxloop.web.decorators import ADMIN, workspace_required
from cxloop.web.forms.accounts import (
    ApiKeyCreateForm,
    MemberInviteForm,
    MemberRoleForm,
    WorkspaceSettingsForm,
)


def _workspace_initial(request: TenantRequest) -> dict[str, str | int]:
    workspace = request.workspace
    return {
        "name": workspace.name,
        "default_locale": workspace.default_locale,
        "timezone_name": workspace.timezone,
        "phone_region": workspace.phone_region,
        "allowed_origins": "\n".join(workspace.allowed_origins),
        "minimum_n": insight_selectors.minimum_n(workspace=workspace),
    }


@workspace_required()
def settings_workspace(request: TenantRequest) -> HttpResponse:
    can_edit = request.membership.role == ADMIN
    form = WorkspaceSettingsForm(
        request.POST if request.method == "POST" and can_edit else None,
        initial=_workspace_initial(request),
    )
    if form.is_bound and form.is_valid():
        data = dict(form.cleaned_data)
        minimum_n = data.pop("minimum_n")
        try:
            # One form, two apps' settings: saved together or not at all.
            with transaction.atomic():
                services.workspace_update(workspace=request.workspace, **data)
                if minimum_n is not None:
                    insight_services.insight_settings_update(
                        workspace=request.workspace, minimum_n=minimum_n
                    )
        except DomainError as error:
            form.add_error(
                error.field if error.field in form.fields else None, error.message
            )
        else:
            messages.success(request, _("Workspace settings saved."))
            return redirect("web:settings_workspace")
    context = {"form": form, "can_edit": can_edit, "tab": "workspace"}
    return render(request, "web/settings/workspace.html", context)


@workspace_required()
def settings_members(request: TenantRequest) -> HttpResponse:
    form = MemberInviteForm()
    if request.method == "POST" and request.membership.role == ADMIN:
        form = MemberInviteForm(request.POST)
        if form.is_valid():
            try:
                services.member_invite(
                    workspace=request.workspace,
                    invited_by=request.user,
                    base_url=request.build_absolute_uri("/").rstrip("/"),
                    **form.cleaned_data,
                )
            except DomainError as error:
                form.add_error("email", error.message)
            else:
                messages.success(
                    request, _("%(email)s was invited.") % form.cleaned_data
                )
                return redirect("web:settings_members")
    context = {
        "members": selectors.membership_list(workspace=request.workspace),
        "form": form,
        "can_edit": request.membership.role == ADMIN,
        "role_form": MemberRoleForm(),
        "tab": "members",
    }
    return render(request, "web/settings/members.html", context)


@require_POST
@workspace_required(ADMIN)
def member_role(request: TenantRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(workspace=request.workspace, pk=pk)
    form = MemberRoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set_role(
                membership=membership, role=form.cleaned_data["role"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("Role of %(name)s changed.") % {"name": membership.user}
            )
    return redirect("web:settings_members")


@require_POST
@workspace_required(ADMIN)
def member_remove(request: TenantRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_get(workspace=request.workspace, pk=pk)
    try:
        services.membership_remove(membership=membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s was removed.") % {"name": membership.user}
        )
    return redirect("web:settings_members")


NEW_KEY_SESSION = "cxloop_new_api_key"


def _pop_new_key(request: TenantRequest) -> str | None:
    kept = shown_once.take_kept(request, NEW_KEY_SESSION)
    return kept["token"] if kept else None


@workspace_required(ADMIN)
def settings_apikeys(request: TenantRequest) -> HttpResponse:
    form = ApiKeyCreateForm(request.POST or None)
    if form.is_bound and form.is_valid():
        issued = services.apikey_create(
            workspace=request.workspace, created_by=request.user, **form.cleaned_data
        )
        shown_once.keep_for_next_page(request, NEW_KEY_SESSION, token=issued.token)
        return redirect("web:settings_apikeys")
    context = {
        "keys": selectors.apikey_list(workspace=request.workspace).select_related(
            "created_by"
        ),
        "form": form,
        "new_key": _pop_new_key(request),
        "tab": "apikeys",
    }
    return render(request, "web/settings/apikeys.html", context)


@require_POST
@workspace_required(ADMIN)
def apikey_revoke(request: TenantRequest, pk: int) -> HttpResponse:
    api_key = selectors.apikey_get(workspace=request.workspace, pk=pk)
    services.apikey_revoke(api_key=api_key)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "web/settings/_apikey_row.html", {"key": api_key})
    messages.success(request, _("Key %(key)s revoked.") % {"key": api_key.masked})
    return redirect("web:settings_apikeys")
