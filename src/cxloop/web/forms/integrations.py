"""Forms of the shop connections settings tab."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cxloop.integrations.models import Platform


class ShopConnectionForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    shop = forms.CharField(
        label=_("Shop"),
        max_length=255,
        required=False,
        help_text=_("The shop's domain, e.g. my-shop.myshopify.com."),
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=255,
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "Shopify: paste your app's client secret. WooCommerce and Magento: "
            "leave it empty and cxloop makes one for you to enter in the shop."
        ),
    )
