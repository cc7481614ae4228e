"""A period of days chosen in a filter form, shared by the dashboard's pages."""

from datetime import date
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


def filters_of(form: forms.Form) -> dict[str, Any]:
    """The filters that passed, even when another one was refused.

    A page shows the refused filter's error on its field and still narrows
    the list by the others, rather than quietly showing everything.
    """
    form.is_valid()
    return dict(getattr(form, "cleaned_data", {}))
