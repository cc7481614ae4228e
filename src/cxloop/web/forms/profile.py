from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.accounts.models import LOCALE_CHOICES, User
from cxloop.insights.digest import Subscription


def _field_name(subscription: Subscription) -> str:
    return f"digest_{subscription.workspace.pk}_{subscription.kind}"


class ProfileForm(forms.Form):
    """A person's own name, language and digest e-mails."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("Each workspace's default language")), *LOCALE_CHOICES],
        required=False,
        help_text=_("E-mails to you are written in it, and the dashboard opens in it."),
    )

    def __init__(
        self, *args: Any, user: User, subscriptions: list[Subscription], **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "language": user.language,
                **{_field_name(s): s.subscribed for s in subscriptions},
            },
        )
        super().__init__(*args, **kwargs)
        self.subscriptions = subscriptions
        for subscription in subscriptions:
            self.fields[_field_name(subscription)] = forms.BooleanField(
                label=subscription.label, required=False
            )

    def profile_data(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[name]
            for name in ("first_name", "last_name", "language")
        }

    def subscription_fields(self) -> list[tuple[Subscription, forms.BoundField]]:
        """Each digest with its checkbox, for the template."""
        return [(s, self[_field_name(s)]) for s in self.subscriptions]

    def subscription_choices(self) -> list[tuple[Subscription, bool]]:
        return [
            (s, bool(self.cleaned_data[_field_name(s)])) for s in self.subscriptions
        ]
