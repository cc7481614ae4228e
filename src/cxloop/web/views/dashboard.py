from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cxloop.accounts import selectors, tenancy
from cxloop.accounts.tenancy import TenantRequest
from cxloop.web.decorators import workspace_required
from cxloop.worker import selectors as worker_selectors


@workspace_required()
def overview(request: TenantRequest) -> HttpResponse:
    workspace = request.workspace
    context = {
        "member_count": selectors.membership_list(workspace=workspace).count(),
        "active_key_count": selectors.apikey_list(workspace=workspace)
        .filter(revoked_at__isnull=True)
        .count(),
        "worker_last_seen": worker_selectors.heartbeat_last_seen(),
    }
    return render(request, "web/overview.html", context)


@require_POST
@login_required
def workspace_switch(request: TenantRequest) -> HttpResponse:
    tenancy.switch_workspace(request, slug=request.POST.get("workspace", ""))
    return redirect("web:overview")
