"""Showing identity values the way people read them."""

import phonenumbers
from django import template

from cxloop.customers.models import Customer, Identity

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


def _contacts(customer: Customer) -> list[str]:
    """The person's verified e-mails and phones, as people read them."""
    shown = []
    for identity in customer.identities.all():
        if not identity.verified:
            continue
        if identity.kind == Identity.Kind.EMAIL:
            shown.append(identity.value)
        elif identity.kind == Identity.Kind.PHONE:
            shown.append(phone_display(identity.value))
    return shown


@register.filter
def customer_title(customer: Customer) -> str:
    """What a person is called on a page: their name, else how to reach them.

    A customer known from a survey or an order often has an e-mail and no
    name; "Unnamed customer" over a known address tells an agent nothing.
    Empty when there is neither (the template then says so).
    """
    if customer.full_name:
        return customer.full_name
    contacts = _contacts(customer)
    return contacts[0] if contacts else ""


@register.filter
def customer_contacts(customer: Customer) -> list[str]:
    """The contacts to show under the title, without the one it already is."""
    title = customer_title(customer)
    return [contact for contact in _contacts(customer) if contact != title]
