"""The filters of the cases' Recovery page; every field is optional."""

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.cases import recovery
from cxloop.web.forms.period import PeriodForm

GROUP_CHOICES = [
    ("owner", _("Owner")),
    ("team", _("Team")),
    ("touchpoint", _("Touchpoint")),
    ("priority", _("Priority")),
]


class RecoveryFilterForm(PeriodForm):
    """Grouping and period; `today` is the workspace's local date.

    The period's end defaults to today, so a start after today is refused
    on the From field here, as a start after the end is, rather than by
    the measures in words meant for the API.
    """

    group_by = forms.ChoiceField(
        label=_("Group by"), required=False, choices=GROUP_CHOICES
    )
    field_order = ("group_by", "since", "until")

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today

    def clean(self) -> dict[str, object]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if not isinstance(since, date) or "since" in self.errors:
            return data
        end = until if isinstance(until, date) else self.today
        if until is None and since > end:
            self.add_error("since", _("The start must not be after today."))
            data.pop("since", None)
        elif end - since > timedelta(days=recovery.MAX_DAYS):
            self.add_error("since", _("Choose at most three years at once."))
            data.pop("since", None)
        return data
