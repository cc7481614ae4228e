"""The journeys page's forms: a funnel to draw and a touchpoint to edit."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import LOCALE_CHOICES
from cxloop.journeys import funnels, services
from cxloop.journeys.models import Stage

SPLIT = re.compile(r"[\s,→>]+")


def split_words(value: str) -> list[str]:
    """A list typed as words separated by commas, spaces or arrows."""
    return [word for word in SPLIT.split(value) if word]


PERIOD_CHOICES = [("7", _("7 days")), ("30", _("30 days")), ("90", _("90 days"))]


class FunnelForm(forms.Form):
    steps = forms.CharField(
        label=_("Steps"),
        max_length=800,
        help_text=_("Event types in order, e.g. search, product_viewed, cart_added."),
    )
    per = forms.ChoiceField(
        label=_("Count"),
        choices=[("session", _("Sessions")), ("person", _("People"))],
        initial="session",
    )
    split_by = forms.RegexField(
        label=_("Split by property"),
        regex=funnels.SPLIT_PATTERN,
        required=False,
        help_text=_(
            "E.g. channel or device; customer.segment splits by an attribute "
            "of the customer's profile."
        ),
    )
    days = forms.TypedChoiceField(
        label=_("Period"), choices=PERIOD_CHOICES, coerce=int, initial="30"
    )

    def clean_steps(self) -> list[str]:
        steps = split_words(self.cleaned_data["steps"])
        if not 2 <= len(steps) <= 8:
            raise forms.ValidationError(_("Choose 2 to 8 steps."))
        wrong = [step for step in steps if not services.EVENT_TYPE_PATTERN.match(step)]
        if wrong:
            raise forms.ValidationError(
                _(
                    "“%(step)s” is not an event type: use up to 100 letters, "
                    "digits and _ . : -"
                ),
                params={"step": wrong[0][:100]},
            )
        return steps


class TouchpointForm(forms.Form):
    """A touchpoint's settings. `name` is its name in the workspace's default
    language (required); `name_et`, `name_lv`… the other languages'."""

    name = forms.CharField(label=_("Name"), max_length=200)
    stage = forms.ChoiceField(label=_("Stage"))
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    team = forms.CharField(label=_("Team"), max_length=100, required=False)
    event_types = forms.CharField(
        label=_("Event types"),
        required=False,
        max_length=2000,
        help_text=_("Events that happen here, separated by commas."),
    )
    survey_keys = forms.CharField(
        label=_("Surveys"),
        required=False,
        max_length=2000,
        help_text=_("Keys of the surveys asked here, separated by commas."),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args: Any,
        stages: list[Stage],
        members: list[tuple[str, str]],
        default_language: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default_language = default_language
        labels = dict(LOCALE_CHOICES)
        self.fields["name"].label = _("Name (%(language)s)") % {
            "language": labels.get(default_language, default_language)
        }
        others = {
            f"name_{code}": forms.CharField(
                label=_("Name (%(language)s)") % {"language": label},
                max_length=200,
                required=False,
            )
            for code, label in LOCALE_CHOICES
            if code != default_language
        }
        fields = list(self.fields.items())
        self.fields = {**dict(fields[:1]), **others, **dict(fields[1:])}
        stage_field: Any = self.fields["stage"]
        stage_field.choices = [(stage.key, stage.display_name) for stage in stages]
        owner_field: Any = self.fields["owner"]
        owner_field.choices = [("", _("Nobody yet"))] + members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["names"] = {
            code: data.pop(f"name_{code}", "") or ""
            for code, _label in LOCALE_CHOICES
            if code != self.default_language
        }
        return data

    def clean_event_types(self) -> list[str]:
        return split_words(self.cleaned_data["event_types"])

    def clean_survey_keys(self) -> list[str]:
        return split_words(self.cleaned_data["survey_keys"])
