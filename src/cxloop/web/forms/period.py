"""A period of days chosen in a filter form, shared by the dashboard's pages."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class PeriodForm(forms.Form):
    """From and to dates, both optional, within years the database can store.

    A subclass's own fields come first (`field_order`), the period last.
    A refused period is explained on its field and left out of
    `cleaned_data`; see `filters_of` for reading the rest.
    """

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
            # Said on the From field; neither end applies, the other filters do.
            self.add_error("since", _("The start must not be after the end."))
            data.pop("until", None)
        return data


class BoundedPeriodForm(PeriodForm):
    """A period ending today by default and at most three years long.

    `today` is the workspace's local date. A start after today (with no
    end) or a period too long is refused on the From field here, as a
    start after the end is, rather than by a selector in words meant for
    the API.
    """

    MAX_DAYS = 3 * 366

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
        elif end - since > timedelta(days=self.MAX_DAYS):
            self.add_error("since", _("Choose at most three years at once."))
            data.pop("since", None)
        return data


def filters_of(form: forms.Form) -> dict[str, Any]:
    """The filters that passed, even when another one was refused.

    A page shows the refused filter's error on its field and still narrows
    the list by the others, rather than quietly showing everything.
    """
    form.is_valid()
    return dict(getattr(form, "cleaned_data", {}))


def form_show(form: forms.Form, shown: dict[str, str]) -> None:
    """The filters show what the figures are for (e.g. the default period).

    A field left blank (or never sent) shows the value the page took; a
    refused one keeps what was typed, next to its error.
    """
    if not form.is_bound:
        form.initial = shown
        return
    data = dict(form.data.items())
    for name, value in shown.items():
        if not data.get(name) and name not in form.errors:
            data[name] = value
    form.data = data
