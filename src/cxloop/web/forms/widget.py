"""Settings → Website widget: the websites that may use the public key."""

from django import forms
from django.utils.translation import gettext_lazy as _


class WidgetOriginsForm(forms.Form):
    allowed_origins = forms.CharField(
        label=_("Websites that may use the public key"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "https://shop.example"}),
        help_text=_("One per line, e.g. https://shop.example. Empty: any website."),
    )

    def clean_allowed_origins(self) -> list[str]:
        raw: str = self.cleaned_data["allowed_origins"]
        return [line.strip() for line in raw.splitlines() if line.strip()]
