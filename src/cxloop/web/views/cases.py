"""Cases: the inbox, opening a case, and the case page where it is worked.

Agents and admins work cases (status, owner, notes, replies); analysts and
viewers read them.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cxloop.accounts.models import Membership
from cxloop.accounts.tenancy import TenantRequest
from cxloop.cases import selectors, services
from cxloop.cases.models import Case
from cxloop.cases.selectors import CaseFilter
from cxloop.customers import selectors as customer_selectors
from cxloop.customers.models import Customer
from cxloop.errors import DomainError, NotFound
from cxloop.journeys import selectors as journey_selectors
from cxloop.web.decorators import ADMIN, workspace_required
from cxloop.web.forms.cases import (
    UNASSIGNED,
    VIEW_CHOICES,
    BulkForm,
    CaseFilterForm,
    CaseOpenForm,
)
from cxloop.web.forms.period import filters_of
from cxloop.web.templatetags.customer_tags import customer_title
from cxloop.web.views import case_page
from cxloop.web.views.case_page import member_choices

PAGE_SIZE = 50
WORKERS = (ADMIN, Membership.Role.AGENT)


def _touchpoints(request: TenantRequest) -> list[tuple[str, str]]:
    return [
        (touchpoint.key, touchpoint.display_name)
        for touchpoint in journey_selectors.touchpoint_list(workspace=request.workspace)
    ]


def _filter_of(data: dict[str, Any], view: str) -> CaseFilter:
    owner = data.get("owner") or ""
    return CaseFilter(
        view=view,
        status=data.get("status") or "",
        priority=data.get("priority") or "",
        owner_id=int(owner) if owner.isdecimal() else None,
        team=data.get("team") or "",
        touchpoint=data.get("touchpoint") or "",
        text=(data.get("q") or "").strip(),
    )


@workspace_required()
def case_inbox(request: TenantRequest) -> HttpResponse:
    workspace = request.workspace
    members = member_choices(request)
    form = CaseFilterForm(
        request.GET or None,
        members=members,
        teams=selectors.case_team_names(workspace=workspace),
        touchpoints=_touchpoints(request),
    )
    data = filters_of(form)
    now = timezone.now()
    counts = selectors.case_view_counts(workspace=workspace, user=request.user, now=now)
    counts["all"] = Case.objects.of(workspace).count()
    view = data.get("view") or ("mine" if counts["mine"] else "open")
    cases = selectors.case_search(
        workspace=workspace, filters=_filter_of(data, view), user=request.user, now=now
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    # The filters without the tab and the page: kept when either changes.
    kept = QueryDict(mutable=True)
    for name in ("q", "status", "priority", "owner", "team", "touchpoint"):
        if data.get(name):
            kept[name] = data[name]
    query = kept.urlencode()
    context = {
        "form": form,
        "page": page,
        "cases": page.object_list,
        "view": view,
        "tabs": [(key, label, counts.get(key, 0)) for key, label in VIEW_CHOICES],
        "query": query,
        "view_query": urlencode({"view": view, **kept.dict()}),
        "can_work": request.membership.role in WORKERS,
        "bulk_form": BulkForm(members=members),
        "now": now,
        "touchpoint_names": journey_selectors.touchpoint_names(workspace=workspace),
    }
    return render(request, "web/cases/inbox.html", context)


@require_POST
@workspace_required(*WORKERS)
def case_bulk(request: TenantRequest) -> HttpResponse:
    """Assign or move the ticked cases; each refusal is said, the rest done."""
    form = BulkForm(request.POST, members=member_choices(request))
    # Back to the list as it was filtered; re-encoded, so nothing but a
    # query string can come from the posted value.
    kept = QueryDict(request.POST.get("query", "")[:2000]).urlencode()
    back = redirect(f"/app/cases/?{kept}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return back
    done, refused = 0, []
    for number in form.cleaned_data["cases"]:
        try:
            case = selectors.case_get_by_number(
                workspace=request.workspace, number=number
            )
            if form.cleaned_data["action"] == "assign":
                owner = form.cleaned_data["owner"]
                services.case_assign(
                    case=case,
                    owner_id=None if owner == UNASSIGNED else int(owner),
                    actor=request.user,
                )
            else:
                services.case_status_set(
                    case=case, status=form.cleaned_data["status"], actor=request.user
                )
        except DomainError as error:
            refused.append(f"#{number}: {error.message}")
        else:
            done += 1
    if done:
        messages.success(
            request,
            ngettext("%(count)d case changed.", "%(count)d cases changed.", done)
            % {"count": done},
        )
    for refusal in refused:
        messages.error(request, refusal)
    return back


def _customer_find(request: TenantRequest, text: str) -> tuple[Customer | None, str]:
    """The one customer a typed id, e-mail, phone or name means, or why not."""
    text = text.strip()
    if not text:
        return None, ""
    digits = text.lstrip("#")
    if digits.isdecimal() and len(digits) < 19:
        try:
            return customer_selectors.customer_get(
                workspace=request.workspace, pk=int(digits)
            ), ""
        except NotFound:
            if text.startswith("#"):
                return None, _("No customer has this id.")
    found = customer_selectors.customer_search(
        workspace=request.workspace, text=text
    ).customers
    if not found:
        return None, _("Nobody found; try an e-mail, a phone number or the #id.")
    if len(found) > 1:
        shown = ", ".join(
            f"{customer_title(customer) or _('unnamed')} (#{customer.pk})"
            for customer in found[:5]
        )
        return None, ngettext(
            "%(count)d customer matches: %(shown)s. "
            "Type more, or the #id of one of them.",
            "%(count)d customers match: %(shown)s. "
            "Type more, or the #id of one of them.",
            len(found),
        ) % {"count": len(found), "shown": shown}
    return found[0], ""


@workspace_required(*WORKERS)
def case_new(request: TenantRequest) -> HttpResponse:
    initial: dict[str, Any] = {}
    for_customer = None
    customer_id = request.GET.get("customer", "")
    if customer_id.isdecimal() and len(customer_id) < 19:
        initial["customer"] = f"#{customer_id}"
        for_customer, _problem = _customer_find(request, initial["customer"])
    form = CaseOpenForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        members=member_choices(request),
        touchpoints=_touchpoints(request),
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        customer, problem = _customer_find(request, data["customer"])
        if problem:
            form.add_error("customer", problem)
        else:
            try:
                case = services.case_open(
                    workspace=request.workspace,
                    title=data["title"],
                    description=data["description"],
                    source=Case.Source.MANUAL,
                    customer_id=customer.pk if customer else None,
                    touchpoint_key=data["touchpoint"],
                    priority=data["priority"],
                    owner_id=data["owner"],
                    language=customer.locale if customer else "",
                    opened_by=request.user,
                )
            except DomainError as error:
                form.add_error(
                    error.field if error.field in form.fields else None, error.message
                )
            else:
                messages.success(
                    request, _("Case #%(number)d opened.") % {"number": case.number}
                )
                return redirect("web:case_detail", number=case.number)
    status = 400 if form.is_bound else 200
    context = {"form": form, "for_customer": for_customer}
    return render(request, "web/cases/case_new.html", context, status=status)


@workspace_required()
def case_detail(request: TenantRequest, number: int) -> HttpResponse:
    case = selectors.case_get_by_number(workspace=request.workspace, number=number)
    return case_page.render_case(request, case)


@require_POST
@workspace_required(*WORKERS)
def case_act(request: TenantRequest, number: int, action: str) -> HttpResponse:
    """One change from the case page: status, owner, priority, tags, a note,
    a reply, a merge. A refused change shows the page again with the reason
    on its field."""
    case = selectors.case_get_by_number(workspace=request.workspace, number=number)
    return case_page.case_act(request, case, action)
