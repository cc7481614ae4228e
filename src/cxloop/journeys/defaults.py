"""The standard e-commerce journey every new workspace starts with.

Touchpoint keys are the ones the survey templates ask at (`site_search`,
`product_page`, `checkout`, `delivery`, `support_contact`) and the order
milestones are recorded at; event types are those the widget, the demo shop
and the shop integrations send. Migration 0004 holds a frozen copy of this
map for workspaces that existed before it.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DefaultTouchpoint:
    key: str
    name: str | Promise
    event_types: list[str] = field(default_factory=list)
    survey_keys: list[str] = field(default_factory=list)
    description: str | Promise = ""


@dataclass(frozen=True)
class DefaultStage:
    key: str
    name: str | Promise
    touchpoints: list[DefaultTouchpoint]


DEFAULT_JOURNEY: list[DefaultStage] = [
    DefaultStage(
        "before_purchase",
        _("Before purchase"),
        [
            DefaultTouchpoint(
                "ad",
                _("Advertising"),
                ["ad_clicked"],
                description=_("Ads and campaigns that bring people to the shop."),
            ),
            DefaultTouchpoint("site_visit", _("Site visit"), ["page_view"]),
            DefaultTouchpoint(
                "site_search", _("Site search"), ["search"], ["search-found"]
            ),
            DefaultTouchpoint(
                "product_page",
                _("Product page"),
                ["product_viewed"],
                ["product-page-content"],
            ),
        ],
    ),
    DefaultStage(
        "purchase",
        _("Purchase"),
        [
            DefaultTouchpoint("cart", _("Cart"), ["cart_added"]),
            DefaultTouchpoint(
                "checkout",
                _("Checkout"),
                [
                    "checkout_started",
                    "checkout_abandoned",
                    "order_placed",
                    "order_cancelled",
                ],
                ["checkout-abandonment"],
            ),
            DefaultTouchpoint("payment", _("Payment"), ["order_paid"]),
        ],
    ),
    DefaultStage(
        "after_purchase",
        _("After purchase"),
        [
            DefaultTouchpoint(
                "delivery",
                _("Delivery"),
                ["order_fulfilled", "order_delivered"],
                ["delivery-csat"],
            ),
            DefaultTouchpoint("returns", _("Returns"), ["order_refunded"]),
            DefaultTouchpoint(
                "support_contact",
                _("Support contact"),
                ["case_opened", "case_closed"],
                ["support-ces"],
            ),
            DefaultTouchpoint("review", _("Review"), ["review_posted"]),
        ],
    ),
]
