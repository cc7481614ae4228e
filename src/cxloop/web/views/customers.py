"""The Customers page: find a person, see their 360 view, export or erase."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cxloop.accounts.models import Workspace
from cxloop.accounts.tenancy import TenantRequest
from cxloop.customers import selectors, services
from cxloop.customers.models import Customer, Identity
from cxloop.errors import DomainError
from cxloop.journeys.models import Event
from cxloop.surveys.models import Response
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
        if self.nps is None:
            return None
        if self.nps >= 9:
            return "promoter"
        return "passive" if self.nps >= 7 else "detractor"


def _identified(customers: QuerySet[Customer]) -> QuerySet[Customer]:
    """Profiles with a name or anything but a browser id.

    Belongs with customers.selectors.customer_list (as an option) when that
    module is next edited; kept here meanwhile.
    """
    known = Identity.objects.filter(customer=OuterRef("pk")).exclude(
        kind=Identity.Kind.ANONYMOUS
    )
    return customers.filter(~Q(first_name="") | ~Q(last_name="") | Exists(known))


def _rows(workspace: Workspace, customers: list[Customer]) -> list[CustomerRow]:
    """Each customer with their latest event, answer or order and NPS answer."""
    ids = [customer.pk for customer in customers]
    events = dict(
        Event.objects.of(workspace)
        .filter(customer_id__in=ids)
        .values("customer_id")
        .annotate(last=Max("occurred_at"))
        .values_list("customer_id", "last")
    )
    answers = Response.objects.of(workspace).filter(customer_id__in=ids)
    answered = dict(
        answers.values("customer_id")
        .annotate(last=Max("submitted_at"))
        .values_list("customer_id", "last")
    )
    latest_nps = answers.filter(customer_id=OuterRef("pk"), nps__isnull=False)
    nps = dict(
        Customer.objects.of(workspace)
        .filter(pk__in=ids)
        .annotate(
            nps=Subquery(latest_nps.order_by("-submitted_at", "-pk").values("nps")[:1])
        )
        .values_list("pk", "nps")
    )
    rows = []
    for customer in customers:
        moments = [
            moment
            for moment in (
                getattr(customer, "last_order_at", None),
                events.get(customer.pk),
                answered.get(customer.pk),
            )
            if moment is not None
        ]
        rows.append(
            CustomerRow(customer, max(moments, default=None), nps.get(customer.pk))
        )
    return rows


def _recent(request: TenantRequest, *, anonymous: bool) -> dict[str, Any]:
    customers = selectors.customer_list(workspace=request.workspace)
    if not anonymous:
        customers = _identified(customers)
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
