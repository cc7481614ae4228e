"""The Overview's filters: period, segment and channel, all in the URL.

A GET form, so a filtered Overview is a link a person can share and the
page works without JavaScript.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.surveys.models import Response
from cxloop.web.forms.period import PeriodForm

CUSTOM = "custom"
DEFAULT_DAYS = 90
PERIOD_CHOICES = [
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 12 months")),
    (CUSTOM, _("From – to (below)")),
]
SEGMENT_CHOICES = [
    ("", _("All customers")),
    ("new", _("New customers")),
    ("returning", _("Returning customers")),
]
# The longest period a page is asked for at once.
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    """Local dates, both included, and whether the person chose them."""

    since: date
    until: date
    custom: bool

    @property
    def days(self) -> int:
        return (self.until - self.since).days + 1


class OverviewFilterForm(PeriodForm):
    """Every field optional; a refused field is explained on it.

    Dates given win over the ready-made periods: a person who types them
    means them, whatever the period menu says. `today` is the workspace's
    local date.
    """

    period = forms.ChoiceField(
        label=_("Period"),
        required=False,
        choices=PERIOD_CHOICES,
        initial=str(DEFAULT_DAYS),
    )
    segment = forms.ChoiceField(
        label=_("Customers"), required=False, choices=SEGMENT_CHOICES
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    field_order = ("period", "since", "until", "segment", "channel")

    def __init__(self, *args: object, today: date, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.today = today
        self.fields["channel"].choices = [  # type: ignore[attr-defined]
            ("", _("All channels")),
            *Response.Channel.choices,
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if not isinstance(since, date) or "since" in self.errors:
            return data
        end = until if isinstance(until, date) else self.today
        if since > end:
            self.add_error("since", _("The start must not be after today."))
            data.pop("since", None)
        elif end - since >= timedelta(days=MAX_DAYS):
            self.add_error("since", _("Choose at most three years at once."))
            data.pop("since", None)
        return data

    def chosen_period(self) -> Period:
        """The period the valid fields describe (the default one otherwise)."""
        data = getattr(self, "cleaned_data", {})
        since, until = data.get("since"), data.get("until")
        if since or until:
            end = until or self.today
            start = since or end - timedelta(days=DEFAULT_DAYS - 1)
            return Period(start, end, custom=True)
        chosen = data.get("period") or ""
        days = int(chosen) if chosen.isdecimal() else DEFAULT_DAYS
        return Period(self.today - timedelta(days=days - 1), self.today, custom=False)
