"""The cases' Recovery page: how fast and how well cases are handled.

Everyone in the workspace reads it. The figures come from
`cxloop.cases.recovery`; this view only turns minutes into hours and picks
the period the filters allow.
"""

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from cxloop import stats
from cxloop.accounts.tenancy import TenantRequest
from cxloop.cases import recovery
from cxloop.errors import InvalidInput
from cxloop.web.decorators import workspace_required
from cxloop.web.forms.period import filters_of, form_show
from cxloop.web.forms.recovery import GROUP_CHOICES, RecoveryFilterForm

MINUTES_PER_HOUR = 60


def _hours(value: float | None, per_hour: float = 1) -> float | None:
    return None if value is None else value / per_hour


def _duration(duration: recovery.Duration) -> dict[str, Any]:
    """A duration as the page shows it: business hours first, then wall-clock."""
    business, wall = duration.business_minutes, duration.hours
    return {
        "median": _hours(business.median, MINUTES_PER_HOUR),
        "p90": _hours(business.p90, MINUTES_PER_HOUR),
        "wall_median": wall.median,
        "wall_p90": wall.p90,
        "n": business.n,
        "small": duration.small,
    }


def _row(group: recovery.RecoveryGroup) -> dict[str, Any]:
    return {
        "group": group,
        "first_response": _duration(group.first_response),
        "resolution": _duration(group.resolution),
    }


def _measures(request: TenantRequest, form: RecoveryFilterForm) -> recovery.Recovery:
    filters = filters_of(form)
    group_by = filters.get("group_by") or "owner"
    try:
        return recovery.recovery_measures(
            workspace=request.workspace,
            group_by=group_by,
            since=filters.get("since"),
            until=filters.get("until"),
        )
    except InvalidInput as refused:
        # The form checks the same rules; should one still slip through,
        # it is said on its field and the default period is shown.
        name = refused.field if refused.field in form.fields else "since"
        form.add_error(name, refused.message)
        return recovery.recovery_measures(
            workspace=request.workspace, group_by=group_by
        )


@workspace_required()
def case_recovery(request: TenantRequest) -> HttpResponse:
    form = RecoveryFilterForm(request.GET or None, today=timezone.localdate())
    found = _measures(request, form)
    form_show(
        form,
        {
            "group_by": found.group_by,
            "since": found.since.isoformat(),
            "until": found.until.isoformat(),
        },
    )
    context = {
        "form": form,
        "found": found,
        "overall": _row(found.overall),
        "rows": [_row(group) for group in found.groups],
        "group_name": dict(GROUP_CHOICES)[found.group_by],
        "wilson": _(stats.WILSON_METHOD),
        "t_interval": _(stats.T_METHOD),
        "welch": _(stats.WELCH_TEST),
        "filtered": bool(request.GET),
    }
    return render(request, "web/cases/recovery.html", context)
