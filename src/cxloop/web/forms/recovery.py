"""The filters of the cases' Recovery page; every field is optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.web.forms.period import BoundedPeriodForm

GROUP_CHOICES = [
    ("owner", _("Owner")),
    ("team", _("Team")),
    ("touchpoint", _("Touchpoint")),
    ("priority", _("Priority")),
]


class RecoveryFilterForm(BoundedPeriodForm):
    """Grouping and period; every field is optional."""

    group_by = forms.ChoiceField(
        label=_("Group by"), required=False, choices=GROUP_CHOICES
    )
    field_order = ("group_by", "since", "until")
