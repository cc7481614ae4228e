"""The case page: its header, timeline, actions and the customer beside it.

Each action posts to its own URL; a refused one shows the page again with
the form bound and the reason on its field (a 400), everything else as it
was.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop.accounts import selectors as account_selectors
from cxloop.accounts.models import Membership
from cxloop.accounts.tenancy import TenantRequest
from cxloop.cases import selectors, services
from cxloop.cases.models import Case, CaseEntry, ReplyTemplate
from cxloop.cases.services.cases import TRANSITIONS
from cxloop.cases.services.replies import reply_language
from cxloop.customers import selectors as customer_selectors
from cxloop.errors import DomainError, NotFound
from cxloop.journeys import selectors as journey_selectors
from cxloop.surveys.models import Response
from cxloop.web.decorators import ADMIN
from cxloop.web.forms.cases import (
    AnswerPickForm,
    AssignForm,
    MergeForm,
    NoteForm,
    PriorityForm,
    ReplyForm,
    StatusForm,
    TagsForm,
)

EARLIER_CASES = 5
WORKERS = (ADMIN, Membership.Role.AGENT)


def member_choices(request: TenantRequest) -> list[tuple[str, Any]]:
    """The workspace's members as (user id, name) for an owner select."""
    return [
        (str(m.user.pk), m.user.get_full_name() or m.user.email)
        for m in account_selectors.membership_list(workspace=request.workspace)
    ]


def _label(choices: type[Case.Status] | type[Case.Priority], value: object) -> str:
    labels = dict(choices.choices)
    return str(labels.get(str(value), value))


def response_link(response: Response) -> str:
    """The Feedback inbox narrowed to this response: its survey, day and words."""
    day = timezone.localtime(response.submitted_at).date().isoformat()
    query = {"survey": response.survey.key, "since": day, "until": day}
    if response.comment:
        query["q"] = response.comment[:60]
    return f"/app/feedback/?{urlencode(query)}"


def _change_text(entry: CaseEntry, names: Mapping[str, str]) -> str:
    """What a change entry changed, in words."""
    data = entry.data if isinstance(entry.data, dict) else {}
    if entry.kind == CaseEntry.Kind.STATUS:
        return _("%(old)s → %(new)s") % {
            "old": _label(Case.Status, data.get("from")),
            "new": _label(Case.Status, data.get("to")),
        }
    if entry.kind == CaseEntry.Kind.PRIORITY:
        return _("%(old)s → %(new)s") % {
            "old": _label(Case.Priority, data.get("from")),
            "new": _label(Case.Priority, data.get("to")),
        }
    if entry.kind == CaseEntry.Kind.TAGS:
        tags = data.get("to") or []
        return ", ".join(str(tag) for tag in tags) or _("no tags")
    if entry.kind == CaseEntry.Kind.OWNER:
        parts = []
        owner = data.get("owner_id")
        if isinstance(owner, list) and len(owner) == 2:
            new = owner[1]
            parts.append(names.get(str(new), _("nobody")) if new else _("nobody"))
        team = data.get("team")
        if isinstance(team, list) and len(team) == 2:
            parts.append(_("team %(team)s") % {"team": team[1] or "—"})
        return " · ".join(parts)
    return ""


def _timeline(case: Case, names: Mapping[str, str]) -> list[dict[str, Any]]:
    return [
        {
            "entry": entry,
            "change": _change_text(entry, names),
            "response_link": response_link(entry.response) if entry.response else "",
        }
        for entry in selectors.case_timeline(case=case)
    ]


def _answers(
    request: TenantRequest, case: Case
) -> tuple[AnswerPickForm, list[ReplyTemplate], ReplyTemplate | None, str]:
    """The prepared answers for this case's language (all when it has none)."""
    workspace = request.workspace
    language = reply_language(case)
    situation = request.GET.get("situation", "")[:100]
    answers = list(
        selectors.reply_template_list(
            workspace=workspace, language=language, situation=situation
        )
    )
    all_languages = not answers
    if all_languages:
        answers = list(
            selectors.reply_template_list(workspace=workspace, situation=situation)
        )
    choices = [
        (
            str(answer.pk),
            f"{answer.name} ({answer.language.upper()})"
            if all_languages
            else answer.name,
        )
        for answer in answers
    ]
    pick = AnswerPickForm(
        request.GET if "answer" in request.GET or situation else None,
        situations=selectors.reply_situation_list(workspace=workspace),
        answers=choices,
    )
    chosen = None
    if pick.is_bound and pick.is_valid() and pick.cleaned_data["answer"]:
        try:
            chosen = selectors.reply_template_get(
                workspace=workspace, pk=pick.cleaned_data["answer"]
            )
        except NotFound:
            chosen = None
    return pick, answers, chosen, language


def _customer_panel(request: TenantRequest, case: Case) -> dict[str, Any] | None:
    customer = case.customer
    if customer is None:
        return None
    summary = customer_selectors.customer_360(
        workspace=request.workspace, customer=customer
    )
    earlier = selectors.case_list_for_customer(
        workspace=request.workspace, customer_id=customer.pk
    ).exclude(pk=case.pk)[:EARLIER_CASES]
    return {**summary, "customer": customer, "earlier_cases": list(earlier)}


def _teams(request: TenantRequest, case: Case) -> list[str]:
    """The workspace's teams, and the case's own even when no longer one."""
    teams = selectors.case_team_names(workspace=request.workspace)
    return teams if not case.team or case.team in teams else [case.team, *teams]


def _forms(
    request: TenantRequest, case: Case, bound: Mapping[str, forms.Form]
) -> dict[str, forms.Form]:
    members = member_choices(request)
    statuses = [(case.status, _label(Case.Status, case.status))] + [
        (value, label)
        for value, label in Case.Status.choices
        if value in TRANSITIONS.get(case.status, set())
    ]
    made: dict[str, forms.Form] = {
        "status": StatusForm(initial={"status": case.status}, statuses=statuses),
        "assign": AssignForm(
            initial={"owner": case.owner_id, "team": case.team},
            members=members,
            teams=_teams(request, case),
        ),
        "priority": PriorityForm(initial={"priority": case.priority}),
        "tags": TagsForm(initial={"tags": ", ".join(case.tags)}),
        "note": NoteForm(),
        "reply": ReplyForm(),
        "merge": MergeForm(),
    }
    made.update(bound)
    return made


def render_case(
    request: TenantRequest,
    case: Case,
    *,
    bound: Mapping[str, forms.Form] | None = None,
    preview: Any = None,
    status: int = 200,
) -> HttpResponse:
    names = dict(member_choices(request))
    case_forms = _forms(request, case, bound or {})
    pick, answers, chosen, language = _answers(request, case)
    reply_form = case_forms["reply"]
    if chosen is not None and not reply_form.is_bound:
        reply_form = ReplyForm(initial={"subject": chosen.subject, "body": chosen.body})
        case_forms["reply"] = reply_form
        preview = services.reply_render(
            case=case, author=request.user, subject=chosen.subject, body=chosen.body
        )
    now = timezone.now()
    context = {
        "case": case,
        "forms": case_forms,
        "timeline": _timeline(case, names),
        "panel": _customer_panel(request, case),
        "pick": pick,
        "answers": [
            {"id": answer.pk, "subject": answer.subject, "body": answer.body}
            for answer in answers
        ],
        "reply_language": language,
        "reply_to": (
            customer_selectors.customer_email(customer=case.customer)
            if case.customer is not None and case.customer.erased_at is None
            else ""
        ),
        "preview": preview,
        "can_work": request.membership.role in WORKERS,
        "now": now,
        "soon": now + selectors.BREACHING_SOON,
        "touchpoint_names": journey_selectors.touchpoint_names(
            workspace=request.workspace
        ),
        "merged_into": case.merged_into,
    }
    if request.htmx and request.POST.get("preview"):  # type: ignore[attr-defined]
        return render(request, "web/cases/_reply_preview.html", context)
    return render(request, "web/cases/case_detail.html", context, status=status)


def _refused(
    request: TenantRequest, case: Case, action: str, form: forms.Form
) -> HttpResponse:
    return render_case(request, case, bound={action: form}, status=400)


def _error_on(form: forms.Form, error: DomainError, default: str) -> None:
    form.add_error(
        error.field if error.field in form.fields else default, error.message
    )


def case_act(request: TenantRequest, case: Case, action: str) -> HttpResponse:
    members = member_choices(request)
    post = request.POST
    form: forms.Form
    if action == "status":
        statuses = [(value, label) for value, label in Case.Status.choices]
        form = StatusForm(post, statuses=statuses)
    elif action == "assign":
        form = AssignForm(post, members=members, teams=_teams(request, case))
    elif action == "priority":
        form = PriorityForm(post)
    elif action == "tags":
        form = TagsForm(post)
    elif action == "note":
        form = NoteForm(post)
    elif action == "reply":
        form = ReplyForm(post)
    elif action == "merge":
        form = MergeForm(post)
    else:
        raise Http404(_("No such action."))
    if not form.is_valid():
        return _refused(request, case, action, form)
    data = form.cleaned_data
    if action == "reply" and post.get("preview"):
        preview = services.reply_render(
            case=case, author=request.user, subject=data["subject"], body=data["body"]
        )
        return render_case(request, case, bound={"reply": form}, preview=preview)
    try:
        done = _apply(request, case, action, data)
    except DomainError as error:
        _error_on(form, error, next(iter(form.fields)))
        return _refused(request, case, action, form)
    messages.success(request, done)
    anchor = "#timeline-end" if action in ("note", "reply") else ""
    return redirect(f"/app/cases/{case.number}/{anchor}")


def _apply(
    request: TenantRequest, case: Case, action: str, data: dict[str, Any]
) -> str:
    """Make the change; the confirmation to show."""
    actor = request.user
    if action == "status":
        if data["status"] == case.status:
            return _("The status stays %(status)s.") % {
                "status": _label(Case.Status, case.status)
            }
        services.case_status_set(case=case, status=data["status"], actor=actor)
        return _("Status changed.")
    if action == "assign":
        services.case_assign(
            case=case, owner_id=data["owner"], team=data["team"], actor=actor
        )
        return _("Owner changed.")
    if action == "priority":
        services.case_priority_set(case=case, priority=data["priority"], actor=actor)
        return _("Priority changed.")
    if action == "tags":
        services.case_tags_set(case=case, tags=data["tags"], actor=actor)
        return _("Tags saved.")
    if action == "note":
        services.case_note_add(case=case, author=actor, body=data["body"])
        return _("Note added.")
    if action == "reply":
        services.case_reply_send(
            case=case, author=actor, subject=data["subject"], body=data["body"]
        )
        return _("Reply sent to the customer.")
    try:
        into = selectors.case_get_by_number(
            workspace=request.workspace, number=data["into"]
        )
    except NotFound as error:
        raise DomainError(_("No case has this number."), field="into") from error
    services.case_merge(case=case, into=into, actor=actor)
    return _("Merged into case #%(number)d.") % {"number": into.number}
