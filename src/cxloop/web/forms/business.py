"""Filters of the CX and business page; every field is optional."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.web.forms.period import PeriodForm


class BusinessFilterForm(PeriodForm):
    window = forms.TypedChoiceField(
        label=_("Days after the answer"),
        required=False,
        coerce=int,
        choices=[(90, _("90 days")), (180, _("180 days"))],
    )
    touchpoint = forms.ChoiceField(label=_("Touchpoint"), required=False)
    survey = forms.ChoiceField(label=_("Survey"), required=False)
    field_order = ("window", "touchpoint", "survey", "since", "until")

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
        ]
        self.fields["survey"].choices = [("", _("All surveys")), *surveys]  # type: ignore[attr-defined]
