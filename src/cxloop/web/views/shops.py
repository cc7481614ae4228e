"""Settings → Shops: connect an e-shop's webhooks and watch its deliveries."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cxloop.accounts.tenancy import TenantRequest
from cxloop.errors import DomainError
from cxloop.integrations import selectors, services
from cxloop.web import shown_once
from cxloop.web.decorators import ADMIN, workspace_required
from cxloop.web.forms.integrations import ShopConnectionForm

NEW_SECRET_SESSION = "cxloop:new-shop-secret"  # noqa: S105 - a session key name
RECENT_DELIVERIES = 5


@workspace_required(ADMIN)
def settings_shops(request: TenantRequest) -> HttpResponse:
    form = ShopConnectionForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            created = services.connection_create(
                workspace=request.workspace, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field or None, error.message)
        else:
            if created.generated_secret:
                shown_once.keep_for_next_page(
                    request,
                    NEW_SECRET_SESSION,
                    secret=created.generated_secret,
                    pk=str(created.connection.pk),
                )
            messages.success(request, _("Shop connected."))
            return redirect("web:settings_shops")
    connections = [
        {
            "connection": connection,
            "url": request.build_absolute_uri(connection.webhook_path),
            "deliveries": list(
                selectors.delivery_list(
                    workspace=request.workspace, connection=connection
                )[:RECENT_DELIVERIES]
            ),
        }
        for connection in selectors.connection_list(workspace=request.workspace)
    ]
    context = {
        "connections": connections,
        "form": form,
        "new_secret": shown_once.take_kept(request, NEW_SECRET_SESSION),
        "tab": "shops",
    }
    return render(request, "web/settings/shops.html", context)


@require_POST
@workspace_required(ADMIN)
def shop_set_active(request: TenantRequest, pk: int) -> HttpResponse:
    connection = selectors.connection_get(workspace=request.workspace, pk=pk)
    services.connection_set_active(
        connection=connection, active=request.POST.get("active") == "1"
    )
    return redirect("web:settings_shops")
