"""Showing identity values the way people read them."""

import phonenumbers
from django import template

register = template.Library()


@register.filter
def phone_display(value: str) -> str:
    """ "+37251234567" as "+372 5123 4567"; anything unreadable as it is."""
    try:
        number = phonenumbers.parse(value, None)
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
