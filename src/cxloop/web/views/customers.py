"""The Customers page: find a person, see their 360 view, export or erase."""

from typing import Any

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cxloop.accounts.tenancy import TenantRequest
from cxloop.customers import selectors, services
from cxloop.errors import DomainError, InvalidInput
from cxloop.pagination import page
from cxloop.web.decorators import ADMIN, workspace_required
from cxloop.web.forms.customers import CustomerEraseForm, CustomerSearchForm

PAGE_SIZE = 25
ORDERS_SHOWN = 20


def _recent(request: TenantRequest) -> dict[str, Any]:
    customers = selectors.customer_list(workspace=request.workspace)
    paging: dict[str, Any] = {
        "time_field": "created_at",
        "limit": PAGE_SIZE,
        "serialize": lambda customer: customer,
    }
    try:
        return page(customers, cursor=request.GET.get("cursor") or None, **paging)
    except InvalidInput:  # a mangled cursor: start again from the newest
        return page(customers, cursor=None, **paging)


@workspace_required()
def customer_list(request: TenantRequest) -> HttpResponse:
    form = CustomerSearchForm(request.GET)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    context: dict[str, Any] = {"form": form}
    if text.strip():
        search = selectors.customer_search(workspace=request.workspace, text=text)
        if len(search.customers) == 1:
            return redirect("web:customer_detail", pk=search.customers[0].pk)
        context["search"] = search
    else:
        result = _recent(request)
        context.update(customers=result["items"], next_cursor=result["next_cursor"])
        if request.htmx and request.GET.get("cursor"):  # type: ignore[attr-defined]
            return render(request, "web/customers/_rows.html", context)
    return render(request, "web/customers/customer_list.html", context)


@workspace_required()
def customer_detail(request: TenantRequest, pk: int) -> HttpResponse:
    customer = selectors.customer_get(
        workspace=request.workspace, pk=pk, include_erased=True
    )
    if customer.pk != pk:  # a merged profile's old id: show the survivor's URL
        return redirect("web:customer_detail", pk=customer.pk)
    context = selectors.customer_profile(
        workspace=request.workspace, customer=customer, orders_limit=ORDERS_SHOWN
    )
    context["can_manage"] = request.membership.role == ADMIN
    return render(request, "web/customers/customer_detail.html", context)


@workspace_required(ADMIN)
def customer_export(request: TenantRequest, pk: int) -> JsonResponse:
    customer = selectors.customer_get(
        workspace=request.workspace, pk=pk, include_erased=True
    )
    data = selectors.customer_export(workspace=request.workspace, customer=customer)
    response = JsonResponse(
        data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2}
    )
    filename = f"{request.workspace.slug}-customer-{customer.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@workspace_required(ADMIN)
def customer_erase(request: TenantRequest, pk: int) -> HttpResponse:
    customer = selectors.customer_get(
        workspace=request.workspace, pk=pk, include_erased=True
    )
    form = CustomerEraseForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.customer_erase(
                workspace=request.workspace,
                customer=customer,
                actor=request.user.email,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The customer's personal data was erased."))
            return redirect("web:customer_detail", pk=customer.pk)
    context = {"customer": customer, "form": form}
    return render(request, "web/customers/customer_erase.html", context)
