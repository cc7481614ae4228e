import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import LOCALE_CHOICES, ApiKey, Membership


def timezone_choices() -> list[tuple[str, str]]:
    names = sorted(
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith("Etc/")
    )
    return [(name, name.replace("_", " ")) for name in [*names, "UTC"]]


class WorkspaceSettingsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    default_locale = forms.ChoiceField(
        label=_("Default language"), choices=LOCALE_CHOICES
    )
    timezone_name = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)
    phone_region = forms.RegexField(
        label=_("Default phone region"),
        regex=r"^[A-Za-z]{2}$",
        max_length=2,
        help_text=_(
            "Two-letter country code used for numbers written without +prefix."
        ),
        error_messages={"invalid": _("Use a two-letter country code, e.g. EE.")},
    )
    allowed_origins = forms.CharField(
        label=_("Websites that may use the public key"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://shop.example"}),
        help_text=_("One per line, e.g. https://shop.example. Empty: any website."),
    )
    minimum_n = forms.IntegerField(
        label=_("Minimum answers per group"),
        required=False,  # left empty: unchanged
        min_value=1,
        max_value=10_000,
        help_text=_(
            "A score from fewer answers is greyed out on every page, with the reason."
        ),
    )

    def clean_allowed_origins(self) -> list[str]:
        raw: str = self.cleaned_data["allowed_origins"]
        return [line.strip() for line in raw.splitlines() if line.strip()]


class MemberInviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.AGENT
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ApiKeyCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("Where the key is used, e.g. “Shopify sync” or “Website widget”."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=ApiKey.Kind.choices,
        initial=ApiKey.Kind.SECRET,
        widget=forms.RadioSelect,
    )
