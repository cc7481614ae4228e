"""Filters of the Irritants and Drivers pages; every field is optional."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.textanalysis import selectors
from cxloop.web.forms.period import PeriodForm

# The touchpoint filter's value for answers given outside any touchpoint.
NO_TOUCHPOINT = "-"


class IrritantFilterForm(PeriodForm):
    touchpoint = forms.ChoiceField(label=_("Touchpoint"), required=False)
    survey = forms.ChoiceField(label=_("Survey"), required=False)
    week = forms.CharField(
        label=_("Emerging in week"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"type": "week"}),
    )
    field_order = ("touchpoint", "survey", "since", "until", "week")

    def __init__(
        self,
        *args: object,
        touchpoints: list[tuple[str, str]],
        surveys: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["touchpoint"].choices = [  # type: ignore[attr-defined]
            ("", _("All touchpoints")),
            *touchpoints,
            (NO_TOUCHPOINT, _("Not tied to a touchpoint")),
        ]
        self.fields["survey"].choices = [("", _("All surveys")), *surveys]  # type: ignore[attr-defined]

    def clean_week(self) -> date | None:
        value = self.cleaned_data.get("week") or ""
        if not value:
            return None
        try:
            return selectors.iso_week_monday(value)
        except ValueError as error:
            raise forms.ValidationError(_("Enter a week such as 2026-W07.")) from error


class DriverFilterForm(PeriodForm):
    target = forms.ChoiceField(
        label=_("Target"),
        required=False,
        choices=[
            ("nps", _("Relationship NPS")),
            ("csat", _("Overall CSAT")),
        ],
    )
    field_order = ("target", "since", "until")
