"""The Customers page: find a person, see their 360 view, export or erase."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cxloop.accounts.models import Membership, Workspace
from cxloop.accounts.tenancy import TenantRequest
from cxloop.customers import selectors, services
from cxloop.customers.models import Customer, Identity
from cxloop.errors import DomainError
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys import selectors as survey_selectors
from cxloop.surveys.models import nps_band_of
from cxloop.web.decorators import ADMIN, workspace_required
from cxloop.web.forms.customers import CustomerEraseForm, CustomerSearchForm
from cxloop.web.paging import page_or_first

PAGE_SIZE = 25
ORDERS_SHOWN = 20


@dataclass(frozen=True)
class CustomerRow:
    """A line of the customer list: who, when last heard of, how they score."""

    customer: Customer
    last_interaction_at: datetime | None
    nps: int | None

    @property
    def is_anonymous(self) -> bool:
        """Known only by browser ids: a visitor rather than a customer yet."""
        customer = self.customer
        return not customer.full_name and all(
            identity.kind == Identity.Kind.ANONYMOUS
            for identity in customer.identities.all()
        )

    @property
    def nps_band(self) -> str | None:
        return nps_band_of(self.nps)


def _rows(workspace: Workspace, customers: list[Customer]) -> list[CustomerRow]:
    """Each customer with their latest event, answer or order and NPS answer."""
    ids = [customer.pk for customer in customers]
    events = journey_selectors.event_last_at_by_customer(
        workspace=workspace, customer_ids=ids
    )
    answers = survey_selectors.response_summary_by_customer(
        workspace=workspace, customer_ids=ids
    )
    rows = []
    for customer in customers:
        answer = answers.get(customer.pk)
        moments = [
            moment
            for moment in (
                getattr(customer, "last_order_at", None),
                events.get(customer.pk),
                answer.last_at if answer else None,
            )
            if moment is not None
        ]
        nps = answer.nps if answer else None
        rows.append(CustomerRow(customer, max(moments, default=None), nps))
    return rows


def _recent(request: TenantRequest, *, anonymous: bool) -> dict[str, Any]:
    customers = selectors.customer_list(
        workspace=request.workspace, identified_only=not anonymous
    )
    result = page_or_first(
        customers,
        cursor=request.GET.get("cursor"),
        time_field="created_at",
        limit=PAGE_SIZE,
        serialize=lambda customer: customer,
    )
    result["items"] = _rows(request.workspace, result["items"])
    return result


@workspace_required()
def customer_list(request: TenantRequest) -> HttpResponse:
    form = CustomerSearchForm(request.GET)
    valid = form.is_valid()
    text = form.cleaned_data["q"] if valid else ""
    anonymous = bool(valid and form.cleaned_data["anonymous"])
    context: dict[str, Any] = {"form": form, "anonymous": anonymous}
    if text.strip():
        search = selectors.customer_search(workspace=request.workspace, text=text)
        if len(search.customers) == 1:
            return redirect("web:customer_detail", pk=search.customers[0].pk)
        context.update(search=search, rows=_rows(request.workspace, search.customers))
    else:
        result = _recent(request, anonymous=anonymous)
        context.update(rows=result["items"], next_cursor=result["next_cursor"])
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
    context["can_open_case"] = request.membership.role in (ADMIN, Membership.Role.AGENT)
    context["touchpoint_names"] = journey_selectors.touchpoint_names(
        workspace=request.workspace
    )
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
