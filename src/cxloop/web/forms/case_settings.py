"""Forms of Settings → SLA & business hours and Settings → Prepared answers."""

from datetime import date, time
from typing import Any

from django import forms
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import LOCALE_CHOICES
from cxloop.cases.business_hours import COUNTRIES
from cxloop.cases.models import Case
from cxloop.web.forms.accounts import timezone_choices

WEEKDAYS = range(7)
COUNTRY_NAMES = {
    "EE": _("Estonia"),
    "LV": _("Latvia"),
    "LT": _("Lithuania"),
    "FI": _("Finland"),
}
MAX_CLOSED_DAYS = 366
TARGETS = (
    ("first_response", _("First response")),
    ("resolution", _("Resolution")),
)
PLACEHOLDERS = (
    "{first_name}",
    "{last_name}",
    "{name}",
    "{order_number}",
    "{case_number}",
    "{agent_name}",
    "{shop_name}",
)
MAX_HOURS = 8760  # a year: the services' limit is 525,600 minutes


def _clock(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=["%H:%M"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


def weekday_name(day: int) -> str:
    """Monday… in the active language (Django's date names are translated)."""
    return str(WEEKDAY_NAMES[day])


class CalendarForm(forms.Form):
    """The business calendar: a zone, up to two intervals a weekday, holidays.

    An interval closing at 00:00 runs to midnight.
    """

    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)
    holiday_countries = forms.MultipleChoiceField(
        label=_("Closed on the public holidays of"),
        required=False,
        choices=[(code, COUNTRY_NAMES[code]) for code in COUNTRIES],
        widget=forms.CheckboxSelectMultiple,
    )
    closed_days = forms.CharField(
        label=_("Other closed days"),
        required=False,
        max_length=MAX_CLOSED_DAYS * 11,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "2026-12-31"}),
        help_text=_("One date a line, as YYYY-MM-DD: a company day off, a move."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            name = weekday_name(day)
            for part in (1, 2):
                self.fields[f"d{day}_open{part}"] = _clock(
                    _("%(day)s opens") % {"day": name}
                    if part == 1
                    else _("%(day)s opens again") % {"day": name}
                )
                self.fields[f"d{day}_close{part}"] = _clock(
                    _("%(day)s closes") % {"day": name}
                    if part == 1
                    else _("%(day)s closes again") % {"day": name}
                )

    def weekday_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "name": weekday_name(day),
                "fields": [
                    self[f"d{day}_open1"],
                    self[f"d{day}_close1"],
                    self[f"d{day}_open2"],
                    self[f"d{day}_close2"],
                ],
            }
            for day in WEEKDAYS
        ]

    def clean_closed_days(self) -> list[str]:
        days = []
        for line in self.cleaned_data["closed_days"].splitlines():
            text = line.strip()
            if not text:
                continue
            try:
                day = date.fromisoformat(text)
            except ValueError:
                raise forms.ValidationError(
                    _("“%(line)s” is not a date like 2026-12-31.") % {"line": text[:20]}
                ) from None
            if not 2000 <= day.year <= 2100:
                raise forms.ValidationError(_("Choose days between 2000 and 2100."))
            days.append(day.isoformat())
        if len(days) > MAX_CLOSED_DAYS:
            raise forms.ValidationError(_("Up to 366 closed days."))
        return sorted(set(days))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hours: dict[str, list[list[str]]] = {}
        for day in WEEKDAYS:
            intervals: list[list[str]] = []
            previous_end: time | None = None
            for part in (1, 2):
                opens_name, closes_name = f"d{day}_open{part}", f"d{day}_close{part}"
                opens, closes = data.get(opens_name), data.get(closes_name)
                if opens is None and closes is None:
                    continue
                if opens is None or closes is None:
                    missing = opens_name if opens is None else closes_name
                    self.add_error(
                        missing, _("Give both the opening and closing time.")
                    )
                    continue
                midnight = closes == time(0, 0)
                if not midnight and closes <= opens:
                    self.add_error(closes_name, _("Closes after it opens."))
                    continue
                if previous_end is not None and opens < previous_end:
                    self.add_error(
                        opens_name, _("The second interval starts after the first.")
                    )
                    continue
                if previous_end == time(0, 0) and part == 2:
                    self.add_error(opens_name, _("The day is open until midnight."))
                    continue
                intervals.append(
                    [
                        opens.strftime("%H:%M"),
                        "24:00" if midnight else closes.strftime("%H:%M"),
                    ]
                )
                previous_end = closes
            hours[str(day)] = intervals
        data["hours"] = hours
        return data

    def schedule(self) -> dict[str, Any]:
        """The `cases.business_hours` JSON form of what was entered."""
        data = self.cleaned_data
        return {
            "timezone": data["timezone"],
            "hours": data["hours"],
            "holiday_countries": data["holiday_countries"],
            "closed_days": data["closed_days"],
        }

    @classmethod
    def initial_of(cls, schedule: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "timezone": schedule.get("timezone", "UTC"),
            "holiday_countries": schedule.get("holiday_countries", []),
            "closed_days": "\n".join(schedule.get("closed_days", [])),
        }
        for day, intervals in (schedule.get("hours") or {}).items():
            for part, (opens, closes) in enumerate(intervals[:2], start=1):
                initial[f"d{day}_open{part}"] = opens
                initial[f"d{day}_close{part}"] = (
                    "00:00" if closes == "24:00" else closes
                )
        return initial


class SlaPolicyForm(forms.Form):
    """A policy's targets per priority, each in hours and minutes."""

    name = forms.CharField(label=_("Name"), max_length=100)
    business_hours = forms.BooleanField(
        label=_("Count business hours only"),
        required=False,
        initial=True,
        help_text=_("Off: the targets count every hour, nights and holidays too."),
    )
    is_default = forms.BooleanField(
        label=_("Default policy for new cases"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for priority, priority_label in Case.Priority.choices:
            for target, target_label in TARGETS:
                label = f"{priority_label} · {target_label}"
                self.fields[f"{priority}_{target}_hours"] = forms.IntegerField(
                    label=_("%(target)s, hours") % {"target": label},
                    required=False,
                    min_value=0,
                    max_value=MAX_HOURS,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
                self.fields[f"{priority}_{target}_minutes"] = forms.IntegerField(
                    label=_("%(target)s, minutes") % {"target": label},
                    required=False,
                    min_value=0,
                    max_value=59,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )

    def target_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "label": label,
                "targets": [
                    (self[f"{priority}_{t}_hours"], self[f"{priority}_{t}_minutes"])
                    for t, _label in TARGETS
                ],
            }
            for priority, label in reversed(Case.Priority.choices)
        ]

    def targets(self) -> dict[str, dict[str, int | None]]:
        data = self.cleaned_data
        targets: dict[str, dict[str, int | None]] = {}
        for priority in Case.Priority.values:
            targets[priority] = {}
            for target, _label in TARGETS:
                hours = data.get(f"{priority}_{target}_hours")
                minutes = data.get(f"{priority}_{target}_minutes")
                total = (hours or 0) * 60 + (minutes or 0)
                targets[priority][target] = total or None
        return targets

    @classmethod
    def initial_of(cls, targets: dict[str, Any]) -> dict[str, Any]:
        initial = {}
        for priority, values in targets.items():
            for target, minutes in (values or {}).items():
                if isinstance(minutes, int):
                    initial[f"{priority}_{target}_hours"] = minutes // 60
                    initial[f"{priority}_{target}_minutes"] = minutes % 60
        return initial


class ReplyTemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    situation = forms.CharField(
        label=_("Situation"),
        required=False,
        max_length=100,
        help_text=_(
            "Answers of one situation are offered together, e.g. “Late delivery”."
        ),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LOCALE_CHOICES)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
