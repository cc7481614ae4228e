from django import forms
from django.utils.translation import gettext_lazy as _


class CustomerSearchForm(forms.Form):
    """The Customers page's one search box: phone, e-mail, shop id or name."""

    q = forms.CharField(
        label=_("Phone, e-mail, shop id or name"), required=False, max_length=320
    )
    # Visitors known only by a browser id are many and say little: hidden
    # from the list unless asked for.
    anonymous = forms.BooleanField(label=_("Show anonymous visitors"), required=False)


class CustomerEraseForm(forms.Form):
    """The confirmation step before a profile's personal data is erased."""

    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        help_text=_("For the record, e.g. the customer's request by e-mail."),
    )
