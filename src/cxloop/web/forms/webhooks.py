"""Forms of the Settings → Webhooks tab."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.delivery import hooks

SINCE_CHOICES = [
    ("1", _("the last hour")),
    ("24", _("the last 24 hours")),
    ("168", _("the last 7 days")),
    ("720", _("the last 30 days")),
]


def _event_type_choices() -> list[tuple[str, str]]:
    return [
        (event.name, event.name)
        for event in hooks.event_type_list()
        if event.name != hooks.TEST_EVENT
    ]


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=2000,
        assume_scheme="https",
        help_text=_("Where cxloop sends the events, e.g. https://erp.example/hooks."),
    )
    description = forms.CharField(
        label=_("Description"), max_length=200, required=False
    )
    event_types = forms.MultipleChoiceField(
        label=_("Event types"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every event type."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = cast(forms.MultipleChoiceField, self.fields["event_types"])
        field.choices = _event_type_choices()


class RedeliverFailedForm(forms.Form):
    since_hours = forms.TypedChoiceField(
        label=_("Failed in"), choices=SINCE_CHOICES, coerce=int, initial="24"
    )
