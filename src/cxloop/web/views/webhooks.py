"""Settings → Webhooks: endpoints, their deliveries and dead letters."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cxloop.accounts.tenancy import TenantRequest
from cxloop.delivery import selectors, services
from cxloop.delivery.models import Delivery
from cxloop.errors import DomainError
from cxloop.web import shown_once
from cxloop.web.decorators import ADMIN, workspace_required
from cxloop.web.forms.webhooks import RedeliverFailedForm, WebhookEndpointForm
from cxloop.web.paging import page_or_first

NEW_SECRET_SESSION = "cxloop:new-webhook-secret"  # noqa: S105 - a session key name
RECENT_DELIVERIES = 10
DELIVERIES_PAGE = 50
ATTEMPTS_SHOWN = 100


@workspace_required(ADMIN)
def settings_webhooks(request: TenantRequest) -> HttpResponse:
    form = WebhookEndpointForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            created = services.endpoint_create(
                workspace=request.workspace, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field or None, error.message)
        else:
            shown_once.keep_for_next_page(
                request,
                NEW_SECRET_SESSION,
                secret=created.secret,
                pk=str(created.endpoint.pk),
            )
            messages.success(request, _("Webhook endpoint added."))
            return redirect("web:settings_webhooks")
    endpoints = [
        {
            "endpoint": endpoint,
            "deliveries": list(
                selectors.delivery_list(workspace=request.workspace, endpoint=endpoint)[
                    :RECENT_DELIVERIES
                ]
            ),
            "failed": selectors.delivery_list(
                workspace=request.workspace, endpoint=endpoint, status="failed"
            ).count(),
        }
        for endpoint in selectors.endpoint_list(workspace=request.workspace)
    ]
    context = {
        "endpoints": endpoints,
        "form": form,
        "redeliver_form": RedeliverFailedForm(),
        "new_secret": shown_once.take_kept(request, NEW_SECRET_SESSION),
        "tab": "webhooks",
    }
    return render(request, "web/settings/webhooks.html", context)


@workspace_required(ADMIN)
def webhook_deliveries(request: TenantRequest, pk: int) -> HttpResponse:
    """One endpoint's deliveries, newest first, optionally only the failed."""
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=pk)
    statuses = [("", _("All")), *Delivery.Status.choices]
    status = request.GET.get("status", "")
    if status not in {value for value, _label in statuses}:
        status = ""
    deliveries = selectors.delivery_list(
        workspace=request.workspace, endpoint=endpoint, status=status or None
    )
    result = page_or_first(
        deliveries,
        time_field="created_at",
        limit=DELIVERIES_PAGE,
        cursor=request.GET.get("cursor"),
        serialize=lambda delivery: delivery,
    )
    context = {
        "endpoint": endpoint,
        "deliveries": result["items"],
        "next_cursor": result["next_cursor"],
        "status": status,
        "statuses": statuses,
        "tab": "webhooks",
    }
    return render(request, "web/settings/webhooks_deliveries.html", context)


@workspace_required(ADMIN)
def webhook_delivery(request: TenantRequest, pk: int) -> HttpResponse:
    """One delivery and every attempt of it, newest first."""
    delivery = selectors.delivery_get(workspace=request.workspace, pk=pk)
    attempts = selectors.attempt_list(workspace=request.workspace, delivery=delivery)
    context = {
        "delivery": delivery,
        "attempts": list(attempts[:ATTEMPTS_SHOWN]),
        "tab": "webhooks",
    }
    return render(request, "web/settings/webhooks_delivery.html", context)


def _back() -> HttpResponse:
    return redirect("web:settings_webhooks")


@require_POST
@workspace_required(ADMIN)
def webhook_set_enabled(request: TenantRequest, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=pk)
    services.endpoint_update(
        endpoint=endpoint, enabled=request.POST.get("enabled") == "1"
    )
    return _back()


@require_POST
@workspace_required(ADMIN)
def webhook_rotate(request: TenantRequest, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=pk)
    rotated = services.endpoint_rotate_secret(endpoint=endpoint)
    shown_once.keep_for_next_page(
        request, NEW_SECRET_SESSION, secret=rotated.secret, pk=str(endpoint.pk)
    )
    messages.success(
        request, _("New secret made; the old one keeps signing for 24 hours.")
    )
    return _back()


@require_POST
@workspace_required(ADMIN)
def webhook_test(request: TenantRequest, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=pk)
    try:
        services.endpoint_send_test(endpoint=endpoint)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Test event sent."))
    return _back()


@require_POST
@workspace_required(ADMIN)
def webhook_delete(request: TenantRequest, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=pk)
    services.endpoint_delete(endpoint=endpoint)
    messages.success(request, _("Webhook endpoint deleted."))
    return _back()


@require_POST
@workspace_required(ADMIN)
def webhook_redeliver(request: TenantRequest, pk: int) -> HttpResponse:
    delivery = selectors.delivery_get(workspace=request.workspace, pk=pk)
    try:
        services.delivery_redeliver(delivery=delivery)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Delivery sent again."))
    return _back()


@require_POST
@workspace_required(ADMIN)
def webhook_redeliver_failed(request: TenantRequest, pk: int) -> HttpResponse:
    endpoint = selectors.endpoint_get(workspace=request.workspace, pk=pk)
    form = RedeliverFailedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose how far back to redeliver."))
        return _back()
    since = timezone.now() - timedelta(hours=form.cleaned_data["since_hours"])
    try:
        count = services.deliveries_redeliver_failed(endpoint=endpoint, since=since)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(count)s failed deliveries sent again.") % {"count": count}
        )
    return _back()
