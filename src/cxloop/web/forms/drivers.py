"""Filters of the Irritants and Drivers pages; every field is optional."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.textanalysis import selectors

# The touchpoint filter's value for answers given outside any touchpoint.
NO_TOUCHPOINT = "-"


class PeriodForm(forms.Form):
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        for name in ("since", "until"):
            value = data.get(name)
            if isinstance(value, date) and not 1970 <= value.year <= 2999:
                self.add_error(name, _("Choose a date between 1970 and 2999."))
                data.pop(name, None)
        since, until = data.get("since"), data.get("until")
        if isinstance(since, date) and isinstance(until, date) and since > until:
            self.add_error("since", _("The start must not be after the end."))
        return data


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
